"""Legal holds: records kept past their schedule while litigation or a request needs them (3xx.7)."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from socialgov import limits

from ..querysets import (
    LegalHoldQuerySet,
)
from .scopes import Scope


class LegalHold(Scope):
    """A legal hold (e-discovery, an open-records request): every record it matches is frozen,
    including records created after it while it is active, whatever their schedule says
    (3xx.7; general policy IV.A.7)."""

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="legal_holds")
    matter = models.CharField(max_length=200, help_text="The case, claim or request the hold is for.")
    reason = models.TextField(max_length=limits.NOTE)
    requested_by = models.CharField(max_length=200, blank=True, help_text="Who asked for the hold (counsel, a court).")
    accounts = models.ManyToManyField("posts.SocialAccount", blank=True, related_name="legal_holds")
    posts = models.ManyToManyField("posts.Post", blank=True, related_name="legal_holds")
    # Members whose conduct records the hold freezes (their acknowledgments, permission requests and the reviews
    # of them: a grievance, an impeachment motion; issue 15). Posts are not covered by naming a member.
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="legal_holds_on",
        help_text="Members whose conduct records the hold covers.",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    release_reason = models.TextField(max_length=limits.NOTE, blank=True)
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the hold was last re-confirmed as still needed."
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmation_note = models.TextField(max_length=limits.NOTE, blank=True)

    # An active hold is re-confirmed as still needed every this many days, counted from its last
    # re-confirmation (or from when it was placed); retention.reminders tells the custodian when it is due.
    RECONFIRM_DAYS = 90

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Legal hold #{self.pk}: {self.matter}"

    def scope_text(self) -> str:
        text = super().scope_text()
        members = [member.display_name for member in self.members.all()] if self.pk else []
        if not members:
            return text
        named = "the conduct records of " + ", ".join(members)
        return named if text == "nothing" else f"{text}, and {named}"

    @property
    def is_active(self) -> bool:
        return self.released_at is None

    @property
    def confirmed_since(self) -> date:
        """The local day the hold was last confirmed as needed: re-confirmed, or else placed."""
        return timezone.localdate(self.confirmed_at or self.created_at)

    @property
    def reconfirm_due_on(self) -> date | None:
        """The day the next re-confirmation is due; None once the hold is released."""
        return self.confirmed_since + timedelta(days=self.RECONFIRM_DAYS) if self.is_active else None

    def reconfirmation_overdue(self, today: date | None = None) -> bool:
        due = self.reconfirm_due_on
        return due is not None and due <= (today or timezone.localdate())
