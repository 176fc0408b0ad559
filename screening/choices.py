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


class FindingSource(models.TextChoices):
    """Where a finding came from (issue 13.2): a supervisor weighs a learned judgement differently."""

    PATTERN = "pattern", "Pattern"
    WORD_LIST = "word list", "Word list"
    HOLD_TERM = "hold term", "Hold term"
    LEARNED = "learned", "Learned"


class DraftReport(models.TextChoices):
    """A supervisor's report on the screener's work (issue 13.3)."""

    FALSE_POSITIVE = "false_positive", "False positive"
    MISSED = "missed", "Missed"


class LabelStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "Accepted into the department's corpus"
    REJECTED = "rejected", "Rejected"
