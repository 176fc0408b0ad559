"""The one door for permissions on people, training and authorizations (STYLE.md §3).

`visible(member, queryset)` keeps a member inside their own department;
`can(member, action, obj)` answers whether a visible object may be acted on.
Views fetch through `visible` (not there: 404) and ask `can` (no: 403).
"""

from django.core.exceptions import PermissionDenied

from . import designees
from .roles import Role


def can_grant(member) -> bool:
    """Only the chief, or a designee whose current designation covers authorizations, grants and revokes
    authorizations (3xx.3; issue 16.2)."""
    if member is None or not member.is_authenticated or member.department_id is None:
        return False
    return member.has_role(Role.CHIEF) or designees.current(member, designees.Scope.AUTHORIZATIONS) is not None


def can_record_training(member) -> bool:
    return (
        member.is_authenticated
        and member.department_id is not None
        and (can_grant(member) or member.has_role(Role.SUPERVISOR))
    )


def can_read_audit(member) -> bool:
    return member.is_authenticated and member.has_role(Role.CHIEF, Role.CUSTODIAN)


def can_edit_department(member) -> bool:
    return member.is_authenticated and member.has_role(Role.CHIEF)


def sees_department_records(member) -> bool:
    """The chief, a designee, supervisors and the records custodian see every member's training and
    authorizations (3xx.3, 3xx.7, 3xx.8); everyone else sees only their own."""
    return (
        member.is_authenticated
        and member.department_id is not None
        and (can_grant(member) or member.has_role(Role.SUPERVISOR, Role.CUSTODIAN))
    )


def can(member, action: str, obj=None) -> bool:
    rules = {
        "grant_authorization": can_grant,
        "revoke_authorization": can_grant,
        "name_designee": lambda m: m.is_authenticated and m.has_role(Role.CHIEF),
        "add_member": lambda m: m.is_authenticated and m.has_role(Role.CHIEF),
        "record_training": can_record_training,
        "read_audit": can_read_audit,
        "edit_department": can_edit_department,
        "view_member_status": sees_department_records,
    }
    if action not in rules:
        raise ValueError(f"unknown action {action!r}")
    if obj is not None and department_id_of(obj) != member.department_id:
        return False
    return rules[action](member)


def department_id_of(obj):
    """The department an object belongs to: itself for a department, its member's for a training record."""
    label = getattr(getattr(obj, "_meta", None), "label", "")
    if label == "people.Department":
        return obj.pk
    if label == "people.TrainingRecord":
        return obj.member.department_id
    return getattr(obj, "department_id", None)


def require(member, action: str, obj=None) -> None:
    if not can(member, action, obj):
        if (
            action in ("grant_authorization", "revoke_authorization")
            and designees.was_named(member)
            and (obj is None or department_id_of(obj) == member.department_id)
        ):
            # A lapsed or out-of-scope designee is told why (issue 16.2).
            raise PermissionDenied(designees.refusal(member, designees.Scope.AUTHORIZATIONS))
        raise PermissionDenied(f"You may not {action.replace('_', ' ')}.")


def visible(member, queryset):
    """Rows of the member's own department only; nothing for a member of none.

    Within the department: training records and authorizations are the
    member's own unless they see the department's records
    (`sees_department_records`); a covert account (general policy IV.E) is
    seen only by the chief and by members whose current authorization covers it.
    """
    if not member.is_authenticated or member.department_id is None:
        return queryset.none()
    label = queryset.model._meta.label
    if label == "people.Department":
        return queryset.filter(pk=member.department_id)
    if label == "people.TrainingRecord":
        queryset = queryset.filter(member__department_id=member.department_id)
        return queryset if sees_department_records(member) else queryset.filter(member_id=member.pk)
    queryset = queryset.filter(department_id=member.department_id)
    if label == "people.Authorization":
        return queryset if sees_department_records(member) else queryset.filter(member_id=member.pk)
    return queryset
