"""The browser's answer to a refused transition, in one place (DESIGN.md "Interfaces"; issue 11).

A service raises `InvalidTransition` when the object's state does not allow the action; a browser view lets it
propagate and this middleware answers with the 409 page: nothing changed, and a link back to where the member
came from (if it is one of ours). The API answers the same error in socialgov.api.exception_handler.
"""

from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from .errors import InvalidTransition


def back_link(request) -> str:
    """The page the member came from, if it is one of ours; else nothing."""
    url = request.POST.get("next") or request.GET.get("next") or request.META.get("HTTP_REFERER", "")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def conflict(request, error: InvalidTransition, back: str = ""):
    """The 409 page: the object's state does not allow the action, and nothing changed. The link back goes to
    the object's page when it has one, else to where the member came from."""
    if not back:
        page = getattr(error.obj, "get_absolute_url", None)
        back = page() if callable(page) else back_link(request)
    return render(request, "409.html", {"message": error.message, "back": back}, status=409)


class InvalidTransitionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, InvalidTransition):
            return conflict(request, exception)
        return None
