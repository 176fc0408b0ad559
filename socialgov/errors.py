"""Errors the services raise; the browser and the API turn them into answers (DESIGN.md "Interfaces").

- django.core.exceptions.ValidationError with a field dict -> 400 naming the field
- django.core.exceptions.PermissionDenied -> 403
- django.http.Http404 -> 404 (not visible to you)
- InvalidTransition -> 409
"""


class InvalidTransition(Exception):
    """The object's state does not allow this action (the API answers 409)."""

    def __init__(self, obj, action: str, message: str = ""):
        self.obj = obj
        self.action = action
        self.message = message or f"{obj} cannot be {action.replace('_', ' ')} in its current state."
        super().__init__(self.message)
