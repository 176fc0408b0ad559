"""Who approves what, the decisions they make and members' requests for posts (3xx.3, 3xx.4.1)."""

from django.conf import settings
from django.db import models

from socialgov import limits

from .choices import Approver, Decision, RequestStatus


class ApprovalRule(models.Model):
    """The chief's guideline (3xx.3): content of a category, to an account, that strictly conforms
    to the guidelines may be approved by any other authorized member. Content no rule covers
    needs a supervisor."""

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="approval_rules")
    category = models.CharField(max_length=40, blank=True, help_text="Empty: every category.")
    account = models.ForeignKey(
        "posts.SocialAccount", null=True, blank=True, on_delete=models.CASCADE, related_name="approval_rules",
        help_text="Empty: every account.",
    )
    approver = models.CharField(max_length=20, choices=Approver.choices[:2], default=Approver.SUPERVISOR)
    guideline = models.TextField(max_length=limits.TEXT, blank=True,
                                 help_text="The chief's guideline this rule puts into effect.")
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
    post = models.OneToOneField(
        "posts.Post", null=True, blank=True, on_delete=models.PROTECT, related_name="request"
    )
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
