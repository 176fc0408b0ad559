"""Social media accounts the department publishes to (3xx.3; general policy IV.A, IV.E)."""

from django.conf import settings
from django.db import models

from ..choices import CHARACTER_LIMITS, CHECKLIST_FIELDS, AccountKind, Channel, Platform


class SocialAccountQuerySet(models.QuerySet):
    def in_department(self, department):
        return self.filter(department=department)

    def public(self):
        return self.filter(kind=AccountKind.PUBLIC)

    def approved(self):
        return self.filter(approved_at__isnull=False)


class SocialAccount(models.Model):
    """A platform account the chief has approved for the department's use (general policy IV.A.2).

    An account can be published to only once its page checklist is complete
    (IV.A.3-10 and §3xx.5.1). Covert accounts (general policy IV.E) are exempt
    from the checklist, have a monitoring supervisor and are seen only by the
    members assigned to them.
    """

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="accounts")
    platform = models.CharField(max_length=20, choices=Platform.choices)
    handle = models.CharField(max_length=100)
    url = models.URLField(blank=True)
    kind = models.CharField(max_length=10, choices=AccountKind.choices, default=AccountKind.PUBLIC)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="accounts_approved"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    # The page checklist (general policy IV.A; public posting §3xx.5.1).
    public_posting_disabled = models.BooleanField(default=False)
    introductory_statement = models.BooleanField(default=False)
    official_website_link = models.BooleanField(default=False)
    contact_information = models.BooleanField(default=False)
    visitor_opinion_disclaimer = models.BooleanField(default=False)
    comment_moderation_notice = models.BooleanField(default=False)
    public_disclosure_notice = models.BooleanField(default=False)

    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.MANUAL)
    webhook_url = models.URLField(blank=True, help_text="Where the webhook channel POSTs signed JSON.")
    webhook_secret = models.CharField(max_length=200, blank=True, help_text="HMAC-SHA256 key for the webhook.")

    # Covert accounts (general policy IV.E): the supervisor assigned to monitor the operation.
    monitoring_supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="accounts_monitored"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SocialAccountQuerySet.as_manager()

    class Meta:
        ordering = ["platform", "handle"]
        permissions = [
            ("post_to_account", "May post to this account (derived from an authorization)"),
            ("see_covert_account", "May see this covert account (derived from an assignment)"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["department", "platform", "handle"], name="unique_account_per_platform")
        ]

    def __str__(self):
        return f"{self.get_platform_display()} {self.handle}"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    @property
    def is_covert(self) -> bool:
        return self.kind == AccountKind.COVERT

    @property
    def checklist(self) -> dict[str, bool]:
        return {field: getattr(self, field) for field in CHECKLIST_FIELDS}

    @property
    def checklist_missing(self) -> list[str]:
        """Checklist items not yet met. A department's pack may mark an item not required (the general
        policy lets the public comment under moderation, IV.A.9, so public posting need not be off)."""
        if self.is_covert:  # general policy IV.E.1: covert sites are exempt
            return []
        optional = {
            item["key"] for item in self.department.policy.get("page_requirements", []) if item.get("required") is False
        }
        return [field for field, done in self.checklist.items() if not done and field not in optional]

    @property
    def publishable(self) -> bool:
        return self.is_approved and not self.checklist_missing

    @property
    def character_limit(self) -> int:
        return CHARACTER_LIMITS[self.platform]
