"""Social media accounts the department publishes to (3xx.3; general policy IV.A, IV.E)."""

from django.conf import settings
from django.db import models

from .choices import AccountKind, Platform


class SocialAccountQuerySet(models.QuerySet):
    def in_department(self, department):
        return self.filter(department=department)

    def public(self):
        return self.filter(kind=AccountKind.PUBLIC)


class SocialAccount(models.Model):
    """A platform account the chief has approved for the department's use (general policy IV.A).

    Covert accounts (general policy IV.E) are seen only by the members assigned to them.
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SocialAccountQuerySet.as_manager()

    class Meta:
        ordering = ["platform", "handle"]
        permissions = [("post_to_account", "May post to this account (derived from an authorization)")]
        constraints = [
            models.UniqueConstraint(fields=["department", "platform", "handle"], name="unique_account_per_platform")
        ]

    def __str__(self):
        return f"{self.get_platform_display()} {self.handle}"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None
