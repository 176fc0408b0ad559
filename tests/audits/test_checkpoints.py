"""Signed checkpoints of the audit trail (issue 17.6): a chain rewritten in the database and re-hashed to
the end, head included, passes the hash walk but fails against checkpoints kept outside the database,
naming the first event after the last good checkpoint. Packages and certificates carry a checkpoint that
verifies with the public key alone."""

import base64
import io
import json
import zipfile

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from audits import chain, checkpoints, sequencer
from audits.models import AuditChainHead, AuditEvent, Checkpoint
from audits.tasks import sign_checkpoint_task
from retention import services as retention_services
from retention.packages import build_request_package

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


def record_events(department, count, label):
    with transaction.atomic():
        for n in range(count):
            AuditEvent.record(actor=None, action="tests.change", department=department, after={label: n})
    sequencer.sequence_pending()


def rewrite(event_id: int, after: dict) -> None:
    """What someone who owns the database can do: edit an event and re-hash it and every later one, and the
    head, so that the hash walk finds nothing wrong. (On PostgreSQL, as the owner, past the trigger.)"""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        victim = AuditEvent.objects.get(pk=event_id)
        in_chain = AuditEvent.objects.filter(chain=victim.chain)
        previous = (
            in_chain.filter(sequence__lt=victim.sequence).order_by("-sequence").values_list("hash", flat=True).first()
            or chain.GENESIS_HASH
        )
        for event in in_chain.filter(sequence__gte=victim.sequence).order_by("sequence"):
            if event.pk == event_id:
                event.after = chain.to_json_value(after)
            event.previous_hash = previous
            event.hash = event.compute_hash()
            AuditEvent.objects.filter(pk=event.pk).update(
                after=event.after, previous_hash=event.previous_hash, hash=event.hash
            )
            previous = event.hash
        AuditChainHead.objects.filter(pk=event.chain).update(last_hash=previous)


def export(tmp_path) -> str:
    path = tmp_path / "checkpoints.jsonl"
    call_command("audit_checkpoints", export=str(path), stdout=io.StringIO())
    return str(path)


def verify(checkpoint_file, public_key) -> str:
    out = io.StringIO()
    call_command("verify_audit_chain", checkpoint_file=checkpoint_file, public_key_file=str(public_key), stdout=out)
    return out.getvalue()


def test_a_checkpoint_signs_the_chain_head(department, signing_key):
    record_events(department, 3, "a")
    checkpoint = checkpoints.sign(reason=checkpoints.Reason.OPERATOR)
    head = AuditChainHead.objects.get(pk=department.pk)
    # Every chain's head is signed (issue 18); the department's among them.
    assert [department.pk, head.length, head.last_event_id, head.last_hash] in checkpoint.heads
    assert checkpoint.heads == checkpoints.current_heads()
    assert checkpoint.length == sum(length for _, length, _, _ in checkpoint.heads) == AuditEvent.objects.count()
    assert checkpoint.last_hash == checkpoints.heads_digest(checkpoint.heads)
    public = checkpoints.load_public_key(signing_key.read_text())
    assert checkpoints.signature_holds(checkpoints.as_record(checkpoint), public)
    forged = {**checkpoints.as_record(checkpoint), "last_hash": "f" * 64}
    assert not checkpoints.signature_holds(forged, public)


def test_a_rewritten_and_rehashed_chain_fails_against_the_checkpoints(department, signing_key, tmp_path):
    record_events(department, 5, "before")
    first_checkpoint = checkpoints.sign(reason=checkpoints.Reason.SCHEDULED)
    record_events(department, 5, "between")
    checkpoints.sign(reason=checkpoints.Reason.SCHEDULED)
    record_events(department, 2, "after")
    kept_outside = export(tmp_path)
    assert "agrees with 2 signed checkpoints" in verify(kept_outside, signing_key)

    target = AuditEvent.objects.filter(after__between=2).get()
    rewrite(target.pk, {"between": "nothing happened"})
    # The hash walk alone is fooled: every hash and the head agree with the rewritten contents.
    assert chain.verify().intact
    with pytest.raises(CommandError) as refused:
        verify(kept_outside, signing_key)
    first_after_good = AuditEvent.objects.filter(pk__gt=first_checkpoint.last_event_id).order_by("pk").first()
    assert f"from event {first_after_good.pk} on" in str(refused.value)
    assert refused.value.returncode == 1


def test_a_rewrite_after_the_last_checkpoint_is_not_claimed_to_be_caught(department, signing_key, tmp_path):
    """What checkpoints cannot prove: events signed by none of them. The next scheduled one covers them."""
    record_events(department, 3, "before")
    checkpoints.sign(reason=checkpoints.Reason.SCHEDULED)
    record_events(department, 2, "after")
    kept_outside = export(tmp_path)
    rewrite(AuditEvent.objects.filter(after__after=1).get().pk, {"after": "edited"})
    assert "agrees with 1 signed checkpoint" in verify(kept_outside, signing_key)


def test_a_deleted_tail_fails(department, signing_key, tmp_path):
    record_events(department, 4, "x")
    checkpoints.sign(reason=checkpoints.Reason.SCHEDULED)
    kept_outside = export(tmp_path)
    in_chain = AuditEvent.objects.filter(chain=department.pk)
    last = in_chain.order_by("-pk").first()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        AuditEvent.objects.filter(pk=last.pk).delete()
        previous = in_chain.order_by("-pk").first()
        AuditChainHead.objects.filter(pk=department.pk).update(
            last_event_id=previous.pk, last_hash=previous.hash, length=in_chain.count()
        )
    assert chain.verify().intact
    with pytest.raises(CommandError, match="events were deleted"):
        verify(kept_outside, signing_key)


def test_a_checkpoint_signed_with_another_key_is_refused(department, signing_key, tmp_path, settings):
    record_events(department, 2, "x")
    checkpoints.sign(reason=checkpoints.Reason.SCHEDULED)
    kept_outside = export(tmp_path)
    other = tmp_path / "other.pem"
    other.write_bytes(
        Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    with pytest.raises(CommandError, match="does not verify with this public key"):
        verify(kept_outside, other)


def test_the_scheduled_task_signs_only_when_the_chain_grew(department, signing_key):
    record_events(department, 2, "x")
    first = sign_checkpoint_task()
    assert sign_checkpoint_task() == first
    record_events(department, 1, "y")
    assert sign_checkpoint_task() != first
    assert Checkpoint.objects.count() == 2


def test_a_records_package_carries_a_checkpoint_that_verifies_with_the_public_key_alone(
    department, custodian, signing_key, tmp_path
):
    request = retention_services.open_request(
        by=custodian,
        requester="Oakley Press",
        received_on=timezone.localdate(),
        description="Everything",
        keywords="parade",
    )
    out = io.BytesIO()
    build_request_package(by=custodian, request=request, out=out)
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(out.getvalue())).read("manifest.json"))
    signed = manifest["audit_checkpoint"]
    public = serialization.load_pem_public_key(signing_key.read_bytes())
    assert manifest["audit_public_key"] == signing_key.read_text()
    statement = json.dumps(
        {key: signed[key] for key in ("length", "last_event_id", "last_hash", "signed_at", "heads")},
        sort_keys=True,
        separators=(",", ":"),
    ).encode()
    public.verify(base64.b64decode(signed["signature"]), statement)  # raises if it does not hold
    with pytest.raises(InvalidSignature):
        public.verify(base64.b64decode(signed["signature"]), statement.replace(b'"length":', b'"length":1'))
    # The chain held, at the moment the package was made, exactly what the checkpoint says.
    assert signed["last_hash"] == checkpoints.heads_digest(signed["heads"])
    for key, length, last_event_id, last_hash in signed["heads"]:
        event = AuditEvent.objects.get(pk=last_event_id)
        assert event.chain == key and event.hash == last_hash
        assert AuditEvent.objects.filter(chain=key, pk__lte=event.pk).count() == length
    assert sum(length for _, length, _, _ in signed["heads"]) == signed["length"]
    # And the manifest itself can be given to verify_audit_chain.
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(manifest))
    assert "agrees with 1 signed checkpoint" in verify(str(path), signing_key)


def test_without_a_configured_key_a_development_key_is_made_once(settings, tmp_path, department):
    settings.AUDIT_SIGNING_KEY = settings.AUDIT_SIGNING_KEY_FILE = ""
    settings.VAR_DIR = tmp_path
    first = checkpoints.current_key_id()
    assert (tmp_path / checkpoints.DEVELOPMENT_KEY_NAME).exists()
    assert checkpoints.current_key_id() == first


def test_the_chief_and_the_custodian_are_sent_the_latest_checkpoint_once_a_day(
    department, chief, custodian, pio, signing_key, mailoutbox
):
    from notifications import reminders
    from notifications.models import Notification

    for member in (chief, custodian, pio):
        member.email = f"{member.username}@oakley.example.gov"
        member.save(update_fields=["email"])
    record_events(department, 2, "x")
    checkpoint = checkpoints.sign(reason=checkpoints.Reason.SCHEDULED)
    reminders.run()
    told = Notification.objects.filter(kind="audits.checkpoint")
    assert set(told.values_list("recipient__username", flat=True)) == {"chief", "custodian"}
    assert all(checkpoint.signature in notice.reason and checkpoint.last_hash in notice.reason for notice in told)
    assert sorted(message.to[0] for message in mailoutbox) == sorted([chief.email, custodian.email])
    record_events(department, 1, "y")
    checkpoints.sign(reason=checkpoints.Reason.SCHEDULED)
    reminders.run()  # the same day: nobody is told twice
    assert Notification.objects.filter(kind="audits.checkpoint").count() == 2
