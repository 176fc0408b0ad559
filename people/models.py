"""Departments, members, roles, training and posting authorizations (3xx.3, 3xx.8)."""

from datetime import date

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.functional import cached_property

from socialgov import limits

from .choices import TrainingTopic
from .querysets import AuthorizationQuerySet, TrainingRecordQuerySet, today
from .roles import GROUP_FOR_ROLE, ROLE_FOR_GROUP, Role


class Department(models.Model):
    """A police department, created and kept up to date from its policy pack (DESIGN.md "Policy packs").

    Every governed record belongs to one department; a member sees only their own.
    """

    slug = models.SlugField(unique=True, help_text="The policy pack the department was loaded from.")
    name = models.CharField(max_length=200)
    policy_number = models.CharField(max_length=20, help_text='The social media policy\'s number, e.g. "322".')
    policy_title = models.CharField(max_length=200, default="Department Use of Social Media")
    retention_commander_title = models.CharField(
        max_length=200, help_text="The commander who owns retention of records (3xx.7)."
    )
    legal_minimum_retention_months = models.PositiveIntegerField(
        default=0, help_text="Nothing may be scheduled for destruction sooner (California: 24, Gov. Code §34090)."
    )
    approval_limit_hours = models.PositiveSmallIntegerField(
        default=24,
        help_text="A post waiting longer than this for approval reminds its approvers, and after twice as long "
        "their supervisors (3xx.3).",
    )
    # The pack's content, kept as loaded: categories, prohibited content,
    # training topics, page requirements, retention defaults and section citations.
    policy = models.JSONField(default=dict)
    public_phone_numbers = models.JSONField(default=list, blank=True)
    public_emails = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def cite(self, key: str) -> str:
        """The department's own citation for a policy provision, e.g. cite("prohibited.privacy") -> "§322.5(b)"."""
        return self.policy.get("citations", {}).get(key, "")

    @property
    def categories(self) -> list[dict]:
        return self.policy.get("categories", [])

    @property
    def training_topics(self) -> list[str]:
        return [topic["key"] for topic in self.policy.get("training_topics", [])] or list(TrainingTopic.values)


class MemberManager(UserManager):
    def in_department(self, department):
        return self.get_queryset().filter(department=department)

    def holding(self, department_id: int, role: str):
        """The department's active members who hold `role` (who a reminder or a workflow notice goes to)."""
        return (
            self.get_queryset()
            .filter(department_id=department_id, is_active=True, groups__name=GROUP_FOR_ROLE[role])
            .distinct()
        )


class Member(AbstractUser):
    """A sworn or professional member of a department; the user model (3xx.3: only authorized members post)."""

    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        help_text="Empty only for system administrators who serve no one department.",
    )
    badge_number = models.CharField(max_length=20, blank=True)
    rank = models.CharField(max_length=60, blank=True)
    division = models.CharField(max_length=100, blank=True)
    supervisor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="direct_reports",
        help_text="Chain-of-command supervisor: where this member's post requests go (3xx.3).",
    )

    objects = MemberManager()

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "badge_number"],
                condition=~models.Q(badge_number=""),
                name="unique_badge_number_per_department",
            )
        ]

    def __str__(self):
        return self.display_name

    # What display_name is made of: a list that shows other members' names reads these columns (values()) and
    # passes them to name_from, rather than building a Member per row (issue 18.2).
    NAME_FIELDS = ("rank", "first_name", "last_name", "username")

    @property
    def display_name(self) -> str:
        return self.name_from(self.rank, self.first_name, self.last_name, self.username)

    @staticmethod
    def name_from(rank: str, first_name: str, last_name: str, username: str) -> str:
        full = f"{first_name} {last_name}".strip()  # AbstractUser.get_full_name
        if rank and full:
            return f"{rank} {full}"
        return full or username

    @property
    def roles(self) -> list[str]:
        """Role keys, in the order of Role, from the member's groups (cached per instance)."""
        if not hasattr(self, "_roles"):
            self.hold_groups(group.name for group in self.groups.all())
        return self._roles

    def hold_groups(self, names) -> None:
        """Set the member's roles from the names of their groups, when whoever loaded the member read those too
        (security.tokens reads them with the API token, in the same query)."""
        held = {ROLE_FOR_GROUP[name] for name in names if name in ROLE_FOR_GROUP}
        self._roles = [role.value for role in Role if role.value in held]

    def has_role(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def role_labels(self) -> list[str]:
        return [Role(role).label for role in self.roles]

    @cached_property
    def is_designee(self) -> bool:
        """Named by the chief, today, to decide something in the chief's stead (3xx.3; people.designees)."""
        from .designees import Scope, current  # designees reads these models: imported when asked

        return any(current(self, scope) is not None for scope in Scope.values)

    @property
    def is_chief(self) -> bool:
        return self.has_role(Role.CHIEF)

    def missing_training(self, on: date | None = None) -> list[str]:
        """Required training topics (3xx.8) with no current record on the given day."""
        if self.department is None:
            return list(TrainingTopic.values)
        current = set(self.training_records.current(on).values_list("topic", flat=True))
        return [topic for topic in self.department.training_topics if topic not in current]

    def has_current_training(self, on: date | None = None) -> bool:
        return not self.missing_training(on)


class TrainingRecord(models.Model):
    """A member's completed training on one topic required by 3xx.8."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="training_records")
    topic = models.CharField(max_length=20, choices=TrainingTopic.choices)
    completed_on = models.DateField()
    expires_on = models.DateField(
        null=True, blank=True, help_text="The first day this training no longer counts; empty if it never lapses."
    )
    recorded_by = models.ForeignKey(Member, null=True, on_delete=models.SET_NULL, related_name="training_recorded")
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrainingRecordQuerySet.as_manager()

    class Meta:
        ordering = ["member", "topic", "-completed_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True) | models.Q(expires_on__gt=models.F("completed_on")),
                name="training_expires_after_completion",
            )
        ]

    def __str__(self):
        return f"{self.member}: {self.get_topic_display()} ({self.completed_on})"

    def is_current(self, on: date | None = None) -> bool:
        on = on or today()
        return self.completed_on <= on and (self.expires_on is None or self.expires_on > on)


class Authorization(models.Model):
    """The chief's (or designee's) authorization for a member to post to some accounts (3xx.3).

    The source of truth for who may post: guardian object permissions on the
    accounts are derived from current authorizations and never granted by hand.
    """

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="authorizations")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="authorizations")
    accounts = models.ManyToManyField("posts.SocialAccount", related_name="authorizations")
    granted_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="authorizations_granted")
    starts_on = models.DateField()
    expires_on = models.DateField(help_text="The first day the authorization no longer counts.")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="authorizations_revoked"
    )
    revoke_reason = models.TextField(max_length=limits.NOTE, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AuthorizationQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__gt=models.F("starts_on")), name="authorization_expires_after_start"
            )
        ]

    def __str__(self):
        return f"Authorization #{self.pk} for {self.member}"

    def is_active(self, on: date | None = None) -> bool:
        on = on or today()
        return self.revoked_at is None and self.starts_on <= on < self.expires_on

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        on = today()
        if on < self.starts_on:
            return "scheduled"
        if on >= self.expires_on:
            return "expired"
        return "active"


class DesignationQuerySet(models.QuerySet):
    def current(self, on: date | None = None):
        on = on or today()
        return self.filter(revoked_at__isnull=True, starts_on__lte=on, ends_on__gte=on)


class Designation(models.Model):
    """The chief names a designee (§3xx.3: "the Chief of Police or the authorized designee"; issue 16.2): what
    they may decide in the chief's stead (`scopes`, DesigneeScope values), from when to when (both days
    included), and why."""

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="designations")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="designations")
    scopes = models.JSONField(default=list)
    starts_on = models.DateField()
    ends_on = models.DateField(help_text="The last day the designation counts.")
    reason = models.TextField(max_length=limits.NOTE)
    named_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="designations_named")
    named_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(Member, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    revoke_reason = models.TextField(max_length=limits.NOTE, blank=True)

    objects = DesignationQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="designation_ends_after_it_starts"
            ),
        ]

    def __str__(self):
        return f"{self.member} as the chief's designee ({self.starts_on} to {self.ends_on})"

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        on = today()
        if on < self.starts_on:
            return "scheduled"
        if on > self.ends_on:
            return "ended"
        return "current"
