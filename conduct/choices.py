"""Named states and kinds of the conduct records (general policy IV.B.3, IV.B.5, IV.D, V.A, V.B)."""

from django.db import models


class PermissionKind(models.TextChoices):
    """One kind for each clause that requires a member to ask first; the clause is the pack's [conduct] entry."""

    POLICE_RESPONSE = "police_response", "Posting information about a police response"
    EMPLOYMENT_INFORMATION = "employment_information", "Sharing information obtained through employment"
    REPRESENTING_DEPARTMENT = (
        "representing_department",
        "A statement, appearance or endorsement that could represent the department",
    )
    TRAINING_PHOTOS = "training_photos", "Training or activity photos or videos"
    PERSONAL_DEVICE = "personal_device", "Using a personally owned device for department posting"
    ABOUT_MEMBER = "about_member", "Posting information about another member"


class PermissionStatus(models.TextChoices):
    AWAITING_CONSENT = "awaiting_consent", "Waiting for the member's consent"
    SUBMITTED = "submitted", "Waiting for the chief's decision"
    GRANTED = "granted", "Granted"
    DECLINED = "declined", "Declined"
    REFUSED = "refused", "Refused by the member"
    REVOKED = "revoked", "Consent revoked"
    EXPIRED = "expired", "Expired"

    @classmethod
    def open(cls):
        return [cls.AWAITING_CONSENT, cls.SUBMITTED]


class ReviewKind(models.TextChoices):
    RANDOM = "random", "Random selection"
    FOR_CAUSE = "for_cause", "For cause"


class ReviewStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class ReviewOutcome(models.TextChoices):
    NO_CONCERN = "no_concern", "No concern"
    COUNSELLING = "counselling", "Counselling"
    INTERNAL_AFFAIRS = "internal_affairs", "Referred to internal affairs"


class ReportStatus(models.TextChoices):
    OPEN = "open", "Open"
    REVIEW_OPENED = "review_opened", "Review opened"
    CLOSED = "closed", "Closed"


class Validation(models.TextChoices):
    VALIDATED = "validated", "Validated"
    UNVERIFIED = "unverified", "Unverified"
    DISPROVED = "disproved", "Disproved"
