"""How an API request is authenticated: a member's own expiring, revocable token (security.ApiToken),
or the browser's session once its second step is done (FBI CJIS Security Policy 5.6.2.2).

Same header as DRF's TokenAuthentication (`Authorization: Token <key>`), so clients and the OpenAPI
schema do not change; the key is looked up by its SHA-256. The token is read once per request
(`token_for`): the sign-in middleware asks first, to know whether the request is the token's or the
session's, and DRF's authentication reuses the answer.

A header in another scheme ("Bearer", "Basic", anything) is not a token: such a request is the
session's, and the session must have passed its second step (issue 17.1). The middleware holds it;
`VerifiedSessionAuthentication` refuses it again, so the API stays closed even if the middleware
is ever taken out of the chain.
"""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication, TokenAuthentication, get_authorization_header

from . import second_factor, sessions, tokens

KEYWORD = "Token"
_UNREAD = object()


def token_for(request):
    """The active ApiToken that this request's `Authorization: Token <key>` header names, else None.

    Read once and kept on the request (the underlying Django request, which DRF's request wraps).
    """
    request = getattr(request, "_request", request)
    cached = getattr(request, "_socialgov_api_token", _UNREAD)
    if cached is not _UNREAD:
        return cached
    token = None
    parts = get_authorization_header(request).split()
    if len(parts) == 2 and parts[0].lower() == KEYWORD.lower().encode():
        try:
            key = parts[1].decode()
        except UnicodeError:
            key = ""
        token = tokens.authenticate_token(key) if key else None
    request._socialgov_api_token = token
    return token


class ApiTokenAuthentication(TokenAuthentication):
    keyword = KEYWORD

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None  # not a token: the session's turn
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Invalid token header: send 'Authorization: Token <key>'.")
        token = token_for(request)
        if token is None:
            raise exceptions.AuthenticationFailed(
                "Invalid, expired or revoked token, or its member is locked out or has not enrolled the second "
                "factor their role requires."
            )
        return token.member, token


class VerifiedSessionAuthentication(SessionAuthentication):
    """The browser's session, only once it has passed the second step where the member needs one."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        session = request._request.session
        if second_factor.is_verified(session):
            return result
        state = (session.get(sessions.SECOND_FACTOR) or [None])[0]
        if state is None:
            state = second_factor.second_factor_step(result[0])
        if state != "none":
            raise exceptions.PermissionDenied(
                {
                    "detail": "Finish signing in: enter the code from your authenticator app first.",
                    "code": "second_factor_required",
                }
            )
        return result


class VerifiedSessionScheme(OpenApiAuthenticationExtension):
    """The schema's name for the session: the browser's cookie, valid once the second step is done."""

    target_class = VerifiedSessionAuthentication
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": "The browser's session, once sign-in (with its second step) is complete.",
        }
