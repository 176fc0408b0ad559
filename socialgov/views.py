"""Project-wide error pages."""

from django.views import defaults

from security.services import record_denial


def permission_denied(request, exception):
    """The 403 page; a refused change (a POST) by a signed-in member is recorded as security.permission_denied."""
    record_denial(request, str(exception))
    return defaults.permission_denied(request, exception)
