"""API tokens: created and revoked with an audit event, and checked on every API request."""

from datetime import timedelta

from axes.models import AccessFailureLog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from audits.models import AuditEvent
from people.models import Member

from . import permissions
from .models import ApiToken, hash_key
from .second_factor import second_factor_step
from .sessions import member_locked_until


@transaction.atomic
def create_token(*, by, member, name: str = "", days: int | None = None) -> tuple[ApiToken, str]:
    """A new API token for the member; returns it and its key, which is never shown again.
    `by` None: an operator (manage.py drf_create_token)."""
    if by is not None and by.pk != member.pk:
        raise ValidationError("Members make their own API tokens.")
    if by is None and second_factor_step(member) == "enrol":
        raise ValidationError(
            f"{member.get_username()} must enrol an authenticator app before an API token is "
            "made for them: their role requires a second factor (CJIS 5.6.2.2)."
        )
    days = settings.API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= settings.API_TOKEN_DAYS:
        raise ValidationError({"days": [f"A token lasts from 1 to {settings.API_TOKEN_DAYS} days."]})
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        member=member,
        name=(name or "").strip()[:100],
        prefix=key[:8],
        key_hash=hash_key(key),
        created_by=by,
        expires_at=timezone.now() + timedelta(days=days),
    )
    AuditEvent.record(
        actor=by,
        action="security.token.create",
        target=member,
        after={"token": token.pk, "prefix": token.prefix, "name": token.name, "expires_at": token.expires_at},
    )
    return token, key


@transaction.atomic
def revoke_token(*, by, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.member_id != getattr(by, "pk", None) and by is not None and not permissions.is_administrator(by):
        raise ValidationError("Members revoke their own API tokens.")
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.revoked_by = by
    token.save(update_fields=["revoked_at", "revoked_by"])
    AuditEvent.record(
        actor=by, action="security.token.revoke", target=token.member, after={"token": token.pk, "prefix": token.prefix}
    )
    return token


def token_may_be_used(token: ApiToken) -> bool:
    """A token works only while its member could sign in (issue 17.5): not while their username is locked
    out (CJIS 5.5.3), and an operator's token (manage.py drf_create_token) not before a member whose role
    requires a second factor has enrolled one (5.6.2.2). A member's own token was made in a session that
    passed the second step."""
    member = token.member
    # A member without a single failed sign-in on record is not locked out: authenticate_token reads that in its
    # own query (`member_has_failures`), sparing the failure log's query on nearly every request.
    if getattr(token, "member_has_failures", True) and member_locked_until(member) is not None:
        return False
    return not (token.created_by_id is None and second_factor_step(member) == "enrol")


def authenticate_token(key: str):
    """The member a key belongs to, if the token is active and the member may sign in; else None."""
    token = None
    if key:
        # One query for the token, its member, whether the member has a failed sign-in on record
        # (token_may_be_used) and the names of the member's groups, one row per group (key_hash is unique): the
        # member's roles are read with the token rather than in a query of their own (issue 18.2).
        failures = AccessFailureLog.objects.filter(username=OuterRef(f"member__{Member.USERNAME_FIELD}"))
        rows = list(
            ApiToken.objects.active()
            .filter(key_hash=hash_key(key))
            .select_related("member")
            .annotate(member_has_failures=Exists(failures), member_group=F("member__groups__name"))
            .order_by()
        )
        if rows:
            token = rows[0]
            token.member.hold_groups(row.member_group for row in rows)
    if token is None or not token.member.is_active or not token_may_be_used(token):
        return None
    now = timezone.now()
    # Noted at most once a minute, so that a busy script does not write on every request.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
