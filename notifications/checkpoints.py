"""The audit trail's signed checkpoints, written out by email (issue 17.6; audits.checkpoints).

A checkpoint proves something only as a copy the database's owner cannot reach. Once a day, the chief and
the records custodian of each department are sent the latest one: count, last event, its hash, the time
and the Ed25519 signature, with what to do with it. Their mailboxes are then one more place a rewritten
trail would have to be reconciled with, and cannot be.
"""

import json
from datetime import datetime

from django.utils import timezone

from audits.models import Checkpoint
from people.models import Department
from people.roles import Role

from .reminders import DueEvent, role_holders, source


@source("audits.checkpoint")
def checkpoint_digest(now: datetime):
    checkpoint = Checkpoint.objects.order_by("-length", "-id").first()
    if checkpoint is None:
        return
    day = timezone.localdate(now).isoformat()
    for department in Department.objects.all():
        recipients = (*role_holders(department.pk, Role.CHIEF), *role_holders(department.pk, Role.CUSTODIAN))
        yield DueEvent(
            key=f"audits.checkpoint:{day}:{department.pk}",
            kind="audits.checkpoint",
            department_id=department.pk,
            recipients=recipients,
            subject=f"Audit trail checkpoint for {day}: keep this message",
            reason=text(checkpoint),
            link="/",
        )


def text(checkpoint: Checkpoint) -> str:
    return (
        f"The audit trail held {checkpoint.length} events when it was signed at "
        f"{timezone.localtime(checkpoint.signed_at):%Y-%m-%d %H:%M %Z}; {_heads(checkpoint)}. Signature "
        f"(Ed25519, key {checkpoint.key_id}): {checkpoint.signature}. Keep this message outside socialgov: with "
        "the public key (manage.py audit_checkpoints --public-key) anyone can show that the trail was not "
        "rewritten up to this point (manage.py verify_audit_chain --checkpoints). CJIS Security Policy 5.4 "
        "asks that audit records be protected from alteration."
    )


def _heads(checkpoint: Checkpoint) -> str:
    if checkpoint.heads is None:  # a checkpoint of the single chain, before one chain per department
        return f"the last, event {checkpoint.last_event_id}, has the hash {checkpoint.last_hash}"
    heads = json.dumps(checkpoint.heads, separators=(",", ":"))
    return (
        f"the digest of its chains' heads is {checkpoint.last_hash}; the heads, one per department's chain "
        f"as [chain, events, last event, its hash], are {heads}"
    )
