"""Session limits and the second step of sign-in, for every request (FBI CJIS Security Policy 5.5.5, 5.6.2.2).

- A session ends after settings.SESSION_IDLE_TIMEOUT without a request (30 minutes) and
  settings.SESSION_MAX_AGE after sign-in (12 hours), whatever the cookie says.
- A signed-in member who has a second factor, or whose role requires one, reaches nothing
  but the second step (and signing out) until they pass it: pages redirect there, the API
  answers 403. Tests satisfy this as a real sign-in does: with a device and django-otp's login.
- The hold is the session's: whatever headers a request carries, it is let past only when an API
  token actually authenticated it (security.authentication.token_for). An `Authorization` header
  that is not a valid token ("Bearer …", "Basic …", a revoked key) changes nothing (issue 17.1).

It costs no query on the common path: the times and the second-factor state live in the
session, which is loaded anyway. The session is written at most once a minute to keep it alive.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import second_factor, sessions
from .authentication import token_for

# How often the session is re-saved (its idle clock restarted) and a "no second factor" answer re-asked.
REFRESH_SECONDS = 60
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class SignInPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is None or SESSION_KEY not in session:
            return self.get_response(request)
        now = sessions._now()
        signed_in_at = session.get(sessions.SIGNED_IN_AT)
        last_seen = session.get(sessions.LAST_SEEN)
        if signed_in_at is None:
            # A session made without the sign-in view (force_login, or from before this policy).
            signed_in_at = session[sessions.SIGNED_IN_AT] = now
        if now - signed_in_at > settings.SESSION_MAX_AGE.total_seconds():
            return self._end(request, f"You were signed in for {_hours(settings.SESSION_MAX_AGE)}; sign in again.")
        if last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT.total_seconds():
            return self._end(
                request,
                f"You were signed out after {_minutes(settings.SESSION_IDLE_TIMEOUT)} without activity; sign in again.",
            )
        if last_seen is None or now - last_seen >= REFRESH_SECONDS:
            session[sessions.LAST_SEEN] = now  # modifies the session: saved, and its expiry restarts
        if not second_factor.is_verified(session) and not _token_authenticated(request):
            step = self._second_factor_step(request, now)
            if step != "none" and not _exempt(request.path_info):
                return self._hold(request, step)
        return self.get_response(request)

    def _second_factor_step(self, request, now) -> str:
        state, checked = request.session.get(sessions.SECOND_FACTOR) or [None, 0]
        # A member who needs no second factor is asked again now and then, and before any change,
        # so that a role or an authorization granted mid-session takes effect at once.
        if state == "none" and now - checked < REFRESH_SECONDS and request.method not in UNSAFE:
            return "none"
        step = second_factor.second_factor_step(request.user)
        request.session[sessions.SECOND_FACTOR] = [step, now]
        return step

    def _hold(self, request, step: str):
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {
                    "detail": "Finish signing in: enter the code from your authenticator app first.",
                    "code": "second_factor_required",
                },
                status=403,
            )
        target = reverse("security:enroll" if step == "enrol" else "security:verify")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")

    def _end(self, request, message: str):
        sessions.signed_out(request)
        logout(request)
        messages.info(request, message)
        # Carry on as the anonymous visitor the request now comes from: pages send them to sign in, the API 401s.
        return self.get_response(request)


def _token_authenticated(request) -> bool:
    """An API request that a valid token authenticated is the token's, not the session's."""
    return request.path_info.startswith("/api/") and token_for(request) is not None


def _exempt(path: str) -> bool:
    """The sign-in steps, signing out and static files are reachable before the second step."""
    return path.startswith(("/login/", "/logout/", "/" + settings.STATIC_URL.lstrip("/")))


def _minutes(delta) -> str:
    return f"{int(delta.total_seconds() // 60)} minutes"


def _hours(delta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:g} hours"
