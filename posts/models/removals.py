"""Removal from public view and its investigation; members' reports of content (3xx.5)."""

from django.conf import settings
from django.db import models

from ..choices import ReportStatus


class RemovalInvestigation(models.Model):
    """3xx.5: the supervisor who removes content investigates the cause of the entry.

    Open until a resolution is recorded.
    """

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="investigations")
    post = models.OneToOneField("posts.Post", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="investigation")
    # Content socialgov did not publish, removed on a content report (issue 16.6): the report instead of a post.
    report = models.OneToOneField("posts.ContentReport", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="removal_investigation")
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(help_text="Why the content was removed from public view.")
    opened_at = models.DateTimeField(auto_now_add=True)
    cause = models.TextField(blank=True)
    findings = models.TextField(blank=True)
    resolution = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(post__isnull=False) | models.Q(report__isnull=False),
                                   name="investigation_of_a_post_or_a_report"),
        ]

    def __str__(self):
        return f"Investigation of {f'post #{self.post_id}' if self.post_id else f'report #{self.report_id}'}"

    @property
    def subject(self) -> str:
        """What was removed: a post socialgov published, or content found elsewhere (its address)."""
        return f"post #{self.post_id}" if self.post_id else f"the content at {self.report.url}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class ContentReport(models.Model):
    """A member's report of content they believe is unauthorized or inappropriate (3xx.5)."""

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="content_reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="content_reports")
    post = models.ForeignKey(
        "posts.Post", null=True, blank=True, on_delete=models.PROTECT, related_name="content_reports"
    )
    url = models.URLField(max_length=500, blank=True)
    description = models.TextField(help_text="What is wrong with the content.")
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    action_taken = models.TextField(blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Content socialgov did not publish, removed from public view elsewhere (issue 16.6): when and how.
    removed_at = models.DateTimeField(null=True, blank=True)
    removal_how = models.TextField(blank=True)
    removal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(post__isnull=True, url=""), name="report_names_post_or_url"
            )
        ]

    def __str__(self):
        return f"Report #{self.pk}"
