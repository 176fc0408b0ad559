"""A member's conduct records: on their conduct page and in their export (issue 15.1, 15.2). Reviews of the
member are not in it: they are confidential to the chief, the reviewing supervisor and internal affairs."""

from django.utils import timezone

from .choices import PermissionStatus
from .models import PermissionRequest, PolicyAcknowledgment


def member_record(member) -> dict:
    requests = PermissionRequest.objects.filter(requester=member).select_related("decided_by", "subject_member")
    return {
        "acknowledgments": PolicyAcknowledgment.objects.filter(member=member).select_related("version"),
        "grants": [r for r in requests if r.status == PermissionStatus.GRANTED],
        "requests": requests,
    }


def member_export(member) -> dict:
    record = member_record(member)
    return {
        "member": {"id": member.pk, "name": member.get_full_name(), "username": member.username},
        "exported_at": timezone.now().isoformat(),
        "policy_acknowledgments": [
            {
                "version": a.version.version,
                "version_sha256": a.version.sha256,
                "effective_on": a.version.effective_on,
                "signature": a.signature,
                "shown": a.shown,
                "shown_sha256": a.shown_sha256,
                "acknowledged_at": a.acknowledged_at.isoformat(),
            }
            for a in record["acknowledgments"]
        ],
        "permission_requests": [
            {
                "id": r.pk,
                "kind": r.kind,
                "citation": r.citation,
                "status": r.status,
                "description": r.description,
                "platform": r.platform,
                "url": r.url,
                "until": r.until,
                "subject_member": r.subject_member_id,
                "conditions": r.conditions,
                "expires_on": r.expires_on,
                "reason": r.reason,
                "decided_by": r.decided_by.display_name if r.decided_by else None,
                "decided_at": r.decided_at.isoformat() if r.decided_at else None,
            }
            for r in record["requests"]
        ],
    }
