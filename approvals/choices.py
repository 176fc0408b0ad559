from django.db import models


class Approver(models.TextChoices):
    """Who must approve a post (3xx.3, 3xx.4.1)."""

    ANY_AUTHORIZED = "any_authorized", "Any other authorized member"
    SUPERVISOR = "supervisor", "A supervisor"
    COMMANDER = "commander", "The Incident Commander"


class Decision(models.TextChoices):
    APPROVE = "approve", "Approved"
    REQUEST_CHANGES = "request_changes", "Changes requested"
    REJECT = "reject", "Rejected"


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", "With the supervisor"
    FORWARDED = "forwarded", "Forwarded to the PIOs"
    DECLINED = "declined", "Declined"
    DRAFTED = "drafted", "Drafted"


class GuidelineMedia(models.TextChoices):
    """What media a post that strictly conforms to the chief's guideline may carry (3xx.3)."""

    NONE = "none", "No media"
    APPROVED = "approved", "Only media the chief approved in the guideline"


class ConformanceBasis(models.TextChoices):
    """Why a post strictly conforms to the chief's guideline (3xx.3), as the decision record keeps it."""

    TEMPLATE = "template", "Written from the guideline's template, only its fields filled in"
    ATTESTED = "attested", "Its author attests that it strictly conforms"
