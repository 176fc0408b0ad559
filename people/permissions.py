"""The one door for permissions on people, training and authorizations (STYLE.md §3).

`visible(member, queryset)` keeps a member inside their own department;
`can(member, action, obj)` answers whether a visible object may be acted on.
Views fetch through `visible` (not there: 404) and ask `can` (no: 403).
"""

from django.core.exceptions import PermissionDenied

from .roles import Role


def can_grant(member) -> bool:
    """Only the chief, or a designee the chief has named, grants and revokes authorizations (3xx.3)."""
    if member is None or not member.is_authenticated or member.department_id is None:
        return False
    if member.has_role(Role.CHIEF):
        return True
    return member.designated_by_departments.filter(pk=member.department_id).exists()


def can_record_training(member) -> bool:
    return member.is_authenticated and member.department_id is not None and (
        can_grant(member) or member.has_role(Role.SUPERVISOR)
    )


def can_read_audit(member) -> bool:
    return member.is_authenticated and member.has_role(Role.CHIEF, Role.CUSTODIAN)


def can_edit_department(member) -> bool:
    return member.is_authenticated and member.has_role(Role.CHIEF)


def can(member, action: str, obj=None) -> bool:
    rules = {
        "grant_authorization": can_grant,
        "revoke_authorization": can_grant,
        "name_designee": lambda m: m.is_authenticated and m.has_role(Role.CHIEF),
        "add_member": lambda m: m.is_authenticated and m.has_role(Role.CHIEF),
        "record_training": can_record_training,
        "read_audit": can_read_audit,
        "edit_department": can_edit_department,
        "view_member_status": lambda m: can_grant(m) or m.has_role(Role.SUPERVISOR, Role.CUSTODIAN),
    }
    if action not in rules:
        raise ValueError(f"unknown action {action!r}")
    if obj is not None and getattr(obj, "department_id", None) != member.department_id:
        return False
    return rules[action](member)


def require(member, action: str, obj=None) -> None:
    if not can(member, action, obj):
        raise PermissionDenied(f"You may not {action.replace('_', ' ')}.")


def visible(member, queryset):
    """Rows of the member's own department only; nothing for a member of none."""
    if not member.is_authenticated or member.department_id is None:
        return queryset.none()
    model = queryset.model
    if model._meta.label == "people.Department":
        return queryset.filter(pk=member.department_id)
    if model._meta.label == "people.TrainingRecord":
        return queryset.filter(member__department_id=member.department_id)
    return queryset.filter(department_id=member.department_id)
