"""Sign-in without a phone, for the demo only (issue 20.2).

With DEBUG=1 each demo member who must use a second factor gets an authenticator whose secret is fixed (derived
from the username), so `make run` can print it and `manage.py demo_code USERNAME` can show the code an app would.
With DEBUG=0 nothing here runs: `give` and `code` refuse, and the deploy check (demo/checks.py) fails while any
such authenticator exists, since anyone who read this file could compute its codes.
"""

import base64
import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from audits.models import AuditEvent
from security import permissions as security_permissions
from security import second_factor as security_second_factor

DEVICE_NAME = "Demo authenticator (fixed secret, DEBUG only)"
SALT = b"socialgov demo authenticator"


class NotInDebug(Exception):
    """Demo secrets exist only with DEBUG=1."""


def require_debug() -> None:
    if not settings.DEBUG:
        raise NotInDebug(
            "Refused: DEBUG=0. Demo authenticators have fixed, published secrets, so they exist only in a "
            "development run (DEBUG=1); in production each member enrols their own authenticator app."
        )


def key_for(username: str) -> bytes:
    return hmac.new(SALT, username.encode(), hashlib.sha1).digest()


def secret_text(key: bytes) -> str:
    """As an app takes it: base32 in groups of four (as the enrolment page shows it)."""
    secret = base64.b32encode(key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def demo_devices():
    return TOTPDevice.objects.filter(name=DEVICE_NAME)


@transaction.atomic
def give(members: dict) -> dict[str, str]:
    """A confirmed fixed-secret authenticator for each demo member who needs a second factor and has none;
    returns {username: secret} for every demo authenticator they hold (new or kept)."""
    require_debug()
    shown = {}
    for member in members.values():
        if not security_permissions.second_factor_required(member):
            continue
        device = demo_devices().filter(user=member).first()
        if device is None and not security_second_factor.has_second_factor(member):
            key = key_for(member.username)
            device = TOTPDevice.objects.create(user=member, name=DEVICE_NAME, key=key.hex(), confirmed=True)
            AuditEvent.record(
                actor=None,
                action="demo.second_factor.fixed",
                target=member,
                department=member.department,
                after={"device": device.pk, "name": DEVICE_NAME},
            )
        if device is not None:
            shown[member.username] = secret_text(device.bin_key)
    return shown


def code(member) -> str:
    """The code the member's demo authenticator shows now."""
    require_debug()
    device = demo_devices().filter(user=member).first()
    if device is None:
        raise LookupError(
            f"{member.username} has no demo authenticator (only `seed_demo --story` with DEBUG=1 "
            "makes them, for demo members who need a second factor)."
        )
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
