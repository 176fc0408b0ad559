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
from datetime import UTC

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

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
    # Events committed but not chained yet (audits.sequencer): not checked, and not broken.
    pending: int = 0

    @property
    def intact(self) -> bool:
        return not self.problem

    def __str__(self):
        checked = f"{self.checked} event{'' if self.checked == 1 else 's'} checked"
        if self.pending:
            checked += f"; {self.pending} pending, not yet chained"
        if self.intact:
            return f"Audit chain intact: {checked}."
        where = f"event {self.broken_event_id}" if self.broken_event_id is not None else "the chain head"
        return f"Audit chain broken at {where}: {self.problem} ({checked} before it)."


# Which chain an event belongs to (issue 18): its department's, or the installation's for events without
# one. Events recorded before there was a chain per department stay in the one chain they were written in.
INSTALLATION_CHAIN = 0
FORMER_SINGLE_CHAIN = -1

# The columns verify() reads, in order: the chain, the id, the place in the chain, the hashed fields (hashed_fields() in
# audits.models.trail names them), the previous hash and the hash.
HASHED_COLUMNS = (
    "department_id",
    "actor_id",
    "actor_name",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "request_id",
    "remote_addr",
    "created_at",
)
HASHED_KEYS = tuple(
    column.removesuffix("_id") if column in ("department_id", "actor_id") else column for column in HASHED_COLUMNS
)
COLUMNS = ("chain", "id", "sequence", *HASHED_COLUMNS, "previous_hash", "hash")
DEPARTMENT = COLUMNS.index("department_id")


def chain_key(department_id: int | None) -> int:
    return INSTALLATION_CHAIN if department_id is None else department_id


def chain_name(key: int) -> str:
    if key == FORMER_SINGLE_CHAIN:
        return "the single chain of the events recorded before chains per department"
    if key == INSTALLATION_CHAIN:
        return "the installation's chain"
    return f"department {key}'s chain"


def row_hash(values: tuple, previous_hash: str) -> str:
    """The hash of one event read as a row of HASHED_COLUMNS (JSON decoded, created_at a datetime)."""
    fields = dict(zip(HASHED_KEYS, values, strict=True))
    fields["created_at"] = fields["created_at"].astimezone(UTC).isoformat()
    return event_hash(fields, previous_hash)


def verify(chunk_size: int = DEFAULT_CHUNK_SIZE) -> Verification:
    """Walk every chain, each in the order of its places (`sequence`); stop at the first event that is not
    where its chain says it should be. Pending events (audits.sequencer) are counted, not checked.

    Checks that each event is in the chain of its department, that it is at the next place, that its
    previous_hash is the hash of the event before it in that chain (catches a deleted or reordered event),
    that its hash matches its contents (catches an edited one) and that each chain's last event is the one
    its head records (catches a deleted last event). Rows are streamed as tuples, never model instances, in
    constant memory.
    """
    # The models import this module (AuditEvent.record computes the hash here): imported at call time.
    from .models import AuditChainHead, AuditEvent

    checked = 0
    with _snapshot():
        pending = AuditEvent.objects.pending().count()
        walk = _Walk(chunk_size)
        rows = walk.rows()
        for row in rows:
            problem = walk.check(row)
            if problem:
                rows.close()
                return Verification(checked, row[1], problem, pending)
            checked += 1
        walked = walk.walked
        for key in sorted(walk.ended):
            head = walk.ended[key]
            prior_id, prior_hash, length = walked[key]
            if head is not None and head.last_event_id is not None and head.last_event_id == prior_id:
                if head.last_hash != prior_hash:
                    return Verification(
                        checked, prior_id, f"its hash is not the one the head of {chain_name(key)} records", pending
                    )
                if head.length != length:
                    return Verification(
                        checked,
                        None,
                        f"it records {head.length} events but {chain_name(key)} holds {length}; it was tampered with",
                        pending,
                    )
            elif head is None or head.last_event_id is None or head.length < length:
                return Verification(
                    checked,
                    _event_at(key, head.length + 1 if head is not None else 1),
                    f"the head of {chain_name(key)} does not record it; it was added without going through the chain",
                    pending,
                )
            else:
                return Verification(
                    checked,
                    head.last_event_id,
                    f"it is missing: the head of {chain_name(key)} records it as the last event but it was deleted",
                    pending,
                )
        for head in AuditChainHead.objects.exclude(pk__in=list(walked)).filter(last_event_id__isnull=False):
            return Verification(
                checked,
                head.last_event_id,
                f"it is missing: the head of {chain_name(head.pk)} records it as the last event but it was deleted",
                pending,
            )
        # A pending event never has a hash: the sequencer gives it one as it gives it its place.
        for pk, key in AuditEvent.objects.pending().filter(hash__isnull=False).values_list("pk", "chain")[:1]:
            return Verification(
                checked,
                pk,
                f"it has a hash but no place in {chain_name(key)}; it was inserted around the sequencer",
                pending,
            )
    return Verification(checked, pending=pending)


class _Walk:
    """The state of one verify(): where each chain has got to."""

    def __init__(self, chunk_size: int):
        self.chunk_size = chunk_size
        self.walked: dict[int, tuple[int, str, int]] = {}  # chain -> (last id, last hash, length)
        self.ended: dict = {}  # chain -> its head, read when the walk left the chain
        self.key = None
        self.prior_id = None
        self.prior_hash = GENESIS_HASH
        self.length = 0

    def rows(self) -> Iterator[tuple]:
        """Every chained event in (chain, sequence) order. Outside a PostgreSQL snapshot, events chained
        while the walk passed their chain are walked when its head says they are there (_events_in)."""
        for row in _events_after(None, None, self.chunk_size):
            if row[0] != self.key:
                yield from self._leave_chain()
            yield row
        yield from self._leave_chain()

    def _leave_chain(self) -> Iterator[tuple]:
        # The models import this module: imported at call time.
        from .models import AuditChainHead

        key = self.key
        if key is None:
            return
        while True:
            head = AuditChainHead.objects.filter(pk=key).first()
            if head is None or head.length <= self.length:
                break
            later = list(_events_in(key, self.length, head.length))
            if not later:
                break
            yield from later
        self.ended[key] = head
        self.walked[key] = (self.prior_id, self.prior_hash, self.length)
        self.key = None

    def check(self, row: tuple) -> str:
        key, pk = row[0], row[1]
        if key != self.key:
            self.key, self.prior_id, self.prior_hash, self.length = key, None, GENESIS_HASH, 0
        if key != FORMER_SINGLE_CHAIN and key != chain_key(row[DEPARTMENT]):
            return f"it is in {chain_name(key)} but belongs to department {row[DEPARTMENT]}; it was moved"
        if row[-2] != self.prior_hash:
            after = f"event {self.prior_id}" if self.prior_id is not None else f"the start of {chain_name(key)}"
            return (
                f"its previous_hash does not link to {after}; an event was deleted, inserted or reordered "
                "here, or the event before it was altered"
            )
        if row[2] != self.length + 1:
            return (
                f"it is at place {row[2]} of {chain_name(key)} but follows place {self.length}; its place was "
                "altered, or an event was deleted or inserted here"
            )
        if row_hash(row[DEPARTMENT:-2], self.prior_hash) != row[-1]:
            return "its contents do not match its hash; it was altered"
        self.prior_id, self.prior_hash, self.length = pk, row[-1], self.length + 1
        return ""


def _event_at(key: int, place: int) -> int | None:
    # The models import this module: imported at call time.
    from .models import AuditEvent

    return AuditEvent.objects.filter(chain=key, sequence=place).values_list("pk", flat=True).first()


def _events_after(after_key: int | None, after_sequence: int | None, chunk_size: int) -> Iterator[tuple]:
    """Every chained event after (after_key, after_sequence) in (chain, sequence) order, as tuples of COLUMNS."""
    # The models import this module: imported at call time.
    from .models import AuditEvent

    ordered = AuditEvent.objects.chained().order_by("chain", "sequence").values_list(*_field_names())
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        # One server-side cursor (chunk_size rows per fetch) in the walk's snapshot, read as the database
        # sends it: Django's per-row converters cost a tenth of the walk (issue 18.3). Django has psycopg2
        # hand jsonb over as text, so the two JSON columns are decoded here, as JSONField would.
        sql, params = ordered.query.sql_with_params()
        before, after = COLUMNS.index("before"), COLUMNS.index("after")
        loads = json.loads
        with connection.chunked_cursor() as cursor:
            cursor.execute(sql, params)
            while page := cursor.fetchmany(chunk_size):
                for row in page:
                    yield (
                        *row[:before],
                        None if row[before] is None else loads(row[before]),
                        None if row[after] is None else loads(row[after]),
                        *row[after + 1 :],
                    )
        return
    # Keyset pages rather than one long cursor: on SQLite an open cursor holds
    # the database's read lock, and writers would time out behind a long walk.
    while True:
        page = ordered
        if after_key is not None:
            page = page.filter(models.Q(chain__gt=after_key) | models.Q(chain=after_key, sequence__gt=after_sequence))
        page = list(page[:chunk_size])
        yield from page
        if len(page) < chunk_size:
            return
        after_key, after_sequence = page[-1][0], page[-1][2]


def _events_in(key: int, after_place: int, up_to_place: int) -> Iterator[tuple]:
    # The models import this module: imported at call time.
    from .models import AuditEvent

    yield from (
        AuditEvent.objects.filter(chain=key, sequence__gt=after_place, sequence__lte=up_to_place)
        .order_by("sequence")
        .values_list(*_field_names())
    )


def _field_names() -> tuple:
    return tuple(name.removesuffix("_id") if name in ("department_id", "actor_id") else name for name in COLUMNS)


@contextmanager
def _snapshot():
    """On PostgreSQL, read every chain and its head from one snapshot without blocking writers."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield
    else:
        # SQLite: an IMMEDIATE transaction would stop every writer for the whole
        # walk; verify() catches up with events appended meanwhile instead.
        yield
