"""The hash chain of the audit trail: a canonical encoding, the hash over it, and its verification.

Each event's hash is SHA-256 over the canonical encoding of its fields followed
by the previous event's hash, so editing, deleting or reordering any event
breaks every link after it. `verify()` walks the chain and names the first
broken link; `manage.py verify_audit_chain` prints its answer.
"""

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

GENESIS_HASH = "0" * 64

# Events are read a page at a time, so verification runs in constant memory.
DEFAULT_CHUNK_SIZE = 2000


def to_json_value(data):
    """The value as it will read back from a JSON column, so its hash can be recomputed later.

    NaN and infinity are refused here: PostgreSQL's jsonb cannot store them and
    SQLite would store text no JSON reader accepts.
    """
    if data is None:
        return None
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder, allow_nan=False))


def _normalized(value):
    # PostgreSQL's jsonb keeps numbers as numeric and writes them back without
    # an exponent: 1e+20 reads back as the int 100000000000000000000 and -0.0
    # as 0.0. Hashing integral floats as ints gives the same bytes on both sides.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _normalized(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalized(item) for item in value]
    return value


def canonical(fields: dict) -> bytes:
    """One byte string per event content, whichever database it was read back from."""
    return json.dumps(
        _normalized(fields), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode()


def event_hash(fields: dict, previous_hash: str) -> str:
    return hashlib.sha256(canonical(fields) + previous_hash.encode()).hexdigest()


@dataclass(frozen=True)
class Verification:
    """The answer of verify(): how many events were checked and, if the chain is broken, where."""

    checked: int
    broken_event_id: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return not self.problem

    def __str__(self):
        checked = f"{self.checked} event{'' if self.checked == 1 else 's'} checked"
        if self.intact:
            return f"Audit chain intact: {checked}."
        where = f"event {self.broken_event_id}" if self.broken_event_id is not None else "the chain head"
        return f"Audit chain broken at {where}: {self.problem} ({checked} before it)."


def verify(chunk_size: int = DEFAULT_CHUNK_SIZE) -> Verification:
    """Walk every event in id order; stop at the first one that is not where the chain says it should be.

    Checks that each event's previous_hash is the hash of the event before it
    (catches a deleted or reordered event), that each hash matches the event's
    contents (catches an edited one) and that the last event is the one the
    chain head records (catches a deleted last event).
    """
    # The models import this module (AuditEvent.record computes the hash here): imported at call time.
    from .models import AuditChainHead, AuditEvent

    checked = 0
    prior_id: int | None = None
    prior_hash = GENESIS_HASH
    with _snapshot():
        while True:
            for event in _events_after(AuditEvent, prior_id or 0, chunk_size):
                if event.previous_hash != prior_hash:
                    after = f"event {prior_id}" if prior_id is not None else "the start of the chain"
                    return Verification(
                        checked, event.pk,
                        f"its previous_hash does not link to {after}; an event was deleted, inserted or "
                        "reordered here, or the event before it was altered",
                    )
                if event.compute_hash() != event.hash:
                    return Verification(checked, event.pk, "its contents do not match its hash; it was altered")
                checked += 1
                prior_id, prior_hash = event.pk, event.hash

            head = AuditChainHead.objects.filter(pk=1).first()
            head_id = head.last_event_id if head else None
            if head_id is None or (prior_id is not None and head_id <= prior_id):
                break
            if not AuditEvent.objects.filter(pk__gt=prior_id or 0).exists():
                return Verification(
                    checked, head_id, "it is missing: the chain head records it as the last event but it was deleted"
                )
            # Appended while we walked (outside a PostgreSQL snapshot): walk on.
            # An event and the head that records it commit together, so once the
            # walk has seen the head's event the two agree.

        if prior_id is None:
            return Verification(checked)  # no events, and a head that records none
        if head_id is None or head_id < prior_id:
            unrecorded = AuditEvent.objects.filter(pk__gt=head_id or 0).order_by("pk").values_list("pk", flat=True)[0]
            return Verification(
                checked, unrecorded, "the chain head does not record it; it was added without going through the chain"
            )
        if head.last_hash != prior_hash:
            return Verification(checked, prior_id, "its hash is not the one the chain head records")
        if head.length != checked:
            return Verification(
                checked, None, f"it records {head.length} events but the chain holds {checked}; it was tampered with"
            )
    return Verification(checked)


def _events_after(model, after_id: int, chunk_size: int) -> Iterator:
    # Keyset pages rather than one long cursor: on SQLite an open cursor holds
    # the database's read lock, and writers would time out behind a long walk.
    while True:
        page = list(model.objects.filter(pk__gt=after_id).order_by("pk")[:chunk_size])
        yield from page
        if len(page) < chunk_size:
            return
        after_id = page[-1].pk


@contextmanager
def _snapshot():
    """On PostgreSQL, read the whole chain and its head from one snapshot without blocking writers."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield
    else:
        # SQLite: an IMMEDIATE transaction would stop every writer for the whole
        # walk; verify() catches up with events appended meanwhile instead.
        yield
