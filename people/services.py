"""Granting and revoking authorizations, recording training (3xx.3, 3xx.8).

Each function is the one implementation of its change: the browser, the API
and the Celery jobs call it. Each checks permission, writes its audit event in
the same transaction and keeps the derived guardian permissions in step (posts writes them, through
people.hooks.authorizations_changed).
"""

import re
from datetime import date, timedelta

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.utils import timezone

from audits.models import AuditEvent
from socialgov import policy_packs
from socialgov.errors import InvalidTransition

from . import designees, hooks, permissions
from .choices import TrainingTopic
from .models import Authorization, Department, Designation, Member, TrainingRecord
from .querysets import today
from .roles import GROUP_FOR_ROLE, Role


def authorization_snapshot(authorization: Authorization) -> dict:
    return {
        "member": authorization.member_id,
        "accounts": sorted(authorization.accounts.values_list("pk", flat=True)),
        "starts_on": authorization.starts_on,
        "expires_on": authorization.expires_on,
        "granted_by": authorization.granted_by_id,
        "revoked_at": authorization.revoked_at,
        "revoked_by": authorization.revoked_by_id,
        "revoke_reason": authorization.revoke_reason,
    }


@transaction.atomic
def grant_authorization(
    *, by: Member, member: Member, accounts: list, starts_on: date, expires_on: date
) -> Authorization:
    """The chief (or designee) authorizes a member to post to accounts (3xx.3).

    Refused unless the member's 3xx.8 training is current on the start day and
    every account is the department's and approved by the chief.
    """
    permissions.require(by, "grant_authorization")
    errors: dict[str, list[str]] = {}
    if member.department_id != by.department_id:
        errors["member"] = ["No such member in your department."]
    if not accounts:
        errors["accounts"] = ["Choose at least one account."]
    elif any(account.department_id != by.department_id for account in accounts):
        errors["accounts"] = ["Every account must be one of your department's accounts."]
    elif unapproved := [str(account) for account in accounts if not account.is_approved]:
        errors["accounts"] = [f"Not yet approved by the chief: {', '.join(unapproved)}."]
    if expires_on <= starts_on:
        errors["expires_on"] = ["The expiry date must be after the start date."]
    if "member" not in errors:
        on = max(starts_on, timezone.localdate())
        missing = member.missing_training(on)
        if missing:
            labels = ", ".join(TrainingTopic(topic).label for topic in missing)
            section = by.department.cite("training")
            errors["member"] = [f"{member.display_name} has no current training in: {labels} (required by {section})."]
    if errors:
        raise ValidationError(errors)

    authorization = Authorization.objects.create(
        department=by.department,
        member=member,
        granted_by=by,
        starts_on=starts_on,
        expires_on=expires_on,
    )
    authorization.accounts.set(accounts)
    hooks.authorizations_changed(member)
    AuditEvent.record(
        actor=by,
        action="people.authorization.grant",
        target=authorization,
        after={
            **authorization_snapshot(authorization),
            "decided": designees.acting_as(by, designees.Scope.AUTHORIZATIONS),
        },
    )
    return authorization


@transaction.atomic
def revoke_authorization(*, by: Member, authorization: Authorization, reason: str) -> Authorization:
    """Revoking takes effect at once: the member can no longer post to its accounts (3xx.3)."""
    permissions.require(by, "revoke_authorization", authorization)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Give the reason for revoking this authorization."]})
    authorization = Authorization.objects.select_for_update().get(pk=authorization.pk)
    if authorization.revoked_at is not None:
        raise InvalidTransition(authorization, "revoke", "This authorization has already been revoked.")
    before = authorization_snapshot(authorization)
    authorization.revoked_at = timezone.now()
    authorization.revoked_by = by
    authorization.revoke_reason = reason
    authorization.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    hooks.authorizations_changed(authorization.member)
    AuditEvent.record(
        actor=by,
        action="people.authorization.revoke",
        target=authorization,
        before=before,
        after={
            **authorization_snapshot(authorization),
            "decided": designees.acting_as(by, designees.Scope.AUTHORIZATIONS),
        },
    )
    return authorization


@transaction.atomic
def record_training(
    *, by: Member, member: Member, topic: str, completed_on: date, expires_on: date | None, note: str = ""
) -> TrainingRecord:
    """Record a member's completed 3xx.8 training."""
    permissions.require(by, "record_training")
    errors: dict[str, list[str]] = {}
    if member.department_id != by.department_id:
        errors["member"] = ["No such member in your department."]
    if topic not in TrainingTopic.values:
        errors["topic"] = [f"Choose one of: {', '.join(TrainingTopic.values)}."]
    if completed_on > timezone.localdate():
        errors["completed_on"] = ["Training cannot be completed in the future."]
    if expires_on is not None and expires_on <= completed_on:
        errors["expires_on"] = ["The expiry date must be after the completion date."]
    if errors:
        raise ValidationError(errors)
    record = TrainingRecord.objects.create(
        member=member, topic=topic, completed_on=completed_on, expires_on=expires_on, recorded_by=by, note=note
    )
    AuditEvent.record(
        actor=by,
        action="people.training.record",
        target=record,
        department=by.department,
        after={"member": member.pk, "topic": topic, "completed_on": completed_on, "expires_on": expires_on},
    )
    return record


def name_designee(*, by: Member, member: Member, named: bool = True) -> None:
    """The chief names a designee for every scope for a year, or revokes every current designation of theirs
    (a shorthand of people.designees.name and revoke, which take the scopes, dates and reason; 3xx.3)."""
    if named:
        on = today()
        designees.name(
            by=by,
            member=member,
            scopes=list(designees.Scope.values),
            starts_on=on,
            ends_on=on + timedelta(days=365),
            reason="Named by the chief.",
        )
        return
    for designation in Designation.objects.current().filter(member=member):
        designees.revoke(by=by, designation=designation, reason="Named no longer.")


@transaction.atomic
def sync_lapsed_authorizations(on: date | None = None) -> int:
    """Remove the derived permissions of authorizations that expired (run by Celery beat).

    Permission checks read the authorization itself, so a member stops being able
    to post the moment it expires; this job keeps the guardian cache in step and
    records each lapse in the audit trail.
    """
    # guardian's model is imported when the job runs: this module loads before the app registry is ready.
    from guardian.models import UserObjectPermission

    holders = Member.objects.filter(
        pk__in=UserObjectPermission.objects.filter(permission__codename="post_to_account").values("user_id")
    ) | Member.objects.filter(pk__in=Authorization.objects.current(on).values("member_id"))
    changed = 0
    for member in holders.distinct():
        if hooks.authorizations_changed(member, on):
            changed += 1
            AuditEvent.record(
                actor=None,
                action="people.authorization.sync",
                target=member,
                department=member.department,
                after={
                    "accounts": sorted(
                        Authorization.objects.current(on).filter(member=member).values_list("accounts", flat=True)
                    )
                },
            )
    return changed


def can_post_to(member: Member, account, on: date | None = None) -> bool:
    """3xx.3: a member may post to an account only under a current authorization covering it."""
    return Authorization.objects.current(on).filter(member=member, accounts=account).exists()


@transaction.atomic
def load_policy_pack(name: str) -> tuple[Department, bool]:
    """Create or update the department described by a policy pack; returns (department, changed).

    Running it twice changes nothing the second time. The department's public
    contacts are the chief's to edit and are only filled in when empty.
    """
    pack = policy_packs.read_pack(name)
    fields = {
        "name": pack["name"],
        "policy_number": pack["policy_number"],
        "policy_title": pack.get("policy_title", "Department Use of Social Media"),
        "retention_commander_title": pack["retention_commander_title"],
        "legal_minimum_retention_months": pack.get("legal_minimum_retention_months", 0),
        "policy": {**pack, "citations": policy_packs.citations(pack)},
    }
    department = Department.objects.select_for_update().filter(slug=pack["slug"]).first()
    if department is None:
        department = Department.objects.create(
            slug=pack["slug"],
            public_phone_numbers=pack.get("public_phone_numbers", []),
            public_emails=pack.get("public_emails", []),
            **fields,
        )
        AuditEvent.record(
            actor=None,
            action="people.department.create",
            target=department,
            department=department,
            after={"pack": name, **{k: v for k, v in fields.items() if k != "policy"}},
        )
        hooks.pack_installed(department)
        return department, True
    before = {field: getattr(department, field) for field in fields}
    if before == fields:
        hooks.pack_installed(department)
        return department, False
    for field, value in fields.items():
        setattr(department, field, value)
    department.save(update_fields=[*fields, "updated_at"])
    changed = [field for field in fields if before[field] != fields[field]]
    AuditEvent.record(
        actor=None,
        action="people.department.update_from_pack",
        target=department,
        department=department,
        before={field: before[field] for field in changed if field != "policy"} | {"changed": changed},
        after={field: fields[field] for field in changed if field != "policy"},
    )
    hooks.pack_installed(department)
    return department, True


def member_snapshot(member: Member) -> dict:
    return {
        "username": member.username,
        "name": member.get_full_name(),
        "badge_number": member.badge_number,
        "rank": member.rank,
        "division": member.division,
        "supervisor": member.supervisor_id,
        "roles": member.roles,
        "is_active": member.is_active,
    }


@transaction.atomic
def add_member(
    *,
    by: Member | None,
    department: Department,
    username: str,
    roles: list[str],
    password: str | None = None,
    **fields,
) -> Member:
    """Add a member to a department with their roles. `by` is None for operators' commands (seed_demo)."""
    if by is not None:
        permissions.require(by, "add_member")
    if Member.objects.filter(username=username).exists():
        raise ValidationError({"username": [f"The username {username!r} is taken."]})
    unknown = [role for role in roles if role not in Role.values]
    if unknown:
        raise ValidationError({"roles": [f"Unknown roles: {', '.join(unknown)}."]})
    member = Member(department=department, username=username, **fields)
    if password:
        member.set_password(password)
    else:
        member.set_unusable_password()
    member.save()
    member.groups.set(Group.objects.filter(name__in=[GROUP_FOR_ROLE[role] for role in roles]))
    AuditEvent.record(
        actor=by,
        action="people.member.create",
        target=member,
        department=department,
        after=member_snapshot(member),
    )
    return member


# A public number is written the way people dial it: digits with optional
# spaces, dots, dashes or parentheses and a leading "+"; it has an area code.
PUBLIC_PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ().\-]+$")
PUBLIC_PHONE_DIGITS = range(10, 16)


def _stripped(values):
    if isinstance(values, list) and all(isinstance(value, str) for value in values):
        return [value.strip() for value in values]
    return values


def _contact_problems(values, *, check, same, kind: str) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        return [f"Give a list of {kind}s."]
    problems = []
    seen = set()
    for value in values:
        problem = check(value)
        if problem:
            problems.append(problem)
        elif same(value) in seen:
            problems.append(f"{value!r} is listed twice.")
        seen.add(same(value))
    return problems


def _phone_problem(value: str) -> str:
    digits = sum(character.isdigit() for character in value)
    if not PUBLIC_PHONE_CHARACTERS.match(value) or digits not in PUBLIC_PHONE_DIGITS:
        return f"{value!r} is not a phone number: give the area code and number, e.g. (925) 625-8060."
    return ""


def _phone_digits(value: str) -> str:
    return "".join(character for character in value if character.isdigit())


def _email_problem(value: str) -> str:
    try:
        EmailValidator()(value)
    except ValidationError:
        return f"{value!r} is not an email address."
    return ""


# field: (what is wrong with one entry, what makes two entries the same, what an entry is called)
PUBLIC_CONTACT_RULES = {
    "public_phone_numbers": (_phone_problem, _phone_digits, "phone number"),
    "public_emails": (_email_problem, str.casefold, "email address"),
}


@transaction.atomic
def update_public_contacts(
    *,
    by: Member,
    department: Department,
    public_phone_numbers: list[str] | None = None,
    public_emails: list[str] | None = None,
) -> Department:
    """The chief keeps the department's public phone numbers and emails: its pages give them as the
    contact information (general policy IV.A) and the screener never counts them as private (3xx.5(b)).

    A list left as None is not changed; a call that changes nothing writes no audit event.
    """
    permissions.require(by, "edit_department", department)
    given = {"public_phone_numbers": public_phone_numbers, "public_emails": public_emails}
    given = {field: _stripped(value) for field, value in given.items() if value is not None}
    errors: dict[str, list[str]] = {}
    for field, value in given.items():
        check, same, kind = PUBLIC_CONTACT_RULES[field]
        if problems := _contact_problems(value, check=check, same=same, kind=kind):
            errors[field] = problems
    if errors:
        raise ValidationError(errors)
    department = Department.objects.select_for_update().get(pk=department.pk)
    before = {field: getattr(department, field) for field in given}
    if before == given:
        return department
    for field, value in given.items():
        setattr(department, field, value)
    department.save(update_fields=[*given, "updated_at"])
    AuditEvent.record(
        actor=by,
        action="people.department.update_contacts",
        target=department,
        department=department,
        before=before,
        after=given,
    )
    return department
