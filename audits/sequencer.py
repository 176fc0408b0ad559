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

import json
import logging
import threading
import time
from datetime import UTC

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

_EVENTS = AuditEvent._meta.db_table
_HEADS = AuditChainHead._meta.db_table
_BEFORE = chain.HASHED_COLUMNS.index("before")
_AFTER = chain.HASHED_COLUMNS.index("after")
_CREATED_AT = chain.HASHED_COLUMNS.index("created_at")
_PENDING_CHAINS = f"""
    WITH RECURSIVE chains(chain) AS (
        SELECT (SELECT chain FROM {_EVENTS} WHERE sequence IS NULL ORDER BY chain LIMIT 1)
        UNION ALL
        SELECT (SELECT e.chain FROM {_EVENTS} AS e WHERE e.sequence IS NULL AND e.chain > chains.chain
                ORDER BY e.chain LIMIT 1)
        FROM chains WHERE chains.chain IS NOT NULL
    )
    SELECT chain FROM chains WHERE chain IS NOT NULL
"""


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
    """The chains with pending events: one index probe per chain (a loose index scan of audits_event_pending).

    Not `SELECT DISTINCT chain ... WHERE sequence IS NULL`, which PostgreSQL answers with a bitmap scan: that visits
    the entry of every event chained since the table's last vacuum (an update leaves the old entry in the partial
    index until then), twice a pass. Index scans mark those entries dead as they pass them, so each probe stays
    short.
    """
    with connection.cursor() as cursor:
        cursor.execute(_PENDING_CHAINS)
        return [key for (key,) in cursor.fetchall()]


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
    which chains another sequencer held (skipped, unless told to wait for them).

    Plain SQL, a handful of statements a batch: the sequencer runs beside the writers, often on batches of a few
    events, where building ORM queries cost it more than the database did (README "The audit trail at scale").
    """
    keys = sorted(set(keys))
    if not keys:
        return 0, []
    chained, held = _sequence_batch(keys, batch_size, wait)
    if held and _create_missing_heads(held):
        # Skipped for want of a head (a chain's first event): it has one now.
        more, held = _sequence_batch(held, batch_size, wait)
        chained += more
    return chained, held


def _sequence_batch(keys: list[int], batch_size: int, wait: bool) -> tuple[int, list[int]]:
    with transaction.atomic(), connection.cursor() as cursor:
        # In key order, so sequencers told to wait never wait on each other in a circle. A chain with no head yet
        # is skipped like a held one. SQLite has no row locks: its one write lock serializes sequencers.
        lock = connection.ops.for_update_sql(skip_locked=not wait) if connection.features.has_select_for_update else ""
        cursor.execute(
            f"SELECT id, last_hash, length, last_event_id FROM {_HEADS} WHERE id IN ({_list(keys)}) ORDER BY id "
            + lock,
            keys,
        )
        tips = {key: [last_hash, length, last_event_id] for key, last_hash, length, last_event_id in cursor.fetchall()}
        held = [key for key in keys if key not in tips]
        if not tips:
            return 0, held
        # The first rows by id across the chains hold, for each chain, the first of its pending rows by id. A row
        # inserted with a hash already is not one record() wrote: left for verify to name.
        cursor.execute(
            f"SELECT id, chain, {', '.join(chain.HASHED_COLUMNS)} FROM {_EVENTS} WHERE sequence IS NULL "
            f"AND hash IS NULL AND previous_hash IS NULL AND chain IN ({_list(tips)}) ORDER BY id LIMIT %s",
            [*tips, batch_size],
        )
        rows = cursor.fetchall()
        if not rows:
            return 0, held
        chained = []
        for pk, key, *fields in rows:
            tip = tips[key]
            previous_hash = tip[0]
            tip[0], tip[1], tip[2] = chain.row_hash(_decoded(fields), previous_hash), tip[1] + 1, pk
            chained.append((pk, tip[1], previous_hash, tip[0]))
        moved = sorted({key for _, key, *_ in rows})
        _write_batch(chained, [(key, *tips[key]) for key in moved])
    return len(chained), held


def _list(values) -> str:
    return ", ".join(["%s"] * len(values))


def _decoded(fields: list) -> tuple:
    """HASHED_COLUMNS as the database sent them, as row_hash reads them: both drivers hand JSON over as text
    (Django's PostgreSQL backend asks psycopg for it so), and SQLite a datetime in UTC without its zone."""
    for index in (_BEFORE, _AFTER):
        if fields[index] is not None:
            fields[index] = json.loads(fields[index])
    if fields[_CREATED_AT].tzinfo is None:
        fields[_CREATED_AT] = fields[_CREATED_AT].replace(tzinfo=UTC)
    return tuple(fields)


def _create_missing_heads(keys: list[int]) -> bool:
    """Make the heads these chains lack (a new department, or after a flush); whether there were any.

    Made outside, not inside, a batch's transaction: another sequencer's INSERT would wait on an uncommitted head
    row rather than skip it. ON CONFLICT DO NOTHING settles two first sequencers.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {_HEADS} WHERE id IN ({_list(keys)})", keys)
        missing = set(keys) - {key for (key,) in cursor.fetchall()}
    if missing:
        AuditChainHead.objects.bulk_create([AuditChainHead(pk=key) for key in sorted(missing)], ignore_conflicts=True)
    return bool(missing)


def _write_batch(chained: list[tuple], heads: list[tuple]) -> None:
    """Fill the chain fields of each (id, sequence, previous_hash, hash), the one update the trigger allows, and
    move each (chain, last_hash, length, last_event_id) head; on PostgreSQL in one statement."""
    now = timezone.now()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            events = ", ".join(["(%s::bigint, %s::bigint, %s, %s)"] * len(chained))
            tips = ", ".join(["(%s::bigint, %s, %s::bigint, %s::bigint)"] * len(heads))
            cursor.execute(
                f"WITH chained AS (UPDATE {_EVENTS} AS e SET sequence = v.sequence, "
                "previous_hash = v.previous_hash, hash = v.hash, sequenced_at = %s "
                f"FROM (VALUES {events}) AS v(id, sequence, previous_hash, hash) "
                "WHERE e.id = v.id AND e.sequence IS NULL RETURNING e.id), "
                f"moved AS (UPDATE {_HEADS} AS h SET last_hash = t.last_hash, length = t.length, "
                f"last_event_id = t.last_event_id FROM (VALUES {tips}) AS t(id, last_hash, length, last_event_id) "
                "WHERE h.id = t.id RETURNING h.id) "
                "SELECT (SELECT count(*) FROM chained)",
                [now, *(value for row in chained for value in row), *(value for row in heads for value in row)],
            )
            (updated,) = cursor.fetchone()
        else:
            updated = 0
            for pk, sequence, previous_hash, event_hash in chained:
                cursor.execute(
                    f"UPDATE {_EVENTS} SET sequence = %s, previous_hash = %s, hash = %s, sequenced_at = %s "
                    "WHERE id = %s AND sequence IS NULL",
                    [sequence, previous_hash, event_hash, now, pk],
                )
                updated += cursor.rowcount
            for key, last_hash, length, last_event_id in heads:
                cursor.execute(
                    f"UPDATE {_HEADS} SET last_hash = %s, length = %s, last_event_id = %s WHERE id = %s",
                    [last_hash, length, last_event_id, key],
                )
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
