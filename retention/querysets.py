from django.db import models
from django.utils import timezone

from .choices import BatchStatus, RequestStatus


class RecordSeriesQuerySet(models.QuerySet):
    def in_department(self, department):
        return self.filter(department=department)

    def with_schedule(self):
        return self.select_related("schedule", "department").order_by("id")


class LegalHoldQuerySet(models.QuerySet):
    def in_department(self, department):
        return self.filter(department=department)

    def active(self):
        """Holds that freeze records now: placed and not yet released."""
        return self.filter(released_at__isnull=True)

    def with_scope(self):
        return self.prefetch_related("accounts", "posts")


class DispositionBatchQuerySet(models.QuerySet):
    def in_department(self, department):
        return self.filter(department=department)

    def open(self):
        return self.filter(status__in=BatchStatus.open())

    def awaiting_custodian(self):
        return self.filter(status=BatchStatus.PROPOSED)

    def stalled(self, *, before):
        """Batches a worker started executing and has not touched since `before` (it died)."""
        return self.filter(status=BatchStatus.EXECUTING, heartbeat_at__lt=before)


class TombstoneQuerySet(models.QuerySet):
    def in_department(self, department):
        return self.filter(series__department=department)


class RecordsRequestQuerySet(models.QuerySet):
    def in_department(self, department):
        return self.filter(department=department)

    def open(self):
        return self.filter(status=RequestStatus.OPEN)

    def overdue(self, on=None):
        """Open requests whose response is past due (California Public Records Act: 10 days, extendable)."""
        return self.open().filter(due_on__lt=on or timezone.localdate())
