"""Reminders and notices: nothing in a department depends on someone remembering a date
(DESIGN.md "Audit trail and reviews"; the notifications app since issue 11).

A reminder *source* is a small function registered with `@source(kind)` (the registry is
`socialgov.reminders`, under every app, so people registers too): given the time of the run, it returns the
due events of its kind. Each app keeps its sources in its own `reminders.py`; `discover()` imports them all,
as Celery finds tasks. The apps register; this app never imports them (docs/architecture.md).

`run()` (the beat job, notifications.tasks) asks every source and notifies each recipient of each event.
Every notice is one Notification row, unique on (key, recipient): the insert is the claim, so a
second run of the same day, a second beat or a restarted worker finds the row there and tells no
one again. Its email is then claimed with a conditional update and sent once (`deliver_emails`).
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from people.models import Member
from people.roles import Role

# The registry is the web layer's; the apps above notifications import `source` and `DueEvent` from here too.
from socialgov.reminders import DueEvent, discover, source  # noqa: F401

from .choices import EmailState
from .models import Notification

log = logging.getLogger(__name__)

# A claimed email not marked sent after this long belongs to a worker that died: another may send it.
EMAIL_CLAIM_TIMEOUT = timedelta(minutes=15)
# A failed email is tried again on each delivery run, this many times in all; then it shows as failed.
MAX_EMAIL_ATTEMPTS = 5


def role_holders(department_id: int, role: str):
    return Member.objects.holding(department_id, role)


def chiefs(department_id: int) -> list[Member]:
    return list(role_holders(department_id, Role.CHIEF))


def notify(event: DueEvent) -> int:
    """Tell each recipient of the event once, in the app; returns how many were told now.

    Each insert commits on its own (no transaction around the run), so the unique (key, recipient)
    constraint settles a race between two runs: the second insert waits for the first and fails.
    """
    told, seen = 0, set()
    for member in event.recipients:
        if member is None or member.pk in seen or not member.is_active:
            continue
        seen.add(member.pk)
        try:
            with transaction.atomic():
                Notification.objects.create(
                    department_id=event.department_id,
                    recipient=member,
                    key=event.key[:200],
                    kind=event.kind,
                    subject=event.subject[:200],
                    reason=event.reason,
                    link=event.link[:500],
                    email_state=EmailState.PENDING if member.email else EmailState.NO_ADDRESS,
                )
        except IntegrityError:
            continue  # told already, by an earlier run or one running beside this one
        told += 1
    return told


def absolute(link: str) -> str:
    return settings.SITE_URL.rstrip("/") + link


def deliver_emails(now: datetime | None = None, limit: int = 1000) -> int:
    """Email the notices not yet emailed; returns how many were sent.

    Each email is claimed with a conditional update (STYLE.md §5), so two workers, or the same task run twice,
    never send the same one. A claim older than EMAIL_CLAIM_TIMEOUT is a worker that died between claiming and
    sending: the email is claimed again and sent (a rare second copy beats a reminder never sent). A failure is
    not swallowed: its error and attempt count are kept on the row (shown on /notifications/ and in the API),
    it is tried again on the next run, and after MAX_EMAIL_ATTEMPTS it stays failed for an administrator.
    """
    now = now or timezone.now()
    claimable = Q(email_state=EmailState.PENDING) | Q(
        email_state=EmailState.SENDING, email_claimed_at__lt=now - EMAIL_CLAIM_TIMEOUT
    )
    sent = 0
    for pk in list(Notification.objects.filter(claimable).order_by("pk").values_list("pk", flat=True)[:limit]):
        claimed = Notification.objects.filter(claimable, pk=pk).update(
            email_state=EmailState.SENDING, email_claimed_at=now
        )
        if claimed != 1:
            continue  # another worker has it
        notification = Notification.objects.select_related("recipient").get(pk=pk)
        try:
            send_mail(
                notification.subject,
                f"{notification.reason}\n\n{absolute(notification.link)}\n",
                settings.DEFAULT_FROM_EMAIL,
                [notification.recipient.email],
                fail_silently=False,
            )
        except Exception as error:
            log.exception("email for notification %s failed; it will be tried again", pk)
            attempts = notification.email_attempts + 1
            Notification.objects.filter(pk=pk, email_state=EmailState.SENDING).update(
                email_state=EmailState.FAILED if attempts >= MAX_EMAIL_ATTEMPTS else EmailState.PENDING,
                email_claimed_at=None,
                email_attempts=attempts,
                email_error=f"{type(error).__name__}: {error}"[:2000],
            )
            continue
        Notification.objects.filter(pk=pk).update(
            email_state=EmailState.SENT,
            emailed_at=timezone.now(),
            email_attempts=notification.email_attempts + 1,
            email_error="",
        )
        sent += 1
    return sent


def run(now: datetime | None = None) -> dict:
    """Ask every source for its due events, tell each recipient once, then send the emails."""
    now = now or timezone.now()
    due = told = 0
    failed = []
    for kind, function in sorted(discover().items()):
        try:
            events = list(function(now))
        except Exception:
            log.exception("reminder source %s failed", kind)
            failed.append(kind)
            continue
        due += len(events)
        told += sum(notify(event) for event in events)
    result = {"due": due, "notified": told, "emailed": deliver_emails(now)}
    if failed:
        raise RuntimeError(f"reminder sources failed: {', '.join(failed)} ({result})")
    return result
