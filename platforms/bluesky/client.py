"""Sessions with an account's AT Protocol server (its PDS).

Every request goes to the connection's service, checked by socialgov.outbound before each session is opened
(a name can be re-pointed after it was stored); redirects are not followed (a server cannot send the
credentials to another host); every request has a timeout. The session tokens are kept encrypted on the
connection and refreshed by the SDK when they expire; a refused app password marks the connection broken.
"""

import logging
import time

import httpx
from atproto import Client
from atproto_client.client.session import Session
from atproto_client.exceptions import (
    AtProtocolError,
    BadRequestError,
    NetworkError,
    RateLimitExceededError,
    RequestException,
    UnauthorizedError,
)
from atproto_client.request import Request, RequestBase
from django.core.exceptions import ValidationError

from socialgov.outbound import check_service_url

from .. import secrets

logger = logging.getLogger(__name__)

TIMEOUT = httpx.Timeout(10.0, connect=5.0)
DEFAULT_SERVICE = "https://bsky.social"


class PlatformError(Exception):
    """The platform did not do what was asked; `field` names the input at fault, where one is."""

    def __init__(self, message: str, *, field: str = "", retry_after: int | None = None):
        super().__init__(message)
        self.field = field
        self.retry_after = retry_after


class StrictRequest(Request):
    """The SDK's HTTP layer without redirects and with timeouts."""

    def __init__(self) -> None:
        RequestBase.__init__(self)
        self._client_kwargs = {}
        self._client = httpx.Client(follow_redirects=False, timeout=TIMEOUT)

    def _new_instance(self):
        return type(self)()


def _retry_after(error: AtProtocolError) -> int:
    headers = getattr(getattr(error, "response", None), "headers", None) or {}
    try:
        reset = int(headers.get("ratelimit-reset", ""))
    except ValueError:
        return 60
    return max(1, min(3600, reset - int(time.time())))


def describe(error: Exception) -> PlatformError:
    """A PlatformError saying, in words, what the platform answered (never the credentials)."""
    if isinstance(error, PlatformError):
        return error
    if isinstance(error, ValidationError):
        return PlatformError(" ".join(error.messages), field="service")
    if isinstance(error, RateLimitExceededError):
        return PlatformError("The platform asked us to slow down (rate limit).", retry_after=_retry_after(error))
    if isinstance(error, UnauthorizedError):
        return PlatformError("The platform refused the handle and app password.", field="app_password")
    if isinstance(error, BadRequestError):
        content = getattr(getattr(error, "response", None), "content", None)
        message = getattr(content, "message", None) or getattr(content, "error", None) or "a bad request"
        return PlatformError(f"The platform refused the request: {message}.")
    if isinstance(error, NetworkError | RequestException):
        response = getattr(error, "response", None)
        if response is not None and getattr(response, "status_code", 0) in (301, 302, 303, 307, 308):
            return PlatformError("The service answered with a redirect; give its own address.", field="service")
        status = f" ({response.status_code})" if response is not None else ""
        return PlatformError(f"The service could not be reached{status}.", field="service")
    return PlatformError(f"The platform's answer could not be read: {type(error).__name__}.", field="service")


def new_client(service: str) -> Client:
    check_service_url(service)
    return Client(base_url=service.rstrip("/"), request=StrictRequest())


def _check_pds(client: Client) -> None:
    """After signing in the SDK talks to the account's own server, as its DID document names it (bsky.social's
    accounts live on other hosts): that address is checked like the configured one."""
    endpoint = Session.decode(client.export_session_string()).pds_endpoint
    if endpoint:
        check_service_url(endpoint)


def sign_in(service: str, identifier: str, app_password: str) -> Client:
    """A client signed in with the app password; PlatformError naming `service` or `app_password` if not."""
    try:
        client = new_client(service)
        client.login(identifier, app_password, fetch_bsky_profile=False)
        _check_pds(client)
    except (AtProtocolError, ValidationError, httpx.HTTPError) as error:
        raise describe(error) from None
    return client


def session_for(connection) -> Client:
    """A signed-in client for a stored connection: its saved session (refreshed by the SDK when due), or a new
    one opened with the app password. Every change of session is saved, encrypted."""
    # connections imports this module: imported at call time.
    from ..connections import mark_broken, save_session

    client = None
    saved = secrets.decrypt(connection.session)
    try:
        if saved:
            client = new_client(connection.service)
            try:
                client.login(session_string=saved, fetch_bsky_profile=False)
            except (UnauthorizedError, BadRequestError):
                client = None  # the refresh token expired or was revoked: open a new session below
        if client is None:
            client = new_client(connection.service)
            client.login(connection.identifier, secrets.decrypt(connection.app_password), fetch_bsky_profile=False)
        _check_pds(client)
    except (AtProtocolError, ValidationError, httpx.HTTPError) as error:
        problem = describe(error)
        if problem.field == "app_password":
            mark_broken(connection, str(problem))
        raise problem from None
    save_session(connection, client.export_session_string())
    client.on_session_change(lambda _event, _session: save_session(connection, client.export_session_string()))
    return client


def call(function, *args, **kwargs):
    """Run one SDK call, turning its errors into PlatformError."""
    try:
        return function(*args, **kwargs)
    except (AtProtocolError, httpx.HTTPError) as error:
        raise describe(error) from None
