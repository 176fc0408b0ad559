from django.db import models


class ReviewStatus(models.TextChoices):
    """Where an annual review (3xx.6) stands: the reviewer drafts it, the chief acknowledges it or returns it."""

    DRAFT = "draft", "In preparation"
    SUBMITTED = "submitted", "Submitted to the chief"
    RETURNED = "returned", "Returned to the reviewer"
    ACKNOWLEDGED = "acknowledged", "Acknowledged by the chief"

    @classmethod
    def editable(cls):
        """The reviewer writes findings, and engagement is imported, only while the report is with them."""
        return [cls.DRAFT, cls.RETURNED]

    @classmethod
    def frozen(cls):
        """Submitted reports keep the figures compiled at submission (later data changes do not alter them)."""
        return [cls.SUBMITTED, cls.ACKNOWLEDGED]


class EngagementPlatform(models.TextChoices):
    """Platforms whose analytics exports the engagement import can read (reviews.engagement)."""

    FACEBOOK = "facebook", "Facebook"
    X = "x", "X (Twitter)"
    INSTAGRAM = "instagram", "Instagram"
