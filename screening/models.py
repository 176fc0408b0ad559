"""The prohibited-content screener's records: the chief's rule settings, investigators' hold terms,
the findings on each post revision and members' reports of false positives (3xx.5; general
policy IV.B, V.A; DESIGN.md "Screening")."""

import uuid

from django.conf import settings
from django.db import models

from socialgov import limits

from .choices import Code, DraftReport, FindingSource, LabelStatus, Severity
from .querysets import CaseHoldQuerySet, FlagQuerySet


class RuleSetting(models.Model):
    """The chief's setting for one screening rule of the department (3xx.5): on or off, block or warn,
    and the department's own additions to its word list.

    The rule's name and citation come from the department's policy pack; a department with no row
    for a code screens with the pack's defaults (on, block, no extra terms).
    """

    department = models.ForeignKey("people.Department", on_delete=models.CASCADE, related_name="screening_rules")
    code = models.CharField(max_length=20, choices=Code.choices)
    enabled = models.BooleanField(default=True)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.BLOCK)
    terms = models.JSONField(
        default=list, blank=True, help_text="Words and phrases the department adds: each one is a finding of this rule."
    )
    exceptions = models.JSONField(
        default=list,
        blank=True,
        help_text="Words and phrases that are never a finding of this rule (the chief's answer to false positives).",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["department", "code"]
        constraints = [models.UniqueConstraint(fields=["department", "code"], name="one_rule_setting_per_code")]

    def __str__(self):
        return f"{self.department}: {self.code}"


class RuleBook(models.Model):
    """The department's screening configuration as a whole: every change to a rule setting or a hold
    gives it a new token, so each process knows its compiled matchers are stale (the typing path
    screens against a cached compilation)."""

    department = models.OneToOneField("people.Department", on_delete=models.CASCADE, related_name="screening_rulebook")
    version = models.PositiveIntegerField(default=0)
    token = models.UUIDField(default=uuid.uuid4)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.department} screening v{self.version}"


class CaseHold(models.Model):
    """Terms an investigator holds back while a case is open (3xx.5(c), general policy IV.B.3): the case
    number, unreleased names, evidence details. A draft that mentions one is blocked until the hold
    is released."""

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="case_holds")
    case_number = models.CharField(max_length=60)
    terms = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_holds")
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    release_note = models.TextField(max_length=limits.NOTE, blank=True)

    objects = CaseHoldQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["department", "released_at"])]

    def __str__(self):
        return f"Hold on case {self.case_number}"

    @property
    def is_active(self) -> bool:
        return self.released_at is None


class Flag(models.Model):
    """One finding of the screener on one revision of a post (3xx.5): the rule, the department's citation,
    the severity and the span of text it found.

    Findings belong to the revision they were made on: a later revision is screened afresh, so
    a finding whose text is gone does not carry over. A screening of the same revision that no
    longer makes a finding (a hold released, a rule switched off) withdraws it.
    """

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="flags")
    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="flags")
    revision = models.ForeignKey("posts.PostRevision", on_delete=models.CASCADE, related_name="flags")
    code = models.CharField(max_length=20, choices=Code.choices)
    detector = models.CharField(max_length=60, help_text='What found it, e.g. "privacy.date_of_birth".')
    source = models.CharField(
        max_length=20,
        choices=FindingSource.choices,
        default=FindingSource.PATTERN,
        help_text="A pattern, a word list, a hold term or the learned layer: how a supervisor weighs it (issue 13).",
    )
    evidence = models.JSONField(
        default=list, blank=True, help_text="The words in the text that drove a learned finding, most weight first."
    )
    rule = models.CharField(max_length=300)
    citation = models.CharField(max_length=60)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    excerpt = models.CharField(max_length=500)
    message = models.CharField(max_length=500)
    hold = models.ForeignKey(CaseHold, null=True, blank=True, on_delete=models.PROTECT, related_name="flags")
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=200, blank=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        ordering = ["revision", "start", "end", "id"]
        indexes = [models.Index(fields=["revision", "withdrawn_at"])]
        constraints = [models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="flag_span")]

    def __str__(self):
        return f"{self.code} finding on post #{self.post_id} r{self.revision_id}"

    @property
    def identity(self) -> tuple:
        """What makes two screenings' findings the same finding."""
        return (self.code, self.detector, self.start, self.end, self.severity, self.excerpt)

    @property
    def override_or_none(self):
        try:
            return self.override
        except models.ObjectDoesNotExist:
            return None


class FalsePositiveReport(models.Model):
    """A member's report that a finding was wrong, for the chief to tune the rules (3xx.5)."""

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="false_positive_reports")
    flag = models.ForeignKey(Flag, on_delete=models.CASCADE, related_name="false_positive_reports")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(max_length=limits.NOTE, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["flag", "reported_by"], name="one_false_positive_report_per_member")
        ]

    def __str__(self):
        return f"False positive report #{self.pk} on {self.flag}"


class LabelledDraft(models.Model):
    """A draft labelled by a supervisor's report for the department's screening corpus (issue 13.3): a
    "false positive" (a finding that was wrong) or a "missed" report (a code the screener did not find).
    The chief accepts it into the department's corpus, with the codes it should carry, or rejects it."""

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="labelled_drafts")
    post = models.ForeignKey("posts.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    flag = models.ForeignKey(Flag, null=True, blank=True, on_delete=models.SET_NULL, related_name="labelled_drafts")
    kind = models.CharField(max_length=20, choices=DraftReport.choices)
    code = models.CharField(max_length=20, choices=Code.choices, help_text="The code reported wrong or missed.")
    text = models.TextField(max_length=limits.POST)
    expect = models.JSONField(default=list, help_text="The codes the draft should carry; [] for a clean draft.")
    note = models.TextField(max_length=limits.NOTE, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=LabelStatus.choices, default=LabelStatus.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["department", "status"])]

    def __str__(self):
        return f"{self.get_kind_display()} report #{self.pk} ({self.code})"

    def as_corpus_line(self) -> dict:
        """The draft as a line of the corpus (screening/corpus/*.jsonl)."""
        return {
            "id": f"dept-{self.department_id}-{self.pk}",
            "department": self.department.name,
            "text": self.text,
            "expect": list(self.expect),
            "why": self.note,
        }
