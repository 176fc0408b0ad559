"""Lockout after repeated failed sign-ins (FBI CJIS Security Policy 5.5.3, AC-7), on django-axes.

django-axes refuses a locked-out sign-in before any password is checked (its authentication
backend), turns the refusal into the lockout page (its middleware and AXES_LOCKOUT_CALLABLE)
and records each failure. This handler decides what locks, by the settings:

- `SIGN_IN_LOCKOUT_FAILURES` consecutive failures for one username within
  `SIGN_IN_LOCKOUT_WINDOW` lock that username, whatever address they come from, for
  `SIGN_IN_LOCKOUT_DURATION`, or until the chief or an administrator unlocks it where the
  member's department is listed in `SIGN_IN_LOCKOUT_UNTIL_RELEASED`;
- `SIGN_IN_LOCKOUT_ADDRESS_FAILURES` failures from one address within the window lock the
  address for the same duration, whichever usernames it tried (password spraying).

"Consecutive": a complete sign-in or an unlock clears the username's failures
(security.services). A wrong second-factor code counts as a failure too. An attempt refused
during a lockout is not counted, so the lockout ends when the member was told it would.
axes' own per-row counter cannot express a window shorter or longer than the lockout, so the
count is made here from its failure log, one row per failed attempt.
"""

from datetime import UTC, datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt, AccessFailureLog
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from people.models import Member

# A lockout that lasts until someone releases it.
UNTIL_RELEASED = datetime.max.replace(tzinfo=UTC)
# Failures kept per username or address; more than enough to find the last lockout.
KEPT_FAILURES = 200


def until_released(username: str | None) -> bool:
    """Whether the member's department has chosen lockouts that last until the chief or an administrator
    unlocks the member."""
    listed = settings.SIGN_IN_LOCKOUT_UNTIL_RELEASED
    if not listed or not username:
        return False
    if "*" in listed:
        return True
    return Member.objects.filter(username=username, department__slug__in=listed).exists()


def lock_end(times: list[datetime], *, limit: int, window, duration) -> datetime | None:
    """When the last lockout these failures caused ends (None if they caused none).

    `times` ascending. Failures count while they are within the window of each other; a
    lockout starts the count again. `duration` None: the lockout lasts until released.
    """
    end = None
    recent: list[datetime] = []
    for time in times:
        if end is not None and time < end:
            continue  # refused during the lockout (not recorded since; kept for old rows)
        recent = [earlier for earlier in recent if time - earlier <= window] + [time]
        if len(recent) >= limit:
            end = UNTIL_RELEASED if duration is None else time + duration
            recent = []
    return end


class SignInLockoutHandler(AxesDatabaseHandler):
    """django-axes handler implementing the lockout policy above (AXES_HANDLER)."""

    def _times(self, **lookup) -> list[datetime]:
        failures = AccessFailureLog.objects.filter(**lookup).order_by("-attempt_time")
        return sorted(failures.values_list("attempt_time", flat=True)[:KEPT_FAILURES])

    def locked_until(self, request, credentials: dict | None = None) -> datetime | None:
        """When the sign-in for this username (or from this address) may be tried again; None: now."""
        self.update_request(request)
        now = timezone.now()
        window = settings.SIGN_IN_LOCKOUT_WINDOW
        duration = settings.SIGN_IN_LOCKOUT_DURATION
        ends = []
        username = get_client_username(request, credentials)
        if username:
            ends.append(
                lock_end(
                    self._times(username=username),
                    limit=settings.SIGN_IN_LOCKOUT_FAILURES,
                    window=window,
                    duration=None if until_released(username) else duration,
                )
            )
        address = getattr(request, "axes_ip_address", None)
        if address and settings.SIGN_IN_LOCKOUT_ADDRESS_FAILURES:
            ends.append(
                lock_end(
                    self._times(ip_address=address),
                    limit=settings.SIGN_IN_LOCKOUT_ADDRESS_FAILURES,
                    window=window,
                    duration=duration,
                )
            )
        live = [end for end in ends if end is not None and end > now]
        return max(live) if live else None

    @staticmethod
    def update_request(request) -> None:
        AxesProxyHandler.update_request(request)

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return self.locked_until(request, credentials) is not None

    def get_failures(self, request, credentials: dict | None = None) -> int:
        """The username's failures still counting towards a lockout (the failure limit once locked)."""
        if self.is_locked(request, credentials):
            return settings.SIGN_IN_LOCKOUT_FAILURES
        username = get_client_username(request, credentials)
        if not username:
            return 0
        since = timezone.now() - settings.SIGN_IN_LOCKOUT_WINDOW
        return len([time for time in self._times(username=username) if time >= since])

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is None:
            return
        self.update_request(request)
        if request.axes_locked_out or self.is_whitelisted(request, credentials):
            return
        username = get_client_username(request, credentials)
        failure = AccessFailureLog.objects.create(
            username=(username or "")[:255] or None,
            ip_address=request.axes_ip_address,
            user_agent=(request.axes_user_agent or "")[:255],
            http_accept=(request.axes_http_accept or "")[:1025],
            path_info=(request.axes_path_info or "")[:255],
        )
        until = self.locked_until(request, credentials)
        if until is not None:
            AccessFailureLog.objects.filter(pk=failure.pk).update(locked_out=True)
            request.axes_locked_out = True
            request.axes_credentials = credentials
            # The sign-in view records the lockout in the audit trail (security.services).
            request.security_locked_until = until
            user_locked_out.send("axes", request=request, username=username, ip_address=request.axes_ip_address)
        self._trim(username)

    def _trim(self, username):
        if not username:
            return
        stale = AccessFailureLog.objects.filter(username=username).order_by("-attempt_time")[KEPT_FAILURES:]
        AccessFailureLog.objects.filter(pk__in=list(stale.values_list("pk", flat=True))).delete()

    # A successful sign-in resets the count only once it is complete, second factor included
    # (security.services.complete_sign_in); axes' own log of sign-ins is replaced by audit events.
    def user_logged_in(self, sender, request, user, **kwargs):
        return None

    def user_logged_out(self, sender, request, user, **kwargs):
        return None

    def clean_expired_user_attempts(self, request=None, credentials=None) -> int:
        return 0

    def reset_attempts(
        self, *, ip_address: str | None = None, username: str | None = None, ip_or_username: bool = False
    ) -> int:
        """Clear failures (an unlock, a complete sign-in, or axes' reset commands)."""
        if not ip_address and not username:
            lookup = Q()
        elif ip_or_username:
            lookup = Q(ip_address=ip_address) | Q(username=username)
        else:
            lookup = Q(**{key: value for key, value in (("ip_address", ip_address), ("username", username)) if value})
        count, _ = AccessFailureLog.objects.filter(lookup).delete()
        AccessAttempt.objects.filter(lookup).delete()
        return count
