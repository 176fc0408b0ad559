from django.db import models


class TrainingTopic(models.TextChoices):
    """Training topics of 3xx.8: members who use social media on the department's behalf are trained on these."""

    LEGAL = "legal", "Legal issues"
    PRIVACY = "privacy", "Privacy"
    CIVIL_RIGHTS = "civil_rights", "Civil rights"
    DISSEMINATION = "dissemination", "Dissemination"
    RETENTION = "retention", "Retention"
