from django.db import models

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
