"""The one way a member is told anything (issue 11: "one notification path").

`tell()` writes a Notification row per recipient in the caller's transaction, beside the change and its audit
event (STYLE.md §11: the row is the outbox), and asks for delivery after commit. If the broker is down the rows
are there and the next delivery run (every reminder run ends with one) emails them. Nothing outside this app
calls send_mail.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone

from socialgov import outbox

from .models import Notification
from .reminders import DueEvent, notify


def tell(
    *, key: str, kind: str, recipients, subject: str, reason: str, link: str, department_id=None, skip=None
) -> int:
    """Tell each recipient (once per `key`); `skip` (the acting member) is not told of their own act.
    Returns how many were told now."""
    skip_pk = getattr(skip, "pk", skip)
    event = DueEvent(
        key=key,
        kind=kind,
        department_id=department_id,
        recipients=tuple(m for m in recipients if m is not None and m.pk != skip_pk),
        subject=subject,
        reason=reason,
        link=link,
    )
    told = notify(event)
    if told:
        outbox.enqueue("notifications.tasks.deliver_emails_task")  # STYLE.md §11: sent when the broker answers
    return told


def mark_read(*, by, notification: Notification) -> Notification:
    """The member has seen the notice. Reading one's own notices changes no governed record: no audit event."""
    if notification.recipient_id != by.pk:
        raise ValidationError("Not your notification.")
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def mark_all_read(*, by) -> int:
    return Notification.objects.for_member(by).unread().update(read_at=timezone.now())
