"""Sessions and lockouts: what a session records of its sign-in, when it ends, signing out everywhere, and
when a username's lockout ends (CJIS 5.5.3, 5.5.5)."""

import time

from axes.models import AccessFailureLog
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.utils import timezone

from audits.models import AuditEvent

from .lockout import SignInLockoutHandler, lock_end, until_released
from .models import SignIn

# Session keys. The time of the sign-in and of the last request bound the session (CJIS 5.5.5);
# the second-factor state spares a query on every request (security.middleware).
SIGNED_IN_AT = "security_signed_in_at"


LAST_SEEN = "security_last_seen"


SECOND_FACTOR = "security_second_factor"  # (state, checked at): "enrol", "verify" or "none"


SIGN_IN_ID = "security_sign_in"


def _now() -> float:
    return time.time()


def stamp_session(session: SessionBase, *, step: str) -> None:
    now = _now()
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN] = now
    session[SECOND_FACTOR] = [step, now]


def locked_until(request, username: str):
    return SignInLockoutHandler().locked_until(request, {"username": username})


def member_locked_until(member):
    """When the member's username lockout ends (UNTIL_RELEASED, or None if not locked), from any address."""
    times = sorted(
        AccessFailureLog.objects.filter(username=member.get_username())
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)[:200]
    )
    end = lock_end(
        times,
        limit=settings.SIGN_IN_LOCKOUT_FAILURES,
        window=settings.SIGN_IN_LOCKOUT_WINDOW,
        duration=None if until_released(member.get_username()) else settings.SIGN_IN_LOCKOUT_DURATION,
    )
    return end if end is not None and end > timezone.now() else None


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
    AuditEvent.record(
        actor=member, action="security.sign_out_everywhere", target=member, after={"sessions_ended": ended + 1}
    )
    return ended


def signed_out(request) -> None:
    sign_in_id = request.session.get(SIGN_IN_ID)
    if sign_in_id:
        SignIn.objects.filter(pk=sign_in_id, ended_at__isnull=True).update(ended_at=timezone.now())


def recent_sign_ins(member, count: int = 5):
    return list(SignIn.objects.filter(member=member).order_by("-started_at", "-id")[:count])
