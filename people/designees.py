"""The chief's designees (§3xx.3: "the Chief of Police or the authorized designee"; issue 16.2).

The chief names a designee with scopes (DesigneeScope), a first and a last day, and a reason; revokes one with a
reason. A designee decides only within a current designation's scopes: a lapsed or out-of-scope designee is
refused (403) with the reason (`refusal`). Every decision a designee makes records that it was made as designee,
citing §3xx.3 (`acting_as`).
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audits.models import AuditEvent
from socialgov.errors import InvalidTransition

from .choices import DesigneeScope as Scope
from .models import Designation, Member
from .querysets import today
from .roles import Role

__all__ = ["Scope", "acting_as", "current", "name", "named_for", "refusal", "revoke", "was_named"]

# What a scope lets the designee do, for the refusal's sentence.
DOING = {
    Scope.AUTHORIZATIONS: "grant or revoke authorizations",
    Scope.ACCOUNTS: "approve accounts",
    Scope.COVERT_OPERATIONS: "approve covert operations",
    Scope.PERMISSION_REQUESTS: "decide permission requests",
    Scope.REVIEWS: "act on annual reviews",
}


def _section(member) -> str:
    department = getattr(member, "department", None)
    return (department.cite("authorized_users") if department else "") or "§3xx.3"


def current(member, scope: str, on: date | None = None) -> Designation | None:
    """The member's designation covering `scope` today (or `on`), if any."""
    if member is None or not member.is_authenticated or member.department_id is None:
        return None
    if on is not None:
        designations = Designation.objects.current(on).filter(member=member, department_id=member.department_id)
    else:
        # Today's, read once per member object (a page asks several doors); naming or revoking forgets them.
        if "_current_designations" not in member.__dict__:
            member.__dict__["_current_designations"] = list(
                Designation.objects.current().filter(member=member, department_id=member.department_id)
            )
        designations = member.__dict__["_current_designations"]
    return next((d for d in designations if scope in d.scopes), None)


def named_for(department, scope: str) -> list[Member]:
    """The active members named today as designees of the department with `scope`."""
    designations = Designation.objects.current().filter(department=department, member__is_active=True)
    return [d.member for d in designations.select_related("member") if scope in d.scopes]


def forget(member) -> None:
    """Drop what the member object remembers of its designations (after naming or revoking)."""
    for key in ("_current_designations", "is_designee"):
        member.__dict__.pop(key, None)


def was_named(member) -> bool:
    """Whether the chief has ever named the member a designee (so a refusal tells them why)."""
    return bool(
        member is not None
        and member.is_authenticated
        and member.department_id is not None
        and Designation.objects.filter(member=member, department_id=member.department_id).exists()
    )


def refusal(member, scope: str, on: date | None = None) -> str:
    """Empty if the member is a designee who may decide `scope` today; else why not, citing §3xx.3. A member
    who was never named gets an empty answer only through `current`: this says they are no designee."""
    if current(member, scope, on) is not None:
        return ""
    on = on or today()
    section = _section(member)
    doing = DOING[Scope(scope)]
    if member is None or not member.is_authenticated or member.department_id is None:
        return f"Only the chief or a designee may {doing} ({section})."
    named = Designation.objects.filter(member=member, department_id=member.department_id, revoked_at__isnull=True)
    live = named.filter(starts_on__lte=on, ends_on__gte=on)
    if live.exists():
        return (
            f"Your designation as the chief's designee does not cover the scope to {doing} ({section}); "
            f"only the chief or a designee with that scope may."
        )
    if ended := named.filter(ends_on__lt=on).order_by("-ends_on").first():
        return (
            f"Your designation as the chief's designee ended on {ended.ends_on:%b %-d, %Y}; "
            f"only the chief or a current designee may {doing} ({section})."
        )
    if future := named.filter(starts_on__gt=on).order_by("starts_on").first():
        return (
            f"Your designation as the chief's designee starts on {future.starts_on:%b %-d, %Y}; "
            f"until then only the chief or a current designee may {doing} ({section})."
        )
    if Designation.objects.filter(member=member, revoked_at__isnull=False).exists():
        return f"Your designation as the chief's designee was revoked; only the chief may {doing} ({section})."
    return f"Only the chief or a designee may {doing} ({section})."


def acting_as(member, scope: str) -> dict:
    """What a decision's audit event records about who decided: the chief, or a designee (with §3xx.3)."""
    if member.has_role(Role.CHIEF):
        return {"as": "chief"}
    designation = current(member, scope)
    return {
        "as": "designee",
        "as_designee": True,
        "designation": designation.pk if designation else None,
        "scope": scope,
        "citation": _section(member),
        "note": f"Decided as the chief's designee ({_section(member)}).",
    }


def snapshot(designation: Designation) -> dict:
    return {
        "member": designation.member_id,
        "member_name": designation.member.display_name,
        "scopes": designation.scopes,
        "starts_on": designation.starts_on,
        "ends_on": designation.ends_on,
        "reason": designation.reason,
        "named_by": designation.named_by_id,
        "revoked_at": designation.revoked_at,
        "revoke_reason": designation.revoke_reason,
    }


def _require_chief(by) -> None:
    if not (by.is_authenticated and by.department_id is not None and by.has_role(Role.CHIEF)):
        raise PermissionDenied(f"Only the chief names and revokes designees ({_section(by)}).")


@transaction.atomic
def name(*, by, member: Member, scopes, starts_on: date, ends_on: date, reason: str) -> Designation:
    """The chief names a designee (issue 16.2). 400 naming the field for a bad scope, dates or an empty reason."""
    _require_chief(by)
    errors = {}
    if member is None or member.department_id != by.department_id:
        errors["member"] = ["No such member in your department."]
    elif member.pk == by.pk:
        errors["member"] = ["The chief needs no designation to act as chief."]
    scopes = list(dict.fromkeys(scopes or []))
    if not scopes:
        errors["scopes"] = ["Choose at least one scope."]
    elif bad := [s for s in scopes if s not in Scope.values]:
        errors["scopes"] = [f"Not a scope: {', '.join(map(str, bad))}. One of: {', '.join(Scope.values)}."]
    if starts_on is None:
        errors["starts_on"] = ["This field is required."]
    if ends_on is None:
        errors["ends_on"] = ["This field is required."]
    elif starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = ["The designation cannot end before it starts."]
    elif ends_on < today():
        errors["ends_on"] = ["The designation would already have ended."]
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = ["Say why the chief names this designee."]
    if errors:
        raise ValidationError(errors)
    designation = Designation.objects.create(
        department=by.department,
        member=member,
        scopes=scopes,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        named_by=by,
    )
    forget(member)
    AuditEvent.record(
        actor=by,
        action="people.designee.name",
        target=designation,
        department=by.department,
        after={**snapshot(designation), "named_by_name": by.display_name},
    )
    return designation


@transaction.atomic
def revoke(*, by, designation: Designation, reason: str) -> Designation:
    """The chief ends a designation now (409 if already revoked)."""
    _require_chief(by)
    designation = Designation.objects.select_for_update().get(pk=designation.pk)
    if designation.department_id != by.department_id:
        raise PermissionDenied("Not your department's designee.")
    if designation.revoked_at is not None:
        raise InvalidTransition(designation, "revoked", f"{designation} was revoked already.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Say why the designation ends."]})
    before = snapshot(designation)
    designation.revoked_at, designation.revoked_by, designation.revoke_reason = timezone.now(), by, reason
    designation.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    forget(designation.member)
    AuditEvent.record(
        actor=by,
        action="people.designee.revoke",
        target=designation,
        department=by.department,
        before=before,
        after=snapshot(designation),
    )
    return designation
