"""The audit sequencer (issue 18): events are inserted pending, without a lock, and chained here after commit.

`AuditEvent.record` is a plain INSERT in the caller's transaction, so writers of one department never wait on
each other. Shortly after they commit, the sequencer gives each pending event its place in its chain
(`sequence`), the hash of the event before it there (`previous_hash`) and its own hash, a batch at a time, as
Certificate Transparency logs and Trillian sequence the entries queued for them.

- **Order.** A chain is extended in the order the sequencer sees its events committed: each pass reads the
  chain's pending rows that are committed (READ COMMITTED, after taking the head's lock) in id order and
  appends them after the head. An id whose transaction commits later than a higher one is simply chained
  later: its place is recorded in `sequence` and bound by the next event's `previous_hash`, and verify walks
  each chain by `sequence`, never by id. Nothing waits for uncommitted ids.
- **One sequencer per chain at a time.** A pass locks the chain's head row (`SELECT ... FOR UPDATE SKIP
  LOCKED`); a second sequencer skips a chain that is being sequenced and goes on with the others, then, if it
  chained nothing, waits once for the holder's batch and looks itself. The unique (chain, sequence)
  constraint refuses a fork whatever happens to the locks.
- **Idempotent and resumable.** A batch's updates and its head move commit together; a sequencer killed
  mid-batch leaves its batch pending (the database rolls its transaction back) and the next pass chains it.
  The PostgreSQL trigger lets a row's chain fields be filled once, from empty, and refuses everything else.
- **Within seconds.** Each writer's commit asks for a pass (`request_sequencing`, a Celery task, throttled per
  process); a pass repeats until it finds nothing left, so commits it skipped meanwhile are chained by it; beat
  runs one every AUDIT_SEQUENCE_INTERVAL as a backstop when the broker lost a request (socialgov/celery.py).
"""

import logging
import threading
import time

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from . import chain
from .models import AuditChainHead, AuditEvent

log = logging.getLogger(__name__)

# Events chained per transaction: large enough that the head's lock and the commit are paid per batch, small
# enough that a batch commits in milliseconds.
BATCH_SIZE = 500
# How long one call keeps going while new events keep arriving; the next request or beat carries on.
TIME_BUDGET_SECONDS = 20.0
# A process asks for at most one pass per window, and one more, due at the window's end, for commits
# made during it: no commit is left without a pass after it (request_sequencing).
REQUEST_WINDOW_SECONDS = 0.2

_HASHED = tuple(
    name.removesuffix("_id") if name in ("department_id", "actor_id") else name for name in chain.HASHED_COLUMNS
)


def sequence_pending(*, chains=None, batch_size: int = BATCH_SIZE, time_budget: float = TIME_BUDGET_SECONDS) -> int:
    """Chain every pending event that is committed (or written by this transaction); return how many.

    Runs one transaction per batch. Safe to call from any number of processes at once and to kill at any
    point. Inside a caller's transaction (tests, a service that needs its events chained) each batch is a
    savepoint, and the heads it locked stay locked until that transaction ends.
    """
    deadline = time.monotonic() + time_budget
    total = 0
    while True:
        keys = list(chains) if chains is not None else pending_chains()
        chained, held = sequence_chains(keys, batch_size=batch_size)
        if not chained and held:
            # Another pass holds these chains, and may have read them before the commit that asked for this
            # pass: wait for its batch (milliseconds) and look again, or that commit could be left to beat.
            chained, _ = sequence_chains(held, batch_size=batch_size, wait=True)
        total += chained
        if not chained or time.monotonic() >= deadline:
            return total


def pending_chains() -> list[int]:
    return list(AuditEvent.objects.pending().order_by().values_list("chain", flat=True).distinct())


def pending_count() -> int:
    return AuditEvent.objects.pending().count()


def sequence_chain(key: int, *, batch_size: int = BATCH_SIZE, wait: bool = False) -> int | None:
    """Chain up to batch_size of one chain's pending events and return how many; None if another sequencer
    holds the chain (unless told to wait for it)."""
    chained, held = sequence_chains([key], batch_size=batch_size, wait=wait)
    return None if held else chained


def sequence_chains(keys, *, batch_size: int = BATCH_SIZE, wait: bool = False) -> tuple[int, list[int]]:
    """Chain the first batch_size pending events (by id) of these chains after their heads, in one transaction:
    one commit for every chain with work, however many departments there are. Returns how many were chained and
    which chains another sequencer held (skipped, unless told to wait for them)."""
    keys = sorted(set(keys))
    if not keys:
        return 0, []
    _create_missing_heads(keys)
    with transaction.atomic():
        # In key order, so sequencers told to wait never wait on each other in a circle.
        locked = AuditChainHead.objects.select_for_update(skip_locked=not wait).filter(pk__in=keys).order_by("pk")
        tips = {head.pk: [head.last_hash, head.length, head.last_event_id] for head in locked}
        held = [key for key in keys if key not in tips]
        if not tips:
            return 0, held
        # The first rows by id across the chains hold, for each chain, the first of its pending rows by id.
        rows = list(
            AuditEvent.objects.pending()
            # A row inserted with a hash already is not one record() wrote: left for verify to name.
            .filter(chain__in=list(tips), hash__isnull=True, previous_hash__isnull=True)
            .order_by("pk")
            .values_list("pk", "chain", *_HASHED)[:batch_size]
        )
        if not rows:
            return 0, held
        chained = []
        moved = set()
        for pk, key, *fields in rows:
            tip = tips[key]
            previous_hash = tip[0]
            tip[0], tip[1], tip[2] = chain.row_hash(tuple(fields), previous_hash), tip[1] + 1, pk
            chained.append((pk, tip[1], previous_hash, tip[0]))
            moved.add(key)
        _write_batch(chained)
        for key in sorted(moved):
            last_hash, length, last_event_id = tips[key]
            AuditChainHead.objects.filter(pk=key).update(
                last_event_id=last_event_id, last_hash=last_hash, length=length
            )
    return len(chained), held


def _create_missing_heads(keys: list[int]) -> None:
    # A chain's first event (a new department, or after a flush). Made before, not inside, the batch's
    # transaction: another sequencer's INSERT would wait on an uncommitted head row rather than skip it.
    # ON CONFLICT DO NOTHING settles two first sequencers.
    missing = set(keys) - set(AuditChainHead.objects.filter(pk__in=keys).values_list("pk", flat=True))
    if missing:
        AuditChainHead.objects.bulk_create([AuditChainHead(pk=key) for key in sorted(missing)], ignore_conflicts=True)


def _write_batch(chained: list[tuple]) -> None:
    """Fill the chain fields of each (id, sequence, previous_hash, hash): the one update the trigger allows."""
    now = timezone.now()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            values = ", ".join(["(%s::bigint, %s::bigint, %s, %s)"] * len(chained))
            cursor.execute(
                "UPDATE audits_auditevent AS e SET sequence = v.sequence, previous_hash = v.previous_hash, "
                f"hash = v.hash, sequenced_at = %s FROM (VALUES {values}) AS v(id, sequence, previous_hash, hash) "
                "WHERE e.id = v.id AND e.sequence IS NULL",
                [now, *(value for row in chained for value in row)],
            )
            updated = cursor.rowcount
        else:
            updated = 0
            for pk, sequence, previous_hash, event_hash in chained:
                cursor.execute(
                    "UPDATE audits_auditevent SET sequence = %s, previous_hash = %s, hash = %s, sequenced_at = %s "
                    "WHERE id = %s AND sequence IS NULL",
                    [sequence, previous_hash, event_hash, now, pk],
                )
                updated += cursor.rowcount
    if updated != len(chained):
        # Only a sequencer that ignored the head's lock could have got there first: keep the chain as it was.
        raise RuntimeError(f"{len(chained) - updated} events were chained by another sequencer meanwhile")


# Asking for a pass after commit


_requests = threading.local()


def request_sequencing() -> None:
    """Ask a worker to chain what this process just committed (transaction.on_commit in AuditEvent.record).

    Throttled per process: the first commit of a window sends a task at once, the next one a task due at the
    window's end, later ones nothing (that task runs after them). A broker that does not answer is logged and
    left to beat's pass; the event is pending in the database meanwhile, its own outbox row.
    """
    from .tasks import sequence_audit_events_task  # tasks import this module

    options = {"queue": settings.AUDIT_SEQUENCER_QUEUE} if settings.AUDIT_SEQUENCER_QUEUE else {}
    if sequence_audit_events_task.app.conf.task_always_eager:
        # Unit tests: inline, every time. Called as a function, not through an eager apply_async: Celery marks
        # "inside a task" in one process-wide flag that two threads committing at once can leave set for good,
        # after which any .get() in that process fails ("Never call result.get() within a task").
        sequence_pending()
        return
    now = time.monotonic()
    window_ends = getattr(_requests, "window_ends", 0.0)
    if now >= window_ends:
        _requests.window_ends, _requests.trailing = now + REQUEST_WINDOW_SECONDS, False
    elif not _requests.trailing:
        _requests.trailing = True
        options["countdown"] = window_ends - now
    else:
        return
    try:
        sequence_audit_events_task.apply_async(retry=True, retry_policy={"max_retries": 0}, **options)
    except Exception as error:  # noqa: BLE001 - a request that fails must not fail the writer's response
        log.warning("could not ask for audit sequencing (beat will chain the events): %s", error)


def forget_requests() -> None:
    """For tests: the next commit asks at once."""
    _requests.__dict__.clear()
