"""Project-wide error pages."""

from django.views import defaults

from .errors import denied


def permission_denied(request, exception):
    """The 403 page; a refused change (a POST) by a signed-in member is recorded by the denial listeners
    (security registers security.permission_denied)."""
    denied(request, str(exception))
    return defaults.permission_denied(request, exception)
