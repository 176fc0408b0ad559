"""The one door for permissions on records retention (STYLE.md §3; DESIGN.md "Who uses it").

The records custodian and the chief see the department's series, holds, batches, reports and
requests; nobody else does (403). Within that:
- only the custodian changes a retention schedule and approves or rejects a disposition batch
  (3xx.7: the custodian of records keeps the schedules);
- the custodian or the chief places and releases legal holds, opens and answers records requests,
  builds public-records packages, proposes a batch and exports the retention report, and attaches a batch's
  resolution and counsel's consent (issue 16.4);
- the retention commander (a role, 3xx.7) sees the disposition batches and signs them off, and nothing else.
`visible(member, queryset)` keeps everyone to their own department (another department's: 404).
"""

from django.core.exceptions import PermissionDenied

from people.roles import Role

VIEWERS = (Role.CUSTODIAN, Role.CHIEF)
CUSTODIAN_ONLY = {"edit_schedule", "approve_batch", "reject_batch", "choose_covert"}
# Covert records go into a package only with the chief's approval (general policy IV.E; issue 16.1).
CHIEF_ONLY = {"approve_covert"}
CUSTODIAN_OR_CHIEF = {
    "view",
    "propose_batch",
    "place_hold",
    "release_hold",
    "open_request",
    "extend_request",
    "close_request",
    "build_package",
    "export_report",
    "record_authority",
}
# The retention commander (3xx.7) signs off a disposition batch where the pack requires it (issue 16.4), and
# sees the batches to do so; nothing else of retention.
COMMANDER_ONLY = {"sign_off_batch", "view_batches"}
MESSAGES = {
    "view": "Only the records custodian and the chief see records retention.",
    "edit_schedule": "Only the records custodian changes a retention schedule.",
    "approve_batch": "Only the records custodian approves a disposition.",
    "reject_batch": "Only the records custodian rejects a disposition.",
    "sign_off_batch": "Only the retention commander signs off a disposition.",
    "choose_covert": "Only the records custodian chooses to include covert records in a package.",
    "approve_covert": "Only the chief approves including covert records in a package.",
    "view_batches": "Only the records custodian, the chief and the retention commander see disposition batches.",
}


def _department_id(obj):
    if obj._meta.label == "people.Department":
        return obj.pk
    if obj._meta.label == "retention.Tombstone":
        return obj.series.department_id
    return obj.department_id


def can(member, action: str, obj=None) -> bool:
    if action not in CUSTODIAN_ONLY | CUSTODIAN_OR_CHIEF | COMMANDER_ONLY | CHIEF_ONLY:
        raise ValueError(f"unknown action {action!r}")
    if member is None or not member.is_authenticated or member.department_id is None:
        return False
    if obj is not None and _department_id(obj) != member.department_id:
        return False
    if action in CUSTODIAN_ONLY:
        return member.has_role(Role.CUSTODIAN)
    if action in CHIEF_ONLY:
        return member.has_role(Role.CHIEF)
    if action == "view_batches":
        return member.has_role(*VIEWERS, Role.RETENTION_COMMANDER)
    if action == "sign_off_batch":
        return member.has_role(Role.RETENTION_COMMANDER)
    return member.has_role(*VIEWERS)


def message(member, action: str) -> str:
    section = member.department.cite("retention") if getattr(member, "department", None) else ""
    text = MESSAGES.get(action, f"You may not {action.replace('_', ' ')}.")
    return f"{text[:-1]} ({section})." if section else text


def require(member, action: str, obj=None) -> None:
    if not can(member, action, obj):
        raise PermissionDenied(message(member, action))


def visible(member, queryset):
    """The member's own department's rows, and only for the custodian and the chief; disposition batches for
    the retention commander too."""
    batches = queryset.model._meta.label == "retention.DispositionBatch"
    if not can(member, "view_batches" if batches else "view"):
        return queryset.none()
    if queryset.model._meta.label == "retention.Tombstone":
        return queryset.filter(series__department_id=member.department_id)
    return queryset.filter(department_id=member.department_id)
