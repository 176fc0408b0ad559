"""Who approves what, the decisions they make and members' requests for posts (3xx.3, 3xx.4.1)."""

import string

from django.conf import settings
from django.db import models

from socialgov import limits

from .choices import Approver, Decision, GuidelineMedia, RequestStatus


class ApprovalRule(models.Model):
    """The chief's approval rule (3xx.3): content of a category, to an account, may be approved by any other
    authorized member. Content no rule covers needs a supervisor. Once the chief writes a Guideline for a
    category, the guideline decides what strictly conforms there and the rules for that category no longer
    apply (approvals.guidelines)."""

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="approval_rules")
    category = models.CharField(max_length=40, blank=True, help_text="Empty: every category.")
    account = models.ForeignKey(
        "posts.SocialAccount",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="approval_rules",
        help_text="Empty: every account.",
    )
    approver = models.CharField(max_length=20, choices=Approver.choices[:2], default=Approver.SUPERVISOR)
    guideline = models.TextField(
        max_length=limits.TEXT, blank=True, help_text="The chief's guideline this rule puts into effect."
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["category", "account"]

    def __str__(self):
        return f"{self.category or 'any category'} on {self.account or 'any account'}: {self.get_approver_display()}"

    def covers(self, category: str, account_id: int) -> bool:
        return (not self.category or self.category == category) and (
            self.account_id is None or self.account_id == account_id
        )


class ApprovalDecisionQuerySet(models.QuerySet):
    def standing(self):
        """Decisions not voided by a later edit."""
        return self.filter(voided_at__isnull=True)


class ApprovalDecision(models.Model):
    """An approver's decision on exactly one revision of a post, bound by its SHA-256 (3xx.3)."""

    post = models.ForeignKey("posts.Post", on_delete=models.PROTECT, related_name="decisions")
    revision = models.ForeignKey("posts.PostRevision", on_delete=models.PROTECT, related_name="decisions")
    sha256 = models.CharField(max_length=64)
    decision = models.CharField(max_length=20, choices=Decision.choices)
    approver_basis = models.CharField(max_length=20, choices=Approver.choices)
    # Why the post strictly conformed, when another authorized member approved it under the chief's guideline
    # (3xx.3): the template and its fields, or the author's attestation. Empty otherwise.
    conformance = models.JSONField(default=dict, blank=True)
    note = models.TextField(max_length=limits.NOTE, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decisions")
    decided_at = models.DateTimeField(auto_now_add=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(max_length=200, blank=True)

    objects = ApprovalDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self):
        return f"{self.get_decision_display()} post #{self.post_id} r{self.revision.number}"


class PostRequest(models.Model):
    """A member without authorization asks for a post through the chain of command (3xx.3).

    It goes to the member's supervisor, who forwards it to the PIOs or declines it;
    a PIO drafts from a forwarded request and the requester is told.
    """

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="post_requests")
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="post_requests")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="post_requests_to_review"
    )
    category = models.CharField(max_length=40)
    summary = models.TextField(max_length=limits.NOTE, help_text="What the member would like posted, and why.")
    status = models.CharField(max_length=20, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(max_length=limits.NOTE, blank=True)
    post = models.OneToOneField("posts.Post", null=True, blank=True, on_delete=models.PROTECT, related_name="request")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Post request #{self.pk}"


class FlagOverride(models.Model):
    """A supervisor clears one screener finding with a written justification (3xx.5): who, when and why,
    kept per finding. The finding stays on its revision; the override is what resolves it."""

    flag = models.OneToOneField("screening.Flag", on_delete=models.CASCADE, related_name="override")
    justification = models.TextField(max_length=limits.NOTE)
    overridden_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="flag_overrides")
    overridden_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-overridden_at", "-id"]

    def __str__(self):
        return f"Override of {self.flag} by {self.overridden_by}"


class Guideline(models.Model):
    """The chief's content guideline for one category (3xx.3: "The Chief of Police may develop specific
    guidelines identifying the type of content that may be posted"). Its text is what authors read in the
    editor; its conditions say what strictly conforms: which accounts, what media, and the templates for
    recurring posts. A conforming post may be approved by any other authorized member (approvals.rules)."""

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="guidelines")
    category = models.CharField(max_length=40)
    text = models.TextField(max_length=limits.TEXT, help_text="The guideline as the chief writes it.")
    accounts = models.ManyToManyField(
        "posts.SocialAccount",
        blank=True,
        related_name="guidelines",
        help_text="The accounts conforming posts go to. None chosen: every account of the department.",
    )
    media = models.CharField(max_length=20, choices=GuidelineMedia.choices, default=GuidelineMedia.NONE)
    approved_media = models.ManyToManyField("posts.MediaAttachment", blank=True, related_name="guidelines")
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category"]
        constraints = [models.UniqueConstraint(fields=["department", "category"], name="one_guideline_per_category")]

    def __str__(self):
        return f"Guideline for {self.category}"

    def category_label(self) -> str:
        return next((c["label"] for c in self.department.categories if c["key"] == self.category), self.category)


class PostTemplate(models.Model):
    """A template in the chief's guideline for a recurring post, such as a traffic or weather alert (3xx.3).
    Its text names its fields in braces ("{road} is closed until {time}."); a post written from it with only
    those fields filled in strictly conforms. A template is never rewritten: the chief retires it and writes
    another, so every post keeps the text it was checked against."""

    guideline = models.ForeignKey(Guideline, on_delete=models.PROTECT, related_name="templates")
    name = models.CharField(max_length=200)
    text = models.TextField(max_length=limits.POST)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    @property
    def field_names(self) -> list[str]:
        return template_fields(self.text)

    def render(self, fields: dict) -> str:
        """The template's text with each field filled in (missing fields: empty)."""
        return "".join(
            literal + (str(fields.get(name, "")) if name is not None else "")
            for literal, name, _spec, _conversion in string.Formatter().parse(self.text)
        )


def template_fields(text: str) -> list[str]:
    """The names of a template's fields, in order, each once. ValueError if a brace is not a plain field name."""
    names = []
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValueError(f"{{{name}}} is not a field name: use letters, digits and underscores, as {{road}}.")
        if name not in names:
            names.append(name)
    return names


class Conformance(models.Model):
    """What a post's author says about its conformance to the chief's guideline (3xx.3): written from a
    template with these fields, or attested by its author to strictly conform. Checked against the post's
    current text when it is decided (approvals.guidelines): a free-text change to the template's text, or an
    edit after the attestation, and it no longer conforms."""

    post = models.OneToOneField("posts.Post", on_delete=models.CASCADE, related_name="conformance")
    template = models.ForeignKey(
        PostTemplate, null=True, blank=True, on_delete=models.PROTECT, related_name="conformances"
    )
    fields = models.JSONField(default=dict, blank=True)
    attested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    attested_at = models.DateTimeField(null=True, blank=True)
    attested_sha256 = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return f"Conformance of post #{self.post_id}"
