"""Members' conduct records (issue 15): policy acknowledgments, permission requests, personal-use reviews,
reports of members' postings and background investigations (general policy IV.B.3, IV.B.5, IV.D, V.A, V.B)."""

import hashlib

from django.conf import settings
from django.db import models

from socialgov import limits

from .choices import PermissionKind, PermissionStatus, ReportStatus, ReviewKind, ReviewOutcome, ReviewStatus, Validation

MEMBER = settings.AUTH_USER_MODEL


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class PolicyVersion(models.Model):
    """One version of the department's social media policy text, as its pack gives it. Every active member
    acknowledges the version in force (issue 15.1); a changed text in the pack is a new version and a new round."""

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="policy_versions")
    version = models.PositiveIntegerField()
    text = models.TextField()
    sha256 = models.CharField(max_length=64)
    source = models.CharField(max_length=200, help_text="The pack's source file the text was read from.")
    effective_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["department", "-version"]
        constraints = [models.UniqueConstraint(fields=["department", "version"], name="unique_policy_version")]

    def __str__(self):
        return f"{self.department.name} social media policy, version {self.version}"


class PolicyAcknowledgment(models.Model):
    """A member's signature on one version: the name they typed, when, and the hash of the text they saw
    (the full text, or the summary of changes since the version they last acknowledged)."""

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="acknowledgments")
    member = models.ForeignKey(MEMBER, on_delete=models.PROTECT, related_name="policy_acknowledgments")
    version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="acknowledgments")
    signature = models.CharField(max_length=200)
    shown = models.CharField(max_length=10, choices=[("text", "The full text"), ("changes", "The changes")])
    shown_sha256 = models.CharField(max_length=64, help_text="SHA-256 of exactly what the member was shown.")
    acknowledged_at = models.DateTimeField()

    class Meta:
        ordering = ["-acknowledged_at"]
        constraints = [models.UniqueConstraint(fields=["member", "version"], name="one_acknowledgment_per_version")]

    def __str__(self):
        return f"{self.signature}: version {self.version.version}"


class PermissionRequest(models.Model):
    """A member asks the chief (or designee) for what the policy allows only with permission (V.A.3, V.A.8,
    V.A.9, IV.B.3, IV.B.5), or another member for their consent to post about them (V.A.8.a)."""

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="permission_requests")
    requester = models.ForeignKey(MEMBER, on_delete=models.PROTECT, related_name="permission_requests")
    kind = models.CharField(max_length=40, choices=PermissionKind.choices)
    subject_member = models.ForeignKey(
        MEMBER, null=True, blank=True, on_delete=models.PROTECT, related_name="permission_requests_about"
    )
    description = models.TextField(max_length=limits.NOTE)
    platform = models.CharField(max_length=100, blank=True)
    url = models.URLField(max_length=500, blank=True)
    until = models.DateField(help_text="For how long the member asks.")
    status = models.CharField(max_length=20, choices=PermissionStatus.choices)
    citation = models.CharField(max_length=60)
    conditions = models.TextField(max_length=limits.NOTE, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    reason = models.TextField(max_length=limits.NOTE, blank=True)
    decided_by = models.ForeignKey(MEMBER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Permission request #{self.pk}"


class MemberReport(models.Model):
    """A member's report of a posting or website that violates the policy (V.B.2), confidential to the
    reporter's supervisor (the chief for a member with none on record), who may open a for-cause review."""

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="member_reports")
    reporter = models.ForeignKey(MEMBER, on_delete=models.PROTECT, related_name="member_reports_filed")
    supervisor = models.ForeignKey(MEMBER, on_delete=models.PROTECT, related_name="member_reports_received")
    subject_member = models.ForeignKey(MEMBER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    url = models.URLField(max_length=500)
    description = models.TextField(max_length=limits.NOTE)
    status = models.CharField(max_length=20, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Report #{self.pk}"


class ConductReview(models.Model):
    """A supervisor's review of members' public postings (V.B.1): a random draw with its recorded seed, or
    for cause with its reason. Confidential to the chief, the reviewing supervisor and internal affairs."""

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="conduct_reviews")
    kind = models.CharField(max_length=20, choices=ReviewKind.choices)
    supervisor = models.ForeignKey(MEMBER, on_delete=models.PROTECT, related_name="conduct_reviews_led")
    members = models.ManyToManyField(MEMBER, related_name="conduct_reviews")
    # The draw: the population (member ids, ascending) and the seed reproduce it (conduct.draw).
    seed = models.CharField(max_length=40, blank=True)
    sample_size = models.PositiveIntegerField(null=True, blank=True)
    population = models.JSONField(default=list, blank=True)
    reason = models.TextField(max_length=limits.NOTE, blank=True)
    report = models.ForeignKey(MemberReport, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews")
    status = models.CharField(max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.OPEN)
    outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices, blank=True)
    findings = models.TextField(max_length=limits.TEXT, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self):
        return f"Conduct review #{self.pk}"


class ReviewEntry(models.Model):
    """What a review looked at (a link, captured text), with its hash, and the finding against a clause."""

    review = models.ForeignKey(ConductReview, on_delete=models.PROTECT, related_name="entries")
    member = models.ForeignKey(MEMBER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    url = models.URLField(max_length=500)
    captured_text = models.TextField(max_length=limits.TEXT, blank=True)
    sha256 = models.CharField(max_length=64)
    clause = models.CharField(max_length=40, blank=True)
    finding = models.TextField(max_length=limits.NOTE, blank=True)
    recorded_by = models.ForeignKey(MEMBER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self):
        return self.url


class VettingRound(models.Model):
    """A hiring round's internet vetting checklist (IV.D): the same checks for every candidate, lawful methods
    attested; frozen once a candidate's investigation has started."""

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="vetting_rounds")
    name = models.CharField(max_length=200)
    checklist = models.JSONField(default=list, help_text='The checks, e.g. [{"key": "google", "label": "..."}].')
    attestation = models.TextField(
        max_length=limits.NOTE, help_text="What the investigator attests for each search method."
    )
    created_by = models.ForeignKey(MEMBER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.name

    @property
    def check_keys(self) -> list[str]:
        return [check["key"] for check in self.checklist]


class Candidate(models.Model):
    """A job candidate of a round (IV.D); confidential to the hiring roles."""

    round = models.ForeignKey(VettingRound, on_delete=models.PROTECT, related_name="candidates")
    name = models.CharField(max_length=200)
    started_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class VettingSearch(models.Model):
    """A search done for one check of the checklist, with the investigator's attestation that it was lawful."""

    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="searches")
    check_key = models.CharField(max_length=60)
    method = models.TextField(max_length=limits.NOTE, help_text="What was searched, where and how.")
    lawful_attested = models.BooleanField()
    attestation = models.TextField(
        max_length=limits.NOTE, help_text="The checklist's attestation text, as it was attested."
    )
    performed_by = models.ForeignKey(MEMBER, on_delete=models.PROTECT, related_name="+")
    performed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["performed_at", "pk"]

    def __str__(self):
        return f"{self.check_key}: {self.method[:60]}"


class VettingInformation(models.Model):
    """A piece of internet-based information considered in hiring, with its source and validation (IV.D)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="information")
    search = models.ForeignKey(VettingSearch, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(max_length=limits.NOTE)
    source = models.CharField(max_length=500)
    validation = models.CharField(max_length=20, choices=Validation.choices)
    recorded_by = models.ForeignKey(MEMBER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self):
        return f"{self.get_validation_display()}: {self.summary[:60]}"
