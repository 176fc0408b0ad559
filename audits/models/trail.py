"""The append-only, hash-chained audit trail (DESIGN.md "Audit trail and reviews")."""

from datetime import UTC

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from .. import chain
from ..context import current


class AuditChainHead(models.Model):
    """The tip of one chain: the chain of a department, the installation's (events with no department), or the
    single chain of the events recorded before there was one per department (issue 18; audits.chain).

    Moved only by the sequencer (audits.sequencer), which locks it while it chains a batch, so two sequencers
    never fork a chain; writers never touch it. It also lets verify_audit_chain notice a deleted last event.
    """

    # The chain's key: its department's id, 0 for the installation, -1 for the former single chain.
    id = models.BigIntegerField(primary_key=True)
    last_event_id = models.BigIntegerField(null=True)
    last_hash = models.CharField(max_length=64, default=chain.GENESIS_HASH)
    length = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{chain.chain_name(self.pk)} of {self.length} events"


class AuditEventQuerySet(models.QuerySet):
    def for_department(self, department):
        return self.filter(department=department)

    def for_object(self, obj):
        """The history of one record, newest first (uses the object_type/object_id index)."""
        return self.filter(object_type=obj._meta.label, object_id=str(obj.pk))

    def pending(self):
        """Events committed but not chained yet (audits.sequencer): no place in their chain, no hash."""
        return self.filter(sequence__isnull=True)

    def chained(self):
        return self.filter(sequence__isnull=False)


class AuditEvent(models.Model):
    """One state change: who did what to which record, before and after (STYLE.md §4).

    Written in the same transaction as the change it records; never updated or deleted (a PostgreSQL
    trigger refuses both), but for the one update that chains it: the sequencer (audits.sequencer) fills
    its place in its chain, its previous hash and its hash, once, shortly after it commits. Until then it
    is pending.
    """

    # Indexed by (department, action) below, not on its own: every index is written by each insert and again
    # by the sequencer's update (README "The audit trail at scale").
    department = models.ForeignKey(
        "people.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
        db_index=False,
    )
    # DO_NOTHING without a database constraint: deleting a member must not
    # rewrite the events they wrote (SET_NULL would be an UPDATE, refused by the
    # PostgreSQL trigger and, on SQLite, a broken hash). actor_name keeps who it was.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        # Nothing looks events up by actor (DO_NOTHING runs no query on a member's deletion): no index.
        db_index=False,
        related_name="audit_events",
    )
    # A snapshot, so the event still says who acted after the member record is gone.
    actor_name = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    remote_addr = models.CharField(max_length=45, null=True, blank=True)
    created_at = models.DateTimeField()
    # Which chain the event is in (audits.chain.chain_key): its department's, or the installation's.
    chain = models.BigIntegerField()
    # The chain fields, filled once by the sequencer; null while the event is pending. `sequence` is the
    # event's place in its chain, from 1: verify walks each chain in this order, not in id order, since
    # ids from concurrent transactions commit out of order (README "The audit trail at scale").
    sequence = models.BigIntegerField(null=True, blank=True)
    previous_hash = models.CharField(max_length=64, null=True, blank=True)
    # Not unique, not indexed: nothing looks an event up by its hash, and a copied event is named by verify
    # (its place and its link), so an index would only cost each event two more index entries.
    hash = models.CharField(max_length=64, null=True, blank=True)
    sequenced_at = models.DateTimeField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [
            # A department's events (the API, the admin, packages, PROTECT on a department's deletion), and
            # those of one action in it (`/api/v1/audit-events/?action=...`).
            models.Index(fields=["department", "action"], name="audits_event_department"),
            models.Index(fields=["object_type", "object_id"]),
            # The sequencer's work list: small, since events leave it within seconds of their commit.
            models.Index(
                fields=["chain", "id"], name="audits_event_pending", condition=models.Q(sequence__isnull=True)
            ),
        ]
        constraints = [
            # One event per place in a chain: two sequencers cannot fork it, whatever their locks.
            # verify_audit_chain walks each chain over this index.
            models.UniqueConstraint(fields=["chain", "sequence"], name="audits_event_chain_position"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.actor_name or 'system'} {self.action}"

    @property
    def is_pending(self) -> bool:
        return self.sequence is None

    def hashed_fields(self) -> dict:
        return {
            "department": self.department_id,
            "actor": self.actor_id,
            "actor_name": self.actor_name,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "before": self.before,
            "after": self.after,
            "request_id": self.request_id,
            "remote_addr": self.remote_addr,
            "created_at": self.created_at.astimezone(UTC).isoformat(),
        }

    def compute_hash(self) -> str:
        return chain.event_hash(self.hashed_fields(), self.previous_hash)

    @classmethod
    def record(cls, *, actor, action: str, target=None, department=None, before=None, after=None) -> "AuditEvent":
        """Add an event to the trail. Must run inside the transaction of the change it records.

        A plain INSERT that takes no lock any other writer waits on: the event is pending until the sequencer
        chains it after commit (audits.sequencer). On SQLite it is chained here, in the same transaction.
        """
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("AuditEvent.record must run inside the transaction of the change it records")
        if department is None:
            department = getattr(target, "department", None) or getattr(actor, "department", None)
        context = current()
        event = cls(
            department=department,
            actor=actor if getattr(actor, "pk", None) else None,
            actor_name=(actor.display_name if getattr(actor, "pk", None) else "system")[:200],
            action=action,
            object_type=target._meta.label if target is not None else "",
            object_id=str(target.pk) if target is not None else "",
            object_repr=str(target)[:300] if target is not None else "",
            before=chain.to_json_value(before),
            after=chain.to_json_value(after),
            request_id=context.request_id[:64],
            remote_addr=context.remote_addr,
        )
        event.chain = chain.chain_key(event.department_id)
        if sequences_in_transaction():
            _chain_now(event)
            return event
        # Whole microseconds in UTC, exactly as every database stores them.
        event.created_at = timezone.now()
        event.save(force_insert=True)
        if settings.AUDIT_SEQUENCE_ON_COMMIT:
            # The sequencer module imports this one: imported at call time.
            from ..sequencer import request_sequencing

            transaction.on_commit(request_sequencing)
        return event


def sequences_in_transaction() -> bool:
    """Whether record() chains each event in its own transaction: on SQLite unless the settings say otherwise.

    SQLite takes its one write lock at BEGIN (transaction_mode IMMEDIATE), so its writers are serialized for
    their whole transaction whatever the chain does: chaining in the transaction costs them no wait, and
    `make run` and the tests need no worker for their events to be chained at once.
    """
    configured = settings.AUDIT_SEQUENCE_IN_TRANSACTION
    if configured is not None:
        return configured
    return connection.vendor == "sqlite"


def _chain_now(event: "AuditEvent") -> None:
    head = _lock_head(event.chain)
    # The sequencer may have chained events of this transaction already (sequence_pending() called inside
    # it): the head is where this one goes.
    event.created_at = timezone.now()
    event.sequence = head.length + 1
    event.previous_hash = head.last_hash
    event.hash = event.compute_hash()
    event.sequenced_at = event.created_at
    event.save(force_insert=True)
    AuditChainHead.objects.filter(pk=head.pk).update(
        last_event_id=event.pk, last_hash=event.hash, length=models.F("length") + 1
    )


def _lock_head(key: int) -> AuditChainHead:
    # select_for_update re-reads the row after waiting on PostgreSQL, so the
    # second of two concurrent writers chains onto the first. SQLite takes its
    # write lock at BEGIN (transaction_mode IMMEDIATE), which serializes writers.
    head = AuditChainHead.objects.select_for_update().filter(pk=key).first()
    if head is None:
        # The chain's first event (a new department, or after a flush). ignore_conflicts (ON CONFLICT DO
        # NOTHING) settles a race between two first writers without failing the transaction.
        AuditChainHead.objects.bulk_create([AuditChainHead(pk=key)], ignore_conflicts=True)
        head = AuditChainHead.objects.select_for_update().get(pk=key)
    return head


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


class Checkpoint(models.Model):
    """The chain head at a moment, signed with a key the database does not hold (audits.checkpoints).

    Kept here so packages and certificates can carry the latest one; it proves something only as a copy
    kept outside the database, which `manage.py audit_checkpoints --export` writes.
    """

    length = models.BigIntegerField(help_text="Events in the chain when it was signed.")
    last_event_id = models.BigIntegerField(null=True)
    last_hash = models.CharField(max_length=64)
    signed_at = models.DateTimeField()
    reason = models.CharField(max_length=20)
    # The department whose package or certificate asked for it; none for the scheduled ones.
    department = models.ForeignKey(
        "people.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Every chain's head, [chain, length, last event id, last hash] in chain order; last_hash is then their
    # digest (audits.checkpoints.heads_digest). None on checkpoints of the former single chain.
    heads = models.JSONField(
        null=True,
        blank=True,
        help_text="Every chain's head when it was signed "
        "(chain, length, last event id, last hash); none on checkpoints of the former "
        "single chain.",
    )
    key_id = models.CharField(max_length=16)
    signature = models.CharField(max_length=100)

    class Meta:
        indexes = [models.Index(fields=["length"])]

    def __str__(self):
        return f"checkpoint of {self.length} events, signed {self.signed_at:%Y-%m-%d %H:%M}"
