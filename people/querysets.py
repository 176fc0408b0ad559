from datetime import date, timedelta

from django.db import models
from django.utils import timezone


def today() -> date:
    return timezone.localdate()


class AuthorizationQuerySet(models.QuerySet):
    def current(self, on: date | None = None):
        """Authorizations that count on the given day (3xx.3).

        `expires_on` is the first day an authorization no longer counts; a
        revoked authorization stops counting at once.
        """
        on = on or today()
        return self.filter(starts_on__lte=on, expires_on__gt=on, revoked_at__isnull=True)

    def lapsed(self, on: date | None = None):
        on = on or today()
        return self.filter(models.Q(expires_on__lte=on) | models.Q(revoked_at__isnull=False))

    def for_department(self, department):
        return self.filter(department=department)


class TrainingRecordQuerySet(models.QuerySet):
    def current(self, on: date | None = None):
        """Training that counts on the given day (3xx.8); `expires_on` is the first day it no longer does."""
        on = on or today()
        return self.filter(completed_on__lte=on).filter(models.Q(expires_on__isnull=True) | models.Q(expires_on__gt=on))

    def expiring_within(self, days: int, on: date | None = None):
        on = on or today()
        return self.current(on).filter(expires_on__lte=on + timedelta(days=days))
