"""Lawful destruction (issue 16.4; California Government Code §34090; 3xx.7).

A city may destroy records older than two years only with the approval of its legislative body by resolution
and the written consent of the city attorney. Where the department's policy pack says so
(`destruction_requires_resolution`, true for every California pack), a disposition batch is approved only once
it has:

- the resolution: number, date and document;
- the city attorney's written consent: name, date and document;
- the retention commander's sign-off (a member holding the Retention Commander role).

The custodian (or the chief) records the first two; the retention commander signs off after. Approving a batch
without them is refused (409) naming what is missing; the certificate of destruction lists all three.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audits.models import AuditEvent
from socialgov.errors import InvalidTransition

from . import permissions
from .choices import BatchStatus
from .models import DestructionAuthority, DispositionBatch

# What a batch may lack, in the order they are gathered; the keys the API's 409 lists in `missing`.
RESOLUTION, CONSENT, SIGNOFF = "resolution", "counsel_consent", "retention_commander_signoff"
LABELS = {
    RESOLUTION: "the council's resolution",
    CONSENT: "the city attorney's written consent",
    SIGNOFF: "the retention commander's sign-off",
}
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


def required(department) -> bool:
    """Whether the department's pack requires a resolution and counsel's consent before destruction. A pack
    stored before the flag existed answers by its state: every California pack requires them."""
    policy = department.policy or {}
    return bool(policy.get("destruction_requires_resolution", policy.get("state") == "CA"))


def citation(department) -> str:
    return (department.policy or {}).get("legal_minimum_retention_citation") or "California Government Code §34090"


def missing(batch: DispositionBatch) -> list[str]:
    """What the batch still lacks before it may be approved; empty where the pack requires nothing."""
    if not required(batch.department):
        return []
    authority = getattr(batch, "authority", None)
    if authority is None:
        return [RESOLUTION, CONSENT, SIGNOFF]
    return [] if authority.signed_off else [SIGNOFF]


def require_complete(batch: DispositionBatch) -> None:
    """409 naming each thing the batch lacks (disposition.approve asks this)."""
    if lacking := missing(batch):
        names = ", ".join(LABELS[key] for key in lacking)
        raise InvalidTransition(
            batch,
            "approved",
            f"{batch} cannot be approved without {names} ({citation(batch.department)}).",
            details={"missing": lacking},
        )


def _document(field: str, upload) -> tuple[object, str]:
    if upload is None or not getattr(upload, "size", 0):
        raise ValidationError({field: ["Attach the signed document."]})
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError({field: [f"The document is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB."]})
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return upload, digest.hexdigest()


def _text(field: str, value, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: ["This field is required."]})
    if len(value) > limit:
        raise ValidationError({field: [f"At most {limit} characters."]})
    return value


def snapshot(authority: DestructionAuthority | None) -> dict | None:
    """The authority as the audit trail and the certificate of destruction record it."""
    if authority is None:
        return None
    signer = authority.signed_off_by
    return {
        "resolution": {
            "number": authority.resolution_number,
            "date": authority.resolution_date,
            "document": authority.resolution_document.name,
            "sha256": authority.resolution_sha256,
        },
        "counsel_consent": {
            "name": authority.counsel_name,
            "date": authority.counsel_consent_date,
            "document": authority.counsel_document.name,
            "sha256": authority.counsel_sha256,
        },
        "retention_commander_signoff": (
            {
                "member": {"id": signer.pk, "name": signer.display_name},
                "at": authority.signed_off_at,
                "note": authority.signoff_note,
            }
            if authority.signed_off
            else None
        ),
        "recorded_by": {"id": authority.recorded_by_id, "name": authority.recorded_by.display_name},
        "recorded_at": authority.recorded_at,
    }


def _lock(batch: DispositionBatch) -> DispositionBatch:
    return DispositionBatch.objects.select_for_update().select_related("department").get(pk=batch.pk)


@transaction.atomic
def record_authority(
    *,
    by,
    batch: DispositionBatch,
    resolution_number,
    resolution_date,
    resolution_document,
    counsel_name,
    counsel_consent_date,
    counsel_document,
) -> DestructionAuthority:
    """The custodian or the chief attaches the resolution and the city attorney's consent to a proposed batch.
    Recorded again (a corrected document) until the retention commander has signed off; after that, 409."""
    batch = _lock(batch)
    permissions.require(by, "record_authority", batch)
    if batch.status != BatchStatus.PROPOSED:
        raise InvalidTransition(
            batch,
            "given its authority",
            f"{batch} is {batch.get_status_display().lower()}; the resolution and consent are "
            "attached to a batch awaiting the custodian.",
        )
    existing = DestructionAuthority.objects.select_for_update().filter(batch=batch).first()
    if existing is not None and existing.signed_off:
        raise InvalidTransition(
            batch,
            "given another authority",
            f"The retention commander has signed off {batch}'s authority; it cannot change.",
        )
    number = _text("resolution_number", resolution_number, 60)
    name = _text("counsel_name", counsel_name, 200)
    today = timezone.localdate()
    for field, day in (("resolution_date", resolution_date), ("counsel_consent_date", counsel_consent_date)):
        if day is None:
            raise ValidationError({field: ["This field is required."]})
        if day > today:
            raise ValidationError({field: ["The date cannot be in the future."]})
    resolution_file, resolution_sha = _document("resolution_document", resolution_document)
    counsel_file, counsel_sha = _document("counsel_document", counsel_document)
    before = snapshot(existing)
    authority = existing or DestructionAuthority(batch=batch)
    authority.resolution_number, authority.resolution_date = number, resolution_date
    authority.resolution_document, authority.resolution_sha256 = resolution_file, resolution_sha
    authority.counsel_name, authority.counsel_consent_date = name, counsel_consent_date
    authority.counsel_document, authority.counsel_sha256 = counsel_file, counsel_sha
    authority.recorded_by, authority.recorded_at = by, timezone.now()
    authority.save()
    AuditEvent.record(
        actor=by,
        action="retention.batch.authority",
        target=batch,
        department=batch.department,
        before=before,
        after=snapshot(authority),
    )
    return authority


@transaction.atomic
def sign_off(*, by, batch: DispositionBatch, note: str = "") -> DestructionAuthority:
    """The retention commander signs off the batch and its authority (3xx.7). 409 before the resolution and
    consent are attached, once signed off, or once the batch is decided."""
    batch = _lock(batch)
    permissions.require(by, "sign_off_batch", batch)
    if batch.status != BatchStatus.PROPOSED:
        raise InvalidTransition(
            batch,
            "signed off",
            f"{batch} is {batch.get_status_display().lower()}; only a batch awaiting the custodian is signed off.",
        )
    authority = DestructionAuthority.objects.select_for_update().filter(batch=batch).first()
    if authority is None:
        raise InvalidTransition(
            batch,
            "signed off",
            f"{batch} has no resolution and consent yet: they are attached before the sign-off.",
            details={"missing": [RESOLUTION, CONSENT]},
        )
    if authority.signed_off:
        raise InvalidTransition(batch, "signed off", f"{batch} is signed off already.")
    note = (note or "").strip()
    if len(note) > 2000:
        raise ValidationError({"note": ["At most 2000 characters."]})
    authority.signed_off_by, authority.signed_off_at, authority.signoff_note = by, timezone.now(), note
    authority.save(update_fields=["signed_off_by", "signed_off_at", "signoff_note"])
    AuditEvent.record(
        actor=by,
        action="retention.batch.signoff",
        target=batch,
        department=batch.department,
        before={"signed_off": False},
        after={"signed_off": True, "note": note, "title": batch.department.retention_commander_title},
    )
    return authority
