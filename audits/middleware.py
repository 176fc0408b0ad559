"""Every request gets an id and an address that its audit events record (DESIGN.md "Audit trail")."""

import re
import uuid

from socialgov.client_address import client_address

from .context import request_context

# A proxy's X-Request-ID is kept only if it is short and plain, so it can be
# stored as is and searched for in the proxy's own logs.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestContextMiddleware:
    """Gives each request an id (or keeps a safe X-Request-ID from the proxy) for its audit events.

    The address is the client's, behind the proxies the deployment trusts (socialgov.client_address).
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
    """The client's address, as the sign-in lockout counts it too (socialgov.client_address)."""
    return client_address(request)
