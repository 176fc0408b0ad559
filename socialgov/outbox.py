"""The transactional outbox (STYLE.md §11; issue 19.1).

`enqueue("retention.tasks.execute_batch_task", batch.pk)` inside a change's transaction writes the task beside the
change and asks, once the transaction commits, for it to be handed to Celery. If the broker does not answer the
row stays pending, the request carries on, and beat's sweep (`dispatch_pending`, every few seconds) sends it when
the broker is back. A row is claimed before it is sent and marked sent after: a sender that dies in between
leaves a lapsing claim, and the row is sent again. Every task sent this way is idempotent (STYLE.md §5), so a
second send does no second piece of work.

Tasks are named by string, so any app, at any layer, can enqueue its own tasks without importing them here.
"""

import logging
from datetime import timedelta
from importlib import import_module

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from .celery import app as celery_app
from .models import Heartbeat, OutboxMessage

log = logging.getLogger(__name__)

# How long a sender holds a row while it talks to the broker; after this another sender may try it.
CLAIM = timedelta(seconds=60)
# A request talks to the broker once, briefly: when it does not answer, the sweep sends the row later.
PUBLISH_RETRY_POLICY = {"max_retries": 0}
BEAT_SWEEP = "outbox-sweep"
KEEP_SENT = timedelta(days=7)


def enqueue(task: str, *args, **kwargs) -> OutboxMessage:
    """Write `task(*args, **kwargs)` into the outbox in the caller's transaction; it is sent after commit (at once
    when there is no transaction)."""
    message = OutboxMessage.objects.create(task=task, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda pk=message.pk: dispatch([pk]))
    return message


def waiting(task: str, *args) -> OutboxMessage | None:
    """The unsent row for this task, if the broker has not taken it yet (what a page shows as "queued")."""
    return OutboxMessage.objects.pending().for_task(task, *args).order_by("pk").first()


def waiting_about(task: str, first_arg) -> int:
    """How many unsent rows of this task concern the object whose id is its first argument (a post's accounts)."""
    return OutboxMessage.objects.pending().filter(task=task, args__0=first_arg).count()


def _task(name: str):
    """The task object by its name; its module is imported by name (no app import at this layer)."""
    if name not in celery_app.tasks:
        import_module(name.rpartition(".")[0])
    return celery_app.tasks[name]


def _send(message: OutboxMessage) -> None:
    task = _task(message.task)
    task.apply_async(message.args, message.kwargs, retry=True, retry_policy=PUBLISH_RETRY_POLICY)


def _claim(pk: int) -> OutboxMessage | None:
    now = timezone.now()
    claimed = OutboxMessage.objects.claimable(now).filter(pk=pk).update(claimed_until=now + CLAIM)
    return OutboxMessage.objects.get(pk=pk) if claimed == 1 else None


def dispatch(pks) -> int:
    """Hand these rows to the broker; returns how many went. Never raises for a broker that does not answer:
    the row keeps its error and stays pending for the sweep."""
    sent = 0
    for pk in pks:
        message = _claim(pk)
        if message is None:
            continue  # sent already, or another sender has it
        try:
            _send(message)
        except Exception as error:  # noqa: BLE001 - any failure to hand over leaves the row for the sweep
            log.warning("outbox: %s not sent (%s); the sweep tries again", message, error)
            OutboxMessage.objects.filter(pk=pk).update(
                claimed_until=None, attempts=message.attempts + 1, last_error=f"{type(error).__name__}: {error}"[:2000]
            )
            if not celery_app.conf.task_always_eager:
                break  # the broker is down: the rest waits for the sweep too, without a wait each
            raise  # run inline (unit tests): the task's own error is the caller's
        OutboxMessage.objects.filter(pk=pk).update(
            sent_at=timezone.now(), claimed_until=None, attempts=message.attempts + 1, last_error=""
        )
        sent += 1
    return sent


def dispatch_pending(limit: int = 500) -> int:
    """Beat's sweep: everything pending, oldest first. Records the tick the health endpoint reports."""
    now = timezone.now()
    Heartbeat.objects.update_or_create(name=BEAT_SWEEP, defaults={"at": now})
    # Sent rows are kept a while for operators to read, then go: the outbox is not the audit trail.
    OutboxMessage.objects.filter(sent_at__lt=now - KEEP_SENT).delete()
    pks = list(OutboxMessage.objects.claimable().order_by("pk").values_list("pk", flat=True)[:limit])
    return dispatch(pks)


def depth() -> dict:
    """How many rows wait and how old the oldest is, in seconds (admin, `manage.py outbox`, /healthz)."""
    pending = OutboxMessage.objects.pending()
    oldest = pending.aggregate(oldest=Min("created_at"))["oldest"]
    return {
        "pending": pending.count(),
        "oldest_pending_seconds": round((timezone.now() - oldest).total_seconds(), 1) if oldest else 0.0,
    }


def last_tick() -> Heartbeat | None:
    return Heartbeat.objects.filter(name=BEAT_SWEEP).first()
