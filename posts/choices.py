from django.db import models


class Platform(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    X = "x", "X (Twitter)"
    INSTAGRAM = "instagram", "Instagram"
    NEXTDOOR = "nextdoor", "Nextdoor"
    YOUTUBE = "youtube", "YouTube"
    TIKTOK = "tiktok", "TikTok"
    LINKEDIN = "linkedin", "LinkedIn"
    WEBSITE = "website", "Department website"
    OTHER = "other", "Other"


class AccountKind(models.TextChoices):
    PUBLIC = "public", "Public"
    COVERT = "covert", "Covert (general policy IV.E)"
