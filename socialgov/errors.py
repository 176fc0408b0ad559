"""Errors the services raise; the browser and the API turn them into answers (DESIGN.md "Interfaces").

- django.core.exceptions.ValidationError with a field dict -> 400 naming the field
- django.core.exceptions.PermissionDenied -> 403
- django.http.Http404 -> 404 (not visible to you)
- InvalidTransition -> 409
"""


class InvalidTransition(Exception):
    """The object's state does not allow this action (the API answers 409)."""

    def __init__(self, obj, action: str, message: str = "", details: dict | None = None):
        self.obj = obj
        self.action = action
        self.details = details or {}  # further fields of the 409 answer, e.g. {"missing": [...]}
        self.message = message or f"{obj} cannot be {action.replace('_', ' ')} in its current state."
        super().__init__(self.message)


# -- refusals --------------------------------------------------------------------------------------------------
# A refused change (403) is a security event. The web layer sits below the app that records it (security/),
# so that app registers here in its AppConfig.ready() (STYLE.md §10) and the 403 page and the API's error
# handler call every listener.
_denial_listeners: list = []


def on_denial(listener):
    """Register `listener(request, reason)`; called for each 403 the web layer answers. Returns it (a decorator)."""
    if listener not in _denial_listeners:
        _denial_listeners.append(listener)
    return listener


def denied(request, reason: str) -> None:
    for listener in _denial_listeners:
        listener(request, reason)
