from django.db import models


class Code(models.TextChoices):
    """The eight kinds of prohibited content (DESIGN.md "Screening"; 3xx.5(a)-(f), general policy IV.B, V.A)."""

    ABUSIVE = "abusive", "Abusive, discriminatory, inflammatory or sexually explicit"
    PRIVACY = "privacy", "Privacy"
    INVESTIGATION = "investigation", "Compromises an investigation"
    SAFETY = "safety", "Compromises safety"
    PREJUDICIAL = "prejudicial", "Prejudicial"
    POLITICAL = "political", "Political"
    COMMERCIAL = "commercial", "Commercial"
    PERSONAL = "personal", "Personal"


class Severity(models.TextChoices):
    """A block finding stops approval until a supervisor overrides it (3xx.5); a warning informs."""

    BLOCK = "block", "Block"
    WARN = "warn", "Warn"
