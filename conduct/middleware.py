"""The first page a member opens after signing in asks for the acknowledgment they owe (issue 15.1).

Once: the member is redirected to the acknowledgment with the page they asked for as `next`, and may go on
without signing; after that nothing they may see is blocked (the acknowledgment page and the reminders keep
asking). Only page GETs are led there: the API, forms being sent and the sign-in steps pass untouched. It costs
no query: the sign-in put the answer in the session (conduct.signals).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .signals import PENDING, PROMPTED


class AcknowledgmentPromptMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if (
            session is not None
            and request.method == "GET"
            and session.get(PENDING)
            and not session.get(PROMPTED)
            and request.user.is_authenticated
            and not _passes(request.path_info)
        ):
            session[PROMPTED] = True
            target = reverse("conduct:acknowledge")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def _passes(path: str) -> bool:
    static = "/" + settings.STATIC_URL.lstrip("/")
    return path.startswith(("/api/", "/login/", "/logout/", "/admin/", "/conduct/acknowledgment/", static))
