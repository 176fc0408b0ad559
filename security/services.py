"""Sign-in: one implementation of each change (STYLE.md §1); second factors (security.second_factor), sessions and
lockouts (security.sessions) and API tokens (security.tokens) sit beside it.

Every change writes a `security.*` audit event in the same transaction (STYLE.md §4); the events
are the department's (the member's), so the chief and the records custodian read them
(/api/v1/audit-events/?action=security.sign_in.failure). The browser views and the API call these.

Events: security.sign_in.success, security.sign_in.failure, security.lockout, security.unlock,
security.second_factor.enroll, .reset, .disable, .backup_codes, security.token.create,
security.token.revoke, security.sign_out_everywhere, security.permission_denied.
"""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import resolve
from django.urls.exceptions import Resolver404
from django_otp import login as otp_login

from audits.middleware import remote_address
from audits.models import AuditEvent

from . import permissions
from .lockout import UNTIL_RELEASED
from .models import SignIn
from .second_factor import has_second_factor, second_factor_step
from .sessions import SECOND_FACTOR, SIGN_IN_ID, _now, member_locked_until, stamp_session


def password_accepted(request, member) -> str:
    """After the password: what the sign-in still needs. A member with no second factor to give is
    signed in now; the others are held at the second step (security.middleware)."""
    step = second_factor_step(member)
    stamp_session(request.session, step=step)
    if step == "none":
        complete_sign_in(request, member, factor="")
    return step


@transaction.atomic
def complete_sign_in(request, member, *, factor: str, device=None) -> SignIn:
    """The sign-in is complete: a new session key, the session marked verified when a second factor
    was given, the failure count cleared (consecutive failures only lock) and the event recorded."""
    if device is not None:
        request.session.cycle_key()
        otp_login(request, device)
        request.session[SECOND_FACTOR] = ["verified", _now()]
    if not request.session.session_key:
        request.session.save()
    AxesProxyHandler.reset_attempts(username=member.get_username())
    sign_in = SignIn.objects.create(
        member=member,
        session_key=request.session.session_key,
        second_factor=factor,
        remote_addr=remote_address(request),
        user_agent=request.headers.get("User-Agent", "")[:200],
    )
    request.session[SIGN_IN_ID] = sign_in.pk
    AuditEvent.record(
        actor=member,
        action="security.sign_in.success",
        target=member,
        after={"second_factor": factor or None, "sign_in": sign_in.pk},
    )
    return sign_in


def member_named(username: str):
    Member = get_user_model()
    return Member.objects.filter(username=username).select_related("department").first() if username else None


@transaction.atomic
def sign_in_failed(request, *, username: str, reason: str) -> None:
    """Record a refused sign-in; and the lockout, if this failure started one.

    reason: "password" (wrong username or password), "code" (wrong second-factor code),
    "locked" (refused because the username or address is locked), "inactive".
    """
    member = member_named(username)
    after = {"username": (username or "")[:150], "reason": reason}
    AuditEvent.record(
        actor=None,
        action="security.sign_in.failure",
        target=member,
        department=member.department if member else None,
        after=after,
    )
    until = getattr(request, "security_locked_until", None)
    if until is not None:
        AuditEvent.record(
            actor=None,
            action="security.lockout",
            target=member,
            department=member.department if member else None,
            after={
                "username": after["username"],
                "until": None if until == UNTIL_RELEASED else until,
                "until_released": until == UNTIL_RELEASED,
                "failures": settings.SIGN_IN_LOCKOUT_FAILURES,
            },
        )


@transaction.atomic
def unlock(*, by, member) -> int:
    """The chief or an administrator releases a locked-out member (CJIS AC-7)."""
    permissions.require(by, "unlock", member)
    was = member_locked_until(member)
    cleared = AxesProxyHandler.reset_attempts(username=member.get_username())
    AuditEvent.record(
        actor=by,
        action="security.unlock",
        target=member,
        before={
            "locked_until": None if was in (None, UNTIL_RELEASED) else was,
            "until_released": was == UNTIL_RELEASED,
        },
        after={"failures_cleared": cleared},
    )
    return cleared


def sign_in_status(member) -> dict:
    return {
        "second_factor": has_second_factor(member),
        "required": permissions.second_factor_required(member),
        "locked_until": member_locked_until(member),
        "until_released": member_locked_until(member) == UNTIL_RELEASED,
    }


def record_denial(request, reason: str) -> None:
    """A signed-in member was refused a change (403): a security event (issue 7), written in its own
    transaction because the refused change's transaction was rolled back."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
        return
    try:
        view = resolve(request.path_info).view_name
    except Resolver404:
        view = ""
    with transaction.atomic():
        AuditEvent.record(
            actor=user,
            action="security.permission_denied",
            department=user.department,
            after={"method": request.method, "path": request.path[:300], "view": view, "reason": str(reason)[:500]},
        )
