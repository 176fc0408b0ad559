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
