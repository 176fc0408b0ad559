from django.db import models

from .choices import ReviewStatus


class AnnualReviewQuerySet(models.QuerySet):
    def in_preparation(self):
        """Reviews still with the reviewer: the ones whose due date reminders count down to (3xx.6)."""
        return self.filter(status__in=ReviewStatus.editable())

    def for_lists(self):
        return self.select_related("reviewer", "appointed_by", "decided_by")


class EngagementQuerySet(models.QuerySet):
    def latest_per_publication(self):
        """For each publication, the row of its most recent import (exports are cumulative totals)."""
        newer = self.model.objects.filter(
            publication_id=models.OuterRef("publication_id"), source_id__gt=models.OuterRef("source_id")
        )
        return self.filter(~models.Exists(newer))
