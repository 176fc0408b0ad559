"""The annual review of the department's use of social media (3xx.6) and the engagement figures
imported for it from the platforms' analytics exports."""

from django.conf import settings
from django.db import models

from socialgov import limits

from ..choices import EngagementPlatform, ReviewStatus
from ..querysets import AnnualReviewQuerySet, EngagementQuerySet


class AnnualReview(models.Model):
    """3xx.6: the chief appoints a supervisor to review, at least annually, the department's use of
    social media and report on the resources used, the effectiveness of the content, any unauthorized
    or inappropriate content and the resolution of any issues.

    While the reviewer drafts it the report is compiled afresh from the records; on submission its
    figures are frozen in `figures` (with their SHA-256), so later changes to the data never alter
    what the chief received.
    """

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="annual_reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="annual_reviews")
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    appointed_at = models.DateTimeField(auto_now_add=True)
    period_start = models.DateField()
    period_end = models.DateField(help_text="The last day the review covers.")
    due_on = models.DateField(help_text="The day the report is due to the chief.")
    status = models.CharField(max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT, db_index=True)
    findings = models.TextField(max_length=limits.TEXT, blank=True)
    recommendations = models.TextField(max_length=limits.TEXT, blank=True)
    figures = models.JSONField(null=True, blank=True, help_text="The compiled report, frozen at submission.")
    figures_sha256 = models.CharField(max_length=64, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The chief who last acknowledged or returned the report.",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    chief_note = models.TextField(
        max_length=limits.NOTE, blank=True, help_text="The chief's note on acknowledging or returning it."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = AnnualReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="review_period_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"Annual review {self.period_start:%b %-d, %Y} – {self.period_end:%b %-d, %Y}"

    @property
    def is_editable(self) -> bool:
        return self.status in ReviewStatus.editable()

    @property
    def is_frozen(self) -> bool:
        return self.status in ReviewStatus.frozen()


class EngagementImport(models.Model):
    """One platform analytics export (CSV) read into per-post engagement (3xx.6: the effectiveness of
    the content). Kept with the file's SHA-256, who imported it and what was skipped."""

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="engagement_imports")
    review = models.ForeignKey(
        AnnualReview, null=True, blank=True, on_delete=models.PROTECT, related_name="engagement_imports"
    )
    platform = models.CharField(max_length=20, choices=EngagementPlatform.choices)
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(help_text="Data rows in the file.")
    matched = models.PositiveIntegerField(help_text="Rows matched to a publication and imported.")
    skipped = models.JSONField(default=list, blank=True, help_text="Rows not imported, with the reason.")
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self):
        return f"{self.get_platform_display()} engagement import #{self.pk}"


class Engagement(models.Model):
    """A post's engagement on one account as a platform export gave it. The latest import of a
    publication is the one the report counts (exports are cumulative)."""

    source = models.ForeignKey(EngagementImport, on_delete=models.CASCADE, related_name="engagements")
    publication = models.ForeignKey("posts.Publication", on_delete=models.PROTECT, related_name="engagements")
    post = models.ForeignKey("posts.Post", on_delete=models.PROTECT, related_name="engagements")
    impressions = models.PositiveBigIntegerField()
    reactions = models.PositiveBigIntegerField()
    shares = models.PositiveBigIntegerField()
    comments = models.PositiveBigIntegerField()
    clicks = models.PositiveBigIntegerField(null=True, blank=True, help_text="Empty when the export has no clicks.")

    objects = EngagementQuerySet.as_manager()

    class Meta:
        ordering = ["source", "publication"]
        constraints = [
            models.UniqueConstraint(fields=["source", "publication"], name="one_engagement_per_publication_per_import")
        ]

    def __str__(self):
        return f"Engagement of post #{self.post_id} ({self.source})"
