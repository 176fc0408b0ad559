from django.db import models


class TrainingTopic(models.TextChoices):
    """Training topics of 3xx.8: members who use social media on the department's behalf are trained on these."""

    LEGAL = "legal", "Legal issues"
    PRIVACY = "privacy", "Privacy"
    CIVIL_RIGHTS = "civil_rights", "Civil rights"
    DISSEMINATION = "dissemination", "Dissemination"
    RETENTION = "retention", "Retention"


class DesigneeScope(models.TextChoices):
    """What the chief's designee may decide in the chief's stead (§3xx.3: "the Chief of Police or the authorized
    designee"; issue 16.2)."""

    AUTHORIZATIONS = "authorizations", "Granting authorizations"
    ACCOUNTS = "accounts", "Approving accounts"
    COVERT_OPERATIONS = "covert_operations", "Approving covert operations"
    PERMISSION_REQUESTS = "permission_requests", "Deciding permission requests"
    REVIEWS = "reviews", "Acting on annual reviews"
