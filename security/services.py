"""Sign-in, second factors, lockouts and API tokens: one implementation of each change (STYLE.md §1).

Every change writes a `security.*` audit event in the same transaction (STYLE.md §4); the events
are the department's (the member's), so the chief and the records custodian read them
(/api/v1/audit-events/?action=security.sign_in.failure). The browser views and the API call these.

Events: security.sign_in.success, security.sign_in.failure, security.lockout, security.unlock,
security.second_factor.enroll, .reset, .disable, .backup_codes, security.token.create,
security.token.revoke, security.sign_out_everywhere, security.permission_denied.
"""

import base64
import io
import time
from datetime import timedelta

import qrcode
import qrcode.image.svg
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessFailureLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import resolve
from django.urls.exceptions import Resolver404
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audits.middleware import remote_address
from audits.models import AuditEvent

from . import permissions
from .lockout import UNTIL_RELEASED, SignInLockoutHandler, lock_end, until_released
from .models import ApiToken, SignIn, hash_key

# Session keys. The time of the sign-in and of the last request bound the session (CJIS 5.5.5);
# the second-factor state spares a query on every request (security.middleware).
SIGNED_IN_AT = "security_signed_in_at"
LAST_SEEN = "security_last_seen"
SECOND_FACTOR = "security_second_factor"  # (state, checked at): "enrol", "verify" or "none"
SIGN_IN_ID = "security_sign_in"

TOTP_NAME = "Authenticator app"
BACKUP_NAME = "Backup codes"


# Second factors


def confirmed_totp(member) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=member, confirmed=True).first()


def has_second_factor(member) -> bool:
    return TOTPDevice.objects.filter(user=member, confirmed=True).exists()


def second_factor_step(member) -> str:
    """What the member's sign-in still needs: "verify" a code, "enrol" an app first, or "none"."""
    if has_second_factor(member):
        return "verify"
    if permissions.second_factor_required(member):
        return "enrol"
    return "none"


def is_verified(session: SessionBase) -> bool:
    return DEVICE_ID_SESSION_KEY in session


def pending_totp(member) -> TOTPDevice:
    """The unconfirmed authenticator the member is enrolling (made on the first visit, then kept)."""
    device = TOTPDevice.objects.filter(user=member, confirmed=False).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=member, name=TOTP_NAME, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The key as people type it into an app: base32 in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The enrolment QR code as an SVG data URI: made here, no image service, no inline script."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _new_backup_codes(member) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=member, name=BACKUP_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.SECOND_FACTOR_BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def backup_codes_left(member) -> int:
    return StaticToken.objects.filter(device__user=member).count()


@transaction.atomic
def confirm_enrolment(request, *, code: str) -> list[str]:
    """The member proves their new authenticator works; it becomes their second factor and they get
    single-use backup codes (shown once). The session counts as verified from here."""
    member = request.user
    device = TOTPDevice.objects.select_for_update().filter(user=member, confirmed=False).order_by("-id").first()
    if device is None:
        raise ValidationError({"code": ["Start again: open the enrolment page to get a new QR code."]})
    if not device.verify_token(_digits(code)):
        raise ValidationError({"code": ["That code is not right. Enter the six digits the app shows now."]})
    TOTPDevice.objects.filter(user=member).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_backup_codes(member)
    AuditEvent.record(actor=member, action="security.second_factor.enroll", target=member,
                      after={"device": device.name, "backup_codes": len(codes)})
    return codes


@transaction.atomic
def regenerate_backup_codes(*, by) -> list[str]:
    if not has_second_factor(by):
        raise ValidationError("Turn on two-factor sign-in first.")
    codes = _new_backup_codes(by)
    AuditEvent.record(actor=by, action="security.second_factor.backup_codes", target=by,
                      after={"backup_codes": len(codes)})
    return codes


@transaction.atomic
def disable_second_factor(*, by) -> None:
    """A member who need not use a second factor, and chose to, stops (their choice, not the policy's)."""
    if permissions.second_factor_required(by):
        raise ValidationError("Your role requires two-factor sign-in; it cannot be turned off.")
    removed = _remove_devices(by)
    AuditEvent.record(actor=by, action="security.second_factor.disable", target=by, after={"devices": removed})


@transaction.atomic
def reset_second_factor(*, by, member) -> None:
    """The chief or an administrator removes a member's authenticator and backup codes (a lost phone).
    The member is signed out everywhere and enrols a new app at their next sign-in."""
    permissions.require(by, "reset_second_factor", member)
    removed = _remove_devices(member)
    ended = _end_sessions(member)
    AuditEvent.record(actor=by, action="security.second_factor.reset", target=member,
                      after={"devices": removed, "sessions_ended": ended})


def _remove_devices(member) -> int:
    count = TOTPDevice.objects.filter(user=member).count() + StaticDevice.objects.filter(user=member).count()
    TOTPDevice.objects.filter(user=member).delete()
    StaticDevice.objects.filter(user=member).delete()
    return count


def _digits(code: str) -> str:
    return "".join((code or "").split())


def verify_code(member, code: str):
    """Check a six-digit code from the app or a backup code. Returns (device or None, wait seconds)."""
    code = _digits(code).lower()
    if code.isdigit():
        devices = list(TOTPDevice.objects.filter(user=member, confirmed=True))
    else:
        devices = list(StaticDevice.objects.filter(user=member, confirmed=True))
    with transaction.atomic():
        for device in devices:
            device = type(device).objects.select_for_update().get(pk=device.pk)
            allowed, details = device.verify_is_allowed()
            if not allowed:
                wait = (details or {}).get("locked_until")
                return None, max(1, int((wait - timezone.now()).total_seconds()) + 1) if wait else 1
            # A TOTP code is accepted once (django-otp keeps the last time step used); a backup code is deleted.
            if device.verify_token(code):
                return device, 0
    return None, 0


# Sign-in


def _now() -> float:
    return time.time()


def stamp_session(session: SessionBase, *, step: str) -> None:
    now = _now()
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN] = now
    session[SECOND_FACTOR] = [step, now]


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
        member=member, session_key=request.session.session_key, second_factor=factor,
        remote_addr=remote_address(request), user_agent=request.headers.get("User-Agent", "")[:200],
    )
    request.session[SIGN_IN_ID] = sign_in.pk
    AuditEvent.record(actor=member, action="security.sign_in.success", target=member,
                      after={"second_factor": factor or None, "sign_in": sign_in.pk})
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
    AuditEvent.record(actor=None, action="security.sign_in.failure", target=member,
                      department=member.department if member else None, after=after)
    until = getattr(request, "security_locked_until", None)
    if until is not None:
        AuditEvent.record(actor=None, action="security.lockout", target=member,
                          department=member.department if member else None,
                          after={"username": after["username"], "until": None if until == UNTIL_RELEASED else until,
                                 "until_released": until == UNTIL_RELEASED,
                                 "failures": settings.SIGN_IN_LOCKOUT_FAILURES})


def locked_until(request, username: str):
    return SignInLockoutHandler().locked_until(request, {"username": username})


def member_locked_until(member):
    """When the member's username lockout ends (UNTIL_RELEASED, or None if not locked), from any address."""
    times = sorted(AccessFailureLog.objects.filter(username=member.get_username())
                   .order_by("-attempt_time").values_list("attempt_time", flat=True)[:200])
    end = lock_end(times, limit=settings.SIGN_IN_LOCKOUT_FAILURES, window=settings.SIGN_IN_LOCKOUT_WINDOW,
                   duration=None if until_released(member.get_username()) else settings.SIGN_IN_LOCKOUT_DURATION)
    return end if end is not None and end > timezone.now() else None


@transaction.atomic
def unlock(*, by, member) -> int:
    """The chief or an administrator releases a locked-out member (CJIS AC-7)."""
    permissions.require(by, "unlock", member)
    was = member_locked_until(member)
    cleared = AxesProxyHandler.reset_attempts(username=member.get_username())
    AuditEvent.record(actor=by, action="security.unlock", target=member,
                      before={"locked_until": None if was in (None, UNTIL_RELEASED) else was,
                              "until_released": was == UNTIL_RELEASED},
                      after={"failures_cleared": cleared})
    return cleared


def sign_in_status(member) -> dict:
    return {
        "second_factor": has_second_factor(member),
        "required": permissions.second_factor_required(member),
        "locked_until": member_locked_until(member),
        "until_released": member_locked_until(member) == UNTIL_RELEASED,
    }


# Sessions


def _end_sessions(member, *, keep: str | None = None) -> int:
    engine = __import__(settings.SESSION_ENGINE, fromlist=["SessionStore"])
    ended = 0
    now = timezone.now()
    for sign_in in SignIn.objects.filter(member=member, ended_at__isnull=True).exclude(session_key=keep or ""):
        engine.SessionStore(session_key=sign_in.session_key).delete()
        ended += 1
    SignIn.objects.filter(member=member, ended_at__isnull=True).exclude(session_key=keep or "").update(ended_at=now)
    return ended


@transaction.atomic
def sign_out_everywhere(request) -> int:
    """End every other browser session of the member; the request's own is ended by the caller."""
    member = request.user
    ended = _end_sessions(member, keep=request.session.session_key)
    AuditEvent.record(actor=member, action="security.sign_out_everywhere", target=member,
                      after={"sessions_ended": ended + 1})
    return ended


def signed_out(request) -> None:
    sign_in_id = request.session.get(SIGN_IN_ID)
    if sign_in_id:
        SignIn.objects.filter(pk=sign_in_id, ended_at__isnull=True).update(ended_at=timezone.now())


def recent_sign_ins(member, count: int = 5):
    return list(SignIn.objects.filter(member=member).order_by("-started_at", "-id")[:count])


# API tokens


@transaction.atomic
def create_token(*, by, member, name: str = "", days: int | None = None) -> tuple[ApiToken, str]:
    """A new API token for the member; returns it and its key, which is never shown again.
    `by` None: an operator (manage.py drf_create_token)."""
    if by is not None and by.pk != member.pk:
        raise ValidationError("Members make their own API tokens.")
    if by is None and second_factor_step(member) == "enrol":
        raise ValidationError(f"{member.get_username()} must enrol an authenticator app before an API token is "
                              "made for them: their role requires a second factor (CJIS 5.6.2.2).")
    days = settings.API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= settings.API_TOKEN_DAYS:
        raise ValidationError({"days": [f"A token lasts from 1 to {settings.API_TOKEN_DAYS} days."]})
    key = ApiToken.new_key()
    token = ApiToken.objects.create(member=member, name=(name or "").strip()[:100], prefix=key[:8],
                                    key_hash=hash_key(key), created_by=by,
                                    expires_at=timezone.now() + timedelta(days=days))
    AuditEvent.record(actor=by, action="security.token.create", target=member,
                      after={"token": token.pk, "prefix": token.prefix, "name": token.name,
                             "expires_at": token.expires_at})
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
    AuditEvent.record(actor=by, action="security.token.revoke", target=token.member,
                      after={"token": token.pk, "prefix": token.prefix})
    return token


def token_may_be_used(token: ApiToken) -> bool:
    """A token works only while its member could sign in (issue 17.5): not while their username is locked
    out (CJIS 5.5.3), and an operator's token (manage.py drf_create_token) not before a member whose role
    requires a second factor has enrolled one (5.6.2.2). A member's own token was made in a session that
    passed the second step."""
    member = token.member
    if member_locked_until(member) is not None:
        return False
    return not (token.created_by_id is None and second_factor_step(member) == "enrol")


def authenticate_token(key: str):
    """The member a key belongs to, if the token is active and the member may sign in; else None."""
    token = (ApiToken.objects.active().select_related("member").filter(key_hash=hash_key(key)).first()
             if key else None)
    if token is None or not token.member.is_active or not token_may_be_used(token):
        return None
    now = timezone.now()
    # Noted at most once a minute, so that a busy script does not write on every request.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


# Permission denials


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
        AuditEvent.record(actor=user, action="security.permission_denied", department=user.department,
                          after={"method": request.method, "path": request.path[:300], "view": view,
                                 "reason": str(reason)[:500]})
