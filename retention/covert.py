"""Covert records in a public-records package (general policy IV.E; issue 16.1).

A package leaves posts and comments on covert accounts out by default. For e-discovery the records custodian may
choose to include them, with a reason; they go in only once the chief approves, with a reason. Both steps are
audited; the package's manifest says which applied.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audits.models import AuditEvent
from socialgov.errors import InvalidTransition

from . import permissions
from .models import CovertInclusion, RecordsRequest
from .services import _lock_open_request


def _reason(field: str, value) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: ["Say why covert records belong in this package."]})
    if len(value) > 5000:
        raise ValidationError({field: ["At most 5000 characters."]})
    return value


def included(request: RecordsRequest) -> bool:
    """Whether the request's package includes covert records: chosen by the custodian and approved by the chief."""
    inclusion = CovertInclusion.objects.filter(request_id=request.pk).first()
    return inclusion is not None and inclusion.approved


def snapshot(inclusion: CovertInclusion | None) -> dict | None:
    if inclusion is None:
        return None
    return {
        "chosen_by": inclusion.chosen_by_id,
        "chosen_at": inclusion.chosen_at,
        "reason": inclusion.reason,
        "approved_by": inclusion.approved_by_id,
        "approved_at": inclusion.approved_at,
        "approval_reason": inclusion.approval_reason,
    }


@transaction.atomic
def choose(*, by, request: RecordsRequest, reason: str) -> CovertInclusion:
    """The custodian chooses to include covert records (409 if already chosen or the request is closed)."""
    request = _lock_open_request(request, "given covert records")
    permissions.require(by, "choose_covert", request)
    if CovertInclusion.objects.filter(request=request).exists():
        raise InvalidTransition(request, "given covert records", "Covert records were chosen for this request already.")
    inclusion = CovertInclusion.objects.create(
        request=request, chosen_by=by, chosen_at=timezone.now(), reason=_reason("reason", reason)
    )
    AuditEvent.record(actor=by, action="retention.request.covert_choose", target=request, after=snapshot(inclusion))
    return inclusion


@transaction.atomic
def approve(*, by, request: RecordsRequest, reason: str) -> CovertInclusion:
    """The chief approves including covert records (409 before the custodian chose to, or once approved)."""
    request = _lock_open_request(request, "given covert records")
    permissions.require(by, "approve_covert", request)
    inclusion = CovertInclusion.objects.select_for_update().filter(request=request).first()
    if inclusion is None:
        raise InvalidTransition(
            request,
            "given covert records",
            "The records custodian has not chosen to include covert records in this package.",
        )
    if inclusion.approved:
        raise InvalidTransition(request, "given covert records", "Including covert records was approved already.")
    before = snapshot(inclusion)
    inclusion.approved_by, inclusion.approved_at = by, timezone.now()
    inclusion.approval_reason = _reason("reason", reason)
    inclusion.save(update_fields=["approved_by", "approved_at", "approval_reason"])
    AuditEvent.record(
        actor=by, action="retention.request.covert_approve", target=request, before=before, after=snapshot(inclusion)
    )
    return inclusion
