from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from .choices import PostStatus


class PostQuerySet(models.QuerySet):
    def in_department(self, department):
        return self.filter(department=department)

    def drafts_of(self, member):
        """'My drafts': posts the member wrote that are still being worked on."""
        return self.filter(author=member, status__in=[PostStatus.DRAFT, PostStatus.CHANGES_REQUESTED])

    def awaiting_approval(self):
        """Oldest first, as the approval queue shows them."""
        return self.filter(status=PostStatus.PENDING).order_by("submitted_at", "id")

    def for_lists(self):
        """Everything a list page shows, in a fixed number of queries."""
        return self.select_related("author", "current_revision", "incident", "incident__commander").prefetch_related(
            "accounts", "current_revision__media"
        )

    def with_finding_counts(self):
        """Each post's standing screener findings on its current text (`finding_count`) and how many of them
        block its approval (`blocking_count`, 3xx.5): two subqueries of the page's own query, so a list that
        shows them costs no extra query however long it is."""
        from screening.models import Flag

        def count(flags):
            counted = (flags.filter(revision_id=OuterRef("current_revision_id")).order_by().values("revision_id")
                       .annotate(n=Count("pk")).values("n"))
            return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)

        return self.annotate(finding_count=count(Flag.objects.standing()),
                             blocking_count=count(Flag.objects.blocking()))
