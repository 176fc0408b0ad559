"""What a member is told (DESIGN.md "Apps": notifications/): reminders of things coming due and notices of
workflow changes, in the app and by email."""

from django.conf import settings
from django.db import models

from socialgov import limits

from .choices import EmailState
from .querysets import NotificationQuerySet


class Notification(models.Model):
    """One member's notice of one event, in the app and by email (3xx.3, 3xx.5, 3xx.6, 3xx.7 reminders and
    workflow notices).

    The unique (key, recipient) pair is what makes a notice go out once: every run of the reminder jobs tries
    to insert the row, and only the first insert for an event and member succeeds (notifications.reminders);
    a workflow notice is keyed by the audit event of its change. The email is then claimed with a conditional
    update on `email_state`, so two workers never send the same one (notifications.delivery).

    Moved from audits/ (issue 11): the table was renamed, its rows kept (migrations 0001-0002).
    """

    department = models.ForeignKey(
        "people.Department", null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    key = models.CharField(max_length=200, help_text="The event: the same key is never notified twice.")
    kind = models.CharField(max_length=60)
    subject = models.CharField(max_length=200)
    reason = models.TextField(
        max_length=limits.NOTE, help_text="Why the member is told, with the policy section it serves."
    )
    link = models.CharField(max_length=500, help_text="Where to act on it (a path in the app).")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_state = models.CharField(max_length=20, choices=EmailState.choices, default=EmailState.PENDING)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.TextField(
        max_length=limits.NOTE, blank=True, help_text="Why the last attempt to email it failed."
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["key", "recipient"], name="one_notification_per_due_event")]
        # The index names are those the table had under audits/; the move kept them.
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="audits_noti_recipie_e6aade_idx"),
            models.Index(fields=["email_state", "email_claimed_at"], name="audits_noti_email_s_7ac84e_idx"),
        ]

    def __str__(self):
        return f"{self.subject} (to {self.recipient_id})"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
