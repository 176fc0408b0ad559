"""Second factors: enrolling an authenticator app, backup codes, verifying a code, resetting and disabling
(CJIS 5.6.2.2)."""

import base64
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audits.models import AuditEvent

from . import permissions
from .sessions import _end_sessions

TOTP_NAME = "Authenticator app"


BACKUP_NAME = "Backup codes"


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
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


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
    AuditEvent.record(
        actor=member,
        action="security.second_factor.enroll",
        target=member,
        after={"device": device.name, "backup_codes": len(codes)},
    )
    return codes


@transaction.atomic
def regenerate_backup_codes(*, by) -> list[str]:
    if not has_second_factor(by):
        raise ValidationError("Turn on two-factor sign-in first.")
    codes = _new_backup_codes(by)
    AuditEvent.record(
        actor=by, action="security.second_factor.backup_codes", target=by, after={"backup_codes": len(codes)}
    )
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
    AuditEvent.record(
        actor=by,
        action="security.second_factor.reset",
        target=member,
        after={"devices": removed, "sessions_ended": ended},
    )


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
