"""Every request gets an id and an address that its audit events record (DESIGN.md "Audit trail")."""

import ipaddress
import re
import uuid

from .context import request_context

# A proxy's X-Request-ID is kept only if it is short and plain, so it can be
# stored as is and searched for in the proxy's own logs.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestContextMiddleware:
    """Gives each request an id (or keeps a safe X-Request-ID from the proxy) for its audit events.

    The address is REMOTE_ADDR: the client's own address, or the proxy's when
    the app runs behind one that does not rewrite it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        supplied = request.headers.get("X-Request-ID", "")
        request.request_id = supplied if _REQUEST_ID.match(supplied) else uuid.uuid4().hex
        with request_context(request.request_id, remote_address(request)):
            response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


def remote_address(request) -> str | None:
    """REMOTE_ADDR if it is an IP address (at most 45 characters, as the column holds), else None."""
    address = (request.META.get("REMOTE_ADDR") or "").strip()
    try:
        text = str(ipaddress.ip_address(address))
    except ValueError:
        return None
    return text if len(text) <= 45 else None
