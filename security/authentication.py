"""Token authentication for the REST API with the members' own expiring, revocable tokens (security.ApiToken).

Same header as DRF's TokenAuthentication (`Authorization: Token <key>`), so clients and the OpenAPI
schema do not change; the key is looked up by its SHA-256.
"""

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from . import services


class ApiTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        token = services.authenticate_token(key)
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid, expired or revoked token.")
        return token.member, token
