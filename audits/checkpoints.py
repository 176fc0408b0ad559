"""Signed checkpoints of the audit trail (issue 17.6): a rewrite of the chain contradicts something the
rewriter cannot change.

The hash chain (audits.chain) proves that no event was edited, deleted or reordered, but only to someone
who trusts the database: whoever can write to it can rewrite an event, recompute every later hash and
the chain head, and the chain verifies again. So at a regular interval, and at every public-records
package and certificate of destruction, the chain head (how many events, the last event's id and hash,
the time) is signed with an Ed25519 key the database does not hold. The checkpoints are stored, and
also carried outside the database: in each package's manifest and certificate, and in the file
`manage.py audit_checkpoints --export FILE` writes. `verify_audit_chain --checkpoints FILE` then checks
the chain against checkpoints kept elsewhere, with the public key alone: a rewritten, re-hashed chain
no longer has, at a checkpoint's position, the hash that was signed there.

This is what Certificate Transparency's signed tree heads and AWS QLDB's digests do for their logs.

The private key comes from `AUDIT_SIGNING_KEY_FILE` (a PEM file, PKCS #8) or `AUDIT_SIGNING_KEY` (its
PEM text). Without either, a key is made once in the var directory for development; a deployment's
`check --deploy` warns until one is configured (audits.checks).
"""

import base64
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import chain
from .models import AuditChainHead, AuditEvent, Checkpoint

DEVELOPMENT_KEY_NAME = "audit-signing-key.pem"


class Reason:
    SCHEDULED = "scheduled"
    PACKAGE = "package"
    CERTIFICATE = "certificate"
    OPERATOR = "operator"


# Keys


def private_key() -> Ed25519PrivateKey:
    pem = _configured_pem()
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(f"The audit signing key is not a PEM private key: {error}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured("The audit signing key must be an Ed25519 key.")
    return key


def public_key_pem() -> str:
    return (
        private_key()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def load_public_key(pem: str | bytes) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(pem.encode() if isinstance(pem, str) else pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def key_id(public_key: Ed25519PublicKey) -> str:
    """A short name for the key: the SHA-256 of its raw bytes, first 16 hex digits."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def is_configured() -> bool:
    return bool(settings.AUDIT_SIGNING_KEY or settings.AUDIT_SIGNING_KEY_FILE)


def _configured_pem() -> bytes:
    if settings.AUDIT_SIGNING_KEY:
        return settings.AUDIT_SIGNING_KEY.encode()
    if settings.AUDIT_SIGNING_KEY_FILE:
        try:
            return Path(settings.AUDIT_SIGNING_KEY_FILE).read_bytes()
        except OSError as error:
            raise ImproperlyConfigured(f"AUDIT_SIGNING_KEY_FILE cannot be read: {error}") from None
    return _development_key()


def _development_key() -> bytes:
    path = Path(settings.VAR_DIR) / DEVELOPMENT_KEY_NAME
    if not path.exists():
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        try:
            with open(path, "xb") as file:  # two first writers: one makes it, the other reads it
                file.write(pem)
            path.chmod(0o600)
        except FileExistsError:
            pass
    return path.read_bytes()


# Signing


def current_heads() -> list[list]:
    """Every chain's head as [chain, length, last event id, last hash], in chain order (issue 18).

    Heads move only as the sequencer chains events (audits.sequencer), so a checkpoint signs sequenced events
    only; pending ones are signed by a later checkpoint. One SELECT, so one snapshot: a batch and its chain's
    head commit together, and no head is read half-way through a batch. No lock is taken.
    """
    return [
        list(row)
        for row in AuditChainHead.objects.filter(length__gt=0)
        .order_by("pk")
        .values_list("pk", "length", "last_event_id", "last_hash")
    ]


def heads_digest(heads: list[list]) -> str:
    """The checkpoint's last_hash when it signs every chain's head: SHA-256 over their canonical JSON."""
    return hashlib.sha256(json.dumps(heads, separators=(",", ":")).encode()).hexdigest()


def statement(*, length: int, last_event_id: int | None, last_hash: str, signed_at: str, heads=None) -> bytes:
    """The exact bytes signed: the chain heads at a moment, canonical JSON. Checkpoints of the former
    single chain (before issue 18) carry no heads and sign the same bytes as they always did."""
    signed = {"length": length, "last_event_id": last_event_id, "last_hash": last_hash, "signed_at": signed_at}
    if heads is not None:
        signed["heads"] = heads
    return json.dumps(signed, sort_keys=True, separators=(",", ":")).encode()


@transaction.atomic
def sign(*, reason: str, department=None) -> Checkpoint:
    """Sign every chain's head as it stands: the total length, the highest last event id and the digest of
    the heads, with the heads themselves, so a verifier can check each chain at its signed position."""
    key = private_key()
    heads = current_heads()
    length = sum(head[1] for head in heads)
    last_id = max((head[2] for head in heads), default=None)
    last_hash = heads_digest(heads)
    signed_at = timezone.now().replace(microsecond=0)
    text = statement(
        length=length, last_event_id=last_id, last_hash=last_hash, signed_at=signed_at.isoformat(), heads=heads
    )
    return Checkpoint.objects.create(
        length=length,
        last_event_id=last_id,
        last_hash=last_hash,
        heads=heads,
        signed_at=signed_at,
        reason=reason,
        department=department,
        key_id=key_id(key.public_key()),
        signature=base64.b64encode(key.sign(text)).decode(),
    )


def latest_or_new(*, reason: str, department=None) -> Checkpoint:
    """A checkpoint of the chains as they stand now: the latest, if nothing was recorded since, else a new one."""
    latest = Checkpoint.objects.order_by("-length", "-id").first()
    if latest is not None and latest.heads == current_heads() and latest.key_id == current_key_id():
        return latest
    return sign(reason=reason, department=department)


def current_key_id() -> str:
    return key_id(private_key().public_key())


def as_record(checkpoint: Checkpoint) -> dict:
    """What is written outside the database: enough to verify with the public key alone."""
    return {
        "length": checkpoint.length,
        "last_event_id": checkpoint.last_event_id,
        "last_hash": checkpoint.last_hash,
        "signed_at": checkpoint.signed_at.isoformat(),
        "key_id": checkpoint.key_id,
        "signature": checkpoint.signature,
        "reason": checkpoint.reason,
        **({"heads": checkpoint.heads} if checkpoint.heads is not None else {}),
    }


def signature_holds(record: dict, public_key: Ed25519PublicKey) -> bool:
    try:
        heads = record.get("heads")
        if heads is not None and heads_digest(heads) != record["last_hash"]:
            return False
        text = statement(
            length=int(record["length"]),
            last_event_id=record["last_event_id"],
            last_hash=str(record["last_hash"]),
            signed_at=str(record["signed_at"]),
            heads=heads,
        )
        public_key.verify(base64.b64decode(record["signature"]), text)
    except (InvalidSignature, KeyError, TypeError, ValueError):
        return False
    return True


# Verifying the chain against checkpoints kept outside the database


@dataclass(frozen=True)
class CheckpointVerification:
    checked: int
    checkpoints: int
    first_suspect_event_id: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return not self.problem

    def __str__(self):
        if self.intact:
            return (
                f"Audit chain agrees with {self.checkpoints} signed checkpoint"
                f"{'' if self.checkpoints == 1 else 's'} ({self.checked} events read)."
            )
        where = f"event {self.first_suspect_event_id}" if self.first_suspect_event_id is not None else "the chain"
        return f"Audit chain contradicts its signed checkpoints from {where} on: {self.problem}"


def verify_against(records: list[dict], public_key: Ed25519PublicKey, *, chunk_size: int = 2000):
    """Walk every chain in the order of its places; at each checkpoint's position in a chain the event must be
    the one it signed.

    A checkpoint whose signature does not hold is itself the problem. On a mismatch the first event of that
    chain after its last checkpoint that held is named: the rewrite is there or later.
    """
    for number, record in enumerate(records, 1):
        if not signature_holds(record, public_key):
            return CheckpointVerification(
                0,
                len(records),
                None,
                f"checkpoint {number} (signed {record.get('signed_at')}) does not "
                "verify with this public key; it is not one this installation signed",
            )
    pending = _expected_positions(records)
    good_last_id: dict[int, int] = {}
    position: dict[int, int] = {}
    read = 0
    for key, pk, event_hash in _chain_positions(chunk_size):
        read += 1
        expected = pending.get(key)
        if not expected:
            continue
        # Counted, not read from `sequence`: a deleted event shifts every later one, as the signed length says.
        position[key] = at = position.get(key, 0) + 1
        while expected and expected[0][0] == at:
            _, last_id, last_hash, record = expected.pop(0)
            if last_id != pk or last_hash != event_hash:
                return _contradiction(key, at, good_last_id.get(key, 0), record)
            good_last_id[key] = pk
    for key, expected in sorted(pending.items()):
        if expected:
            return _contradiction(key, position.get(key, 0), good_last_id.get(key, 0), expected[0][3], missing=True)
    return CheckpointVerification(read, len(records))


def _expected_positions(records: list[dict]) -> dict[int, list[tuple]]:
    """chain -> [(position, event id, hash, record)] in position order, from every checkpoint's heads. A
    checkpoint without heads signed the former single chain (audits.chain.FORMER_SINGLE_CHAIN)."""
    pending: dict[int, list[tuple]] = {}
    for record in records:
        heads = record.get("heads")
        if heads is None:
            heads = [[chain.FORMER_SINGLE_CHAIN, record["length"], record["last_event_id"], record["last_hash"]]]
        for key, length, last_id, last_hash in heads:
            if int(length) > 0:  # a checkpoint of an empty chain says nothing about any event
                pending.setdefault(int(key), []).append((int(length), last_id, last_hash, record))
    for expected in pending.values():
        expected.sort(key=lambda item: item[0])
    return pending


def _chain_positions(chunk_size: int):
    """(chain, id, hash) of every chained event in (chain, sequence) order, a page at a time (constant memory)."""
    events = AuditEvent.objects.chained().order_by("chain", "sequence").values_list("chain", "pk", "hash", "sequence")
    page = list(events[:chunk_size])
    while page:
        yield from (row[:3] for row in page)
        if len(page) < chunk_size:
            return
        key, _, _, place = page[-1]
        page = list(events.filter(Q(chain__gt=key) | Q(chain=key, sequence__gt=place))[:chunk_size])


def _contradiction(key, position, good_last_id, record, *, missing=False):
    after = AuditEvent.objects.filter(pk=good_last_id).values_list("sequence", flat=True).first() or 0
    first = (
        AuditEvent.objects.filter(chain=key, sequence__gt=after)
        .order_by("sequence")
        .values_list("pk", flat=True)
        .first()
    )
    if missing:
        problem = (
            f"{chain.chain_name(key)} holds only {position} events; the checkpoint signed "
            f"{record['signed_at']} counts more, and those are gone (events were deleted)"
        )
    else:
        problem = (
            f"the checkpoint signed {record['signed_at']} does not match the event now at position "
            f"{position} of {chain.chain_name(key)}: events after the last good checkpoint were "
            "rewritten, deleted or inserted"
        )
    return CheckpointVerification(position, 0, first, problem)
