"""The one door for permissions on undercover operations (STYLE.md §3; general policy IV.E; issue 16.1).

Everything about an operation is invisible (404) to members who are not assigned to it: its monitoring
supervisor and the members assigned (until the operation closes) see it; so do the chief and, for its records,
the records custodian, and a designee whose scope covers covert operations (who approves them). Within that:
- a supervisor or the chief proposes an operation;
- the chief, or a designee whose scope covers covert operations (§3xx.3), approves it;
- only its monitoring supervisor writes the monitoring log;
- its monitoring supervisor and the members assigned record postings to other sites;
- the chief or its monitoring supervisor closes it.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from people import designees
from people.roles import Role

MESSAGES = {
    "create": "Only a supervisor or the chief proposes an undercover operation.",
    "log": "Only the operation's monitoring supervisor writes its monitoring log.",
    "record_posting": "Only the operation's monitoring supervisor and the members assigned record its postings.",
    "close": "Only the chief or the operation's monitoring supervisor closes it.",
}


def _signed_in(member) -> bool:
    return member is not None and member.is_authenticated and member.department_id is not None


def sees_every_operation(member) -> bool:
    """The chief, a designee who approves covert operations in the chief's stead, and (for its records) the
    records custodian."""
    return (
        member.has_role(Role.CHIEF, Role.CUSTODIAN)
        or designees.current(member, designees.Scope.COVERT_OPERATIONS) is not None
    )


def visible(member, queryset, *, approvers: bool = True):
    """Operations (or their log entries and postings) the member may know exist. `approvers=False` leaves the
    designee rule out, so the answer is one lazy query (posts' covert-account filter, posts.hooks)."""
    if not _signed_in(member):
        return queryset.none()
    prefix = "" if queryset.model._meta.label == "operations.Operation" else "operation__"
    queryset = queryset.filter(**{f"{prefix}department_id": member.department_id})
    if member.has_role(Role.CHIEF, Role.CUSTODIAN) or (approvers and sees_every_operation(member)):
        return queryset
    return queryset.filter(
        Q(**{f"{prefix}monitoring_supervisor": member})
        | Q(**{f"{prefix}assignments__member": member, f"{prefix}assignments__ended_at__isnull": True})
    ).distinct()


def is_assigned(member, operation) -> bool:
    return operation.assignments.filter(member=member, ended_at__isnull=True).exists()


def approval_refusal(member, operation=None) -> str:
    """Why the member may not approve an operation; empty if they may (the chief, or a designee in scope)."""
    if member.has_role(Role.CHIEF):
        return ""
    return designees.refusal(member, designees.Scope.COVERT_OPERATIONS)


def can(member, action: str, obj=None) -> bool:
    if not _signed_in(member):
        return False
    if obj is not None and obj.department_id != member.department_id:
        return False
    match action:
        case "create":
            return member.has_role(Role.SUPERVISOR, Role.CHIEF)
        case "approve":
            return not approval_refusal(member, obj)
        case "log":
            return obj.monitoring_supervisor_id == member.pk
        case "record_posting":
            return obj.monitoring_supervisor_id == member.pk or is_assigned(member, obj)
        case "close":
            return member.has_role(Role.CHIEF) or obj.monitoring_supervisor_id == member.pk
    raise ValueError(f"unknown action {action!r}")


def require(member, action: str, obj=None) -> None:
    if action == "approve" and (reason := approval_refusal(member, obj)):
        raise PermissionDenied(reason)
    if not can(member, action, obj):
        raise PermissionDenied(MESSAGES.get(action, f"You may not {action.replace('_', ' ')}."))
