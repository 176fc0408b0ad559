"""The one door for sign-in permissions (STYLE.md §3).

Who must sign in with a second factor (everyone who can post, approve, remove, grant or
dispose: every role but the plain member, anyone holding an authorization or commanding an
active incident, administrators), and who may unlock a member or reset their second factor
(the chief, for the members of their department, and administrators; never for themselves).
"""

from django.core.exceptions import PermissionDenied

from people.models import Authorization
from people.roles import Role
from posts.models import Incident

# Roles that can post, approve, remove, grant or dispose (DESIGN.md "Who uses it").
SECOND_FACTOR_ROLES = tuple(role for role in Role if role != Role.MEMBER)


def is_administrator(member) -> bool:
    """A system administrator: a superuser, or staff who serve no one department (README "The admin")."""
    return (
        member.is_authenticated
        and member.is_active
        and (member.is_superuser or (member.is_staff and member.department_id is None))
    )


def second_factor_required(member) -> bool:
    """Whether the member must sign in with a second factor, whatever they chose."""
    if not member.is_authenticated:
        return False
    if member.is_staff or member.is_superuser or member.has_role(*SECOND_FACTOR_ROLES):
        return True
    if member.department_id is None:
        return False
    return (
        member.is_designee
        or Authorization.objects.current().filter(member=member).exists()
        or Incident.objects.active().filter(commander=member).exists()
    )


def can(member, action: str, subject=None) -> bool:
    """`unlock` and `reset_second_factor` a member: the chief of their department or an administrator."""
    if action not in ("unlock", "reset_second_factor", "view_sign_in"):
        raise ValueError(f"unknown action {action!r}")
    if not member.is_authenticated or subject is None:
        return False
    if action == "view_sign_in" and subject.pk == member.pk:
        return True
    if subject.pk == member.pk:
        # Not for oneself: a hijacked session must not be able to enrol the intruder's own device.
        return False
    if is_administrator(member):
        return True
    return (
        member.department_id is not None
        and subject.department_id == member.department_id
        and member.has_role(Role.CHIEF)
    )


def require(member, action: str, subject=None) -> None:
    if not can(member, action, subject):
        raise PermissionDenied("Only the chief of police or an administrator may do this for another member.")
