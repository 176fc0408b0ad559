"""A chain per department (issue 18): each department's events link only to each other, events without a
department to the installation's chain, and the events recorded before (the former single chain) keep
verifying, against the checkpoints signed then too. Tampering is still named, in whichever chain."""

import base64
import io

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from audits import chain, checkpoints
from audits.models import AuditChainHead, AuditEvent, Checkpoint
from people.models import Department

from .helpers import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def signing_key(tmp_path, settings):
    key = Ed25519PrivateKey.generate()
    path = tmp_path / "audit-signing-key.pem"
    path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    settings.AUDIT_SIGNING_KEY_FILE = str(path)
    public = tmp_path / "audit-public-key.pem"
    public.write_text(checkpoints.public_key_pem())
    return public


@pytest.fixture
def second(department):
    return Department.objects.create(name="Vista Police Department", slug="vista", policy_number="322")


def interleaved(first, second, count=4):
    events = []
    for n in range(count):
        events.append(record(department=first, after={"n": n}))
        events.append(record(department=second, after={"n": n}))
        events.append(record(department=None, after={"n": n}))
    return events


def in_chain(key):
    return list(AuditEvent.objects.filter(chain=key).order_by("pk"))


def test_each_department_and_the_installation_has_its_own_chain(department, second):
    interleaved(department, second)
    for key in (department.pk, second.pk, chain.INSTALLATION_CHAIN):
        events = in_chain(key)
        assert len(events) >= 4
        assert events[0].previous_hash == chain.GENESIS_HASH
        assert all(later.previous_hash == earlier.hash for earlier, later in zip(events, events[1:], strict=False))
        assert all(event.department_id == (None if key == chain.INSTALLATION_CHAIN else key) for event in events)
        head = AuditChainHead.objects.get(pk=key)
        assert (head.length, head.last_event_id, head.last_hash) == (len(events), events[-1].pk, events[-1].hash)
    result = chain.verify(chunk_size=3)
    assert result.intact and result.checked == AuditEvent.objects.count()


def test_an_edit_in_one_chain_is_named_while_the_others_hold(department, second, tamper):
    events = [event for event in interleaved(department, second) if event.department_id == second.pk]
    victim = events[1]
    with tamper():
        AuditEvent.objects.filter(pk=victim.pk).update(after={"n": 99})
    result = chain.verify(chunk_size=2)
    assert result.broken_event_id == victim.pk and "altered" in result.problem


def test_an_event_moved_to_another_departments_chain_is_named(department, second, tamper):
    events = interleaved(department, second)
    moved = events[-3]  # the first department's last event
    with tamper():
        AuditEvent.objects.filter(pk=moved.pk).update(chain=second.pk)
    result = chain.verify()
    assert not result.intact and result.broken_event_id == moved.pk


def test_a_relinked_event_is_named_by_the_next_in_its_chain(department, second, tamper):
    events = [event for event in interleaved(department, second) if event.department_id == department.pk]
    victim = AuditEvent.objects.get(pk=events[1].pk)
    victim.after = {"n": 400}
    with tamper():
        AuditEvent.objects.filter(pk=victim.pk).update(after=victim.after, hash=victim.compute_hash())
    result = chain.verify()
    assert result.broken_event_id == events[2].pk and f"does not link to event {victim.pk}" in result.problem


def former_single_chain(first, second, count=6) -> list[AuditEvent]:
    """Events as they were recorded before issue 18: one chain across departments, its head row keyed -1 by
    the data migration (audits 0009), which gave the existing rows chain -1 without rewriting them, and their
    place in it (audits 0010)."""
    previous, events = chain.GENESIS_HASH, []
    with transaction.atomic():
        for n in range(count):
            event = AuditEvent(
                department=first if n % 2 else second,
                actor_name="system",
                action="tests.before",
                after={"n": n},
                created_at=timezone.now(),
                previous_hash=previous,
                chain=chain.FORMER_SINGLE_CHAIN,
                sequence=n + 1,
            )
            event.sequenced_at = event.created_at
            event.hash = event.compute_hash()
            event.save(force_insert=True)
            previous = event.hash
            events.append(event)
        AuditChainHead.objects.update_or_create(
            pk=chain.FORMER_SINGLE_CHAIN,
            defaults={"length": count, "last_event_id": events[-1].pk, "last_hash": events[-1].hash},
        )
    return events


def former_checkpoint(events) -> dict:
    """A checkpoint as issue 17.6 signed it: length, last event id and hash of the single chain, no heads."""
    signed_at = timezone.now().replace(microsecond=0).isoformat()
    last = events[-1]
    text = checkpoints.statement(length=len(events), last_event_id=last.pk, last_hash=last.hash, signed_at=signed_at)
    key = checkpoints.private_key()
    return {
        "length": len(events),
        "last_event_id": last.pk,
        "last_hash": last.hash,
        "signed_at": signed_at,
        "key_id": checkpoints.current_key_id(),
        "reason": "scheduled",
        "signature": base64.b64encode(key.sign(text)).decode(),
    }


def test_the_former_single_chain_keeps_verifying_next_to_the_new_ones(department, second, signing_key):
    before = former_single_chain(department, second)
    kept_outside = former_checkpoint(before)
    interleaved(department, second, count=2)
    assert chain.verify().intact
    public = checkpoints.load_public_key(signing_key.read_text())
    assert checkpoints.verify_against([kept_outside], public).intact
    # A checkpoint signed now covers the former chain and every new one.
    now = checkpoints.as_record(checkpoints.sign(reason=checkpoints.Reason.OPERATOR))
    keys = [head[0] for head in now["heads"]]
    assert chain.FORMER_SINGLE_CHAIN in keys and department.pk in keys and chain.INSTALLATION_CHAIN in keys
    assert checkpoints.signature_holds(now, public)
    assert checkpoints.verify_against([kept_outside, now], public).intact


def test_an_edit_in_the_former_single_chain_is_named(department, second, tamper):
    before = former_single_chain(department, second)
    interleaved(department, second, count=1)
    with tamper():
        AuditEvent.objects.filter(pk=before[2].pk).update(action="tests.rewritten")
    result = chain.verify()
    assert result.broken_event_id == before[2].pk and "altered" in result.problem


def test_a_rewrite_in_one_departments_chain_contradicts_the_checkpoint(department, second, signing_key, tmp_path):
    events = interleaved(department, second)
    checkpoints.sign(reason=checkpoints.Reason.SCHEDULED)
    ours = [event for event in events if event.department_id == second.pk]
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        previous = ours[0].hash
        for event in AuditEvent.objects.filter(chain=second.pk, pk__gt=ours[0].pk).order_by("pk"):
            event.after = {"rewritten": True}
            event.previous_hash = previous
            event.hash = event.compute_hash()
            AuditEvent.objects.filter(pk=event.pk).update(after=event.after, previous_hash=previous, hash=event.hash)
            previous = event.hash
        AuditChainHead.objects.filter(pk=second.pk).update(last_hash=previous)
    assert chain.verify().intact  # the hash walk alone is fooled
    path = tmp_path / "checkpoints.jsonl"
    call_command("audit_checkpoints", export=str(path), stdout=io.StringIO())
    with pytest.raises(CommandError) as refused:
        call_command(
            "verify_audit_chain", checkpoint_file=str(path), public_key_file=str(signing_key), stdout=io.StringIO()
        )
    assert f"from event {AuditEvent.objects.filter(chain=second.pk).order_by('pk')[0].pk} on" in str(refused.value)
    assert f"department {second.pk}'s chain" in str(refused.value)


def test_a_checkpoint_with_forged_heads_does_not_verify(department, signing_key):
    record(department=department)
    signed = checkpoints.as_record(checkpoints.sign(reason=checkpoints.Reason.OPERATOR))
    public = checkpoints.load_public_key(signing_key.read_text())
    forged = {**signed, "heads": [[head[0], head[1] + 1, head[2], head[3]] for head in signed["heads"]]}
    assert not checkpoints.signature_holds(forged, public)
    assert Checkpoint.objects.count() == 1
