"""Removal from public view and its investigation; members' reports of content (3xx.5)."""

from django.conf import settings
from django.db import models

from socialgov import limits

from ..choices import ReportSource, ReportStatus


class RemovalInvestigation(models.Model):
    """3xx.5: the supervisor who removes content investigates the cause of the entry.

    Open until a resolution is recorded.
    """

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="investigations")
    # The removed post, or, for content capture found on an account that socialgov never published (3xx.5(g)),
    # the report capture opened and the text that was removed.
    post = models.OneToOneField(
        "posts.Post", null=True, blank=True, on_delete=models.PROTECT, related_name="investigation"
    )
    report = models.OneToOneField(
        "posts.ContentReport", null=True, blank=True, on_delete=models.PROTECT, related_name="investigation"
    )
    removed_text = models.TextField(
        max_length=limits.POST, blank=True, help_text="The removed content's text, when it was no post of ours."
    )
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(max_length=limits.NOTE, help_text="Why the content was removed from public view.")
    opened_at = models.DateTimeField(auto_now_add=True)
    cause = models.TextField(max_length=limits.TEXT, blank=True)
    findings = models.TextField(max_length=limits.TEXT, blank=True)
    resolution = models.TextField(max_length=limits.TEXT, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(post__isnull=False) | models.Q(report__isnull=False),
                name="investigation_of_post_or_report",
            )
        ]

    def __str__(self):
        return f"Investigation of {self.subject}"

    @property
    def subject(self) -> str:
        return f"post #{self.post_id}" if self.post_id else f"content reported by capture (report #{self.report_id})"

    @property
    def text(self) -> str:
        return self.post.current_revision.body if self.post_id else self.removed_text

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class ContentReport(models.Model):
    """A member's report of content they believe is unauthorized or inappropriate (3xx.5)."""

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="content_reports")
    # Empty for a report capture opened (found_by = capture): no member reported it.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="content_reports"
    )
    found_by = models.CharField(max_length=10, choices=ReportSource.choices, default=ReportSource.MEMBER)
    captured_uri = models.CharField(
        max_length=300, blank=True, help_text="The platform's id of the captured post the report is about."
    )
    post = models.ForeignKey(
        "posts.Post", null=True, blank=True, on_delete=models.PROTECT, related_name="content_reports"
    )
    url = models.URLField(max_length=500, blank=True)
    description = models.TextField(max_length=limits.TEXT, help_text="What is wrong with the content.")
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    action_taken = models.TextField(max_length=limits.TEXT, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Content socialgov did not publish, removed from public view elsewhere (issue 16.6): when and how.
    removed_at = models.DateTimeField(null=True, blank=True)
    removal_how = models.TextField(max_length=limits.NOTE, blank=True)
    removal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(post__isnull=True, url=""), name="report_names_post_or_url")
        ]

    def __str__(self):
        return f"Report #{self.pk}"
