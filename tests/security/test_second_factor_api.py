"""The second factor cannot be skipped on the API (issue 17.1; FBI CJIS Security Policy 5.6.2.2).

A session that has not passed its second step reaches no API data, whatever `Authorization` header
the request carries: only a token that authenticates, or a verified session, does. Every role, in
each sign-in state (password only, enrolment pending, verified), sends every header variant to every
operation of the OpenAPI schema.
"""

import re

import pytest
from rest_framework.test import APIClient

from security import second_factor as security_second_factor
from security import tokens as security_tokens
from security.authentication import VerifiedSessionAuthentication
from tests.conftest import sign_in_without_second_factor, totp_device

from .test_matrix import schema_operations

pytestmark = pytest.mark.django_db

ROLES = ["chief", "designee", "pio", "supervisor", "commander", "custodian", "reviewer", "member"]
HELD = "second_factor_required"

# What an attacker may put in the header; none of them is a token this app issued.
NOT_A_TOKEN = {
    "bearer": "Bearer anything",
    "basic": "Basic c3VwZXJ2aXNvcjpwYXNzd29yZA==",
    "any value": "anything",
    "empty": "",
    "scheme only": "Token",
    "unknown key": "Token " + "0" * 40,
    "lower-case scheme, unknown key": "token " + "f" * 40,
    "two keys": "Token abc def",
    "not utf-8": b"Token \xff\xfe".decode("latin-1"),
}


def concrete(path: str) -> str:
    """A schema path with its parameters filled in: held requests never reach the view, so any id will do."""
    return re.sub(r"\{[^}]+\}", "1", path)


def send(client: APIClient, method: str, path: str, header: str | None, **extra):
    if header is not None:
        extra["HTTP_AUTHORIZATION"] = header
    return getattr(client, method.lower())(path, {}, format="json", **extra)


def held(response) -> bool:
    return response.status_code == 403 and response.json().get("code") == HELD


def session_in_state(member, state: str) -> APIClient:
    client = APIClient()
    if state == "password only":
        totp_device(member)
        return sign_in_without_second_factor(client, member)
    if state == "enrolment pending":
        return sign_in_without_second_factor(client, member)
    client.force_login(member)  # completes the second step, as the real sign-in does
    return client


@pytest.fixture(scope="module")
def operations():
    return sorted(schema_operations())


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", ["password only", "enrolment pending"])
def test_a_held_session_reaches_no_operation_whatever_the_header(role, state, world, operations):
    member = getattr(world, role)
    client = session_in_state(member, state)
    if security_second_factor.second_factor_step(member) == "none":
        # A plain member who has no app and may not post needs no second factor: nothing is pending.
        assert client.get("/api/v1/me/").status_code == 200
        return
    leaked = []
    for method, path in operations:
        for name, header in [("no header", None), *NOT_A_TOKEN.items()]:
            response = send(client, method, concrete(path), header)
            if not held(response):
                leaked.append(f"{method} {path} with {name}: {response.status_code}")
    assert not leaked, "\n".join(leaked)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", ["password only", "enrolment pending", "verified"])
def test_a_valid_token_reaches_data_in_every_state(role, state, world):
    member = getattr(world, role)
    client = session_in_state(member, state)
    # The member's own token (made in an earlier, verified session): an operator's is refused until they enrol.
    _, key = security_tokens.create_token(by=member, member=member)
    response = send(client, "GET", "/api/v1/me/", f"Token {key}")
    assert response.status_code == 200 and response.json()["username"] == member.username


@pytest.mark.parametrize("role", ROLES)
def test_a_verified_session_reaches_data_and_a_bad_token_is_refused(role, world):
    client = session_in_state(getattr(world, role), "verified")
    for name, header in [("no header", None), *NOT_A_TOKEN.items()]:
        response = send(client, "GET", "/api/v1/me/", header)
        if header is not None and header.lower().startswith("token"):
            # A token that does not authenticate is refused outright, not passed over for the session.
            assert response.status_code == 401, name
        else:
            assert response.status_code == 200, name


def test_a_revoked_token_does_not_lift_the_hold(world):
    member = world.supervisor
    client = session_in_state(member, "password only")
    token, key = security_tokens.create_token(by=member, member=member)
    security_tokens.revoke_token(by=member, token=token)
    assert held(send(client, "GET", "/api/v1/me/", f"Token {key}"))


def test_another_members_token_is_that_members_request(world):
    """The token, not the held session, says who is asking."""
    client = session_in_state(world.supervisor, "password only")
    _, key = security_tokens.create_token(by=None, member=world.member)
    response = send(client, "GET", "/api/v1/me/", f"Token {key}")
    assert response.status_code == 200 and response.json()["username"] == world.member.username


def test_the_session_authentication_refuses_a_held_session_without_the_middleware(world, settings):
    """The second guard: with the sign-in middleware taken out, DRF's session authentication still holds."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "security.middleware.SignInPolicyMiddleware"]
    client = session_in_state(world.chief, "password only")
    for header in (None, "Bearer anything", "Basic eDp5"):
        response = send(client, "GET", "/api/v1/audit-events/", header)
        assert held(response), header
    assert VerifiedSessionAuthentication in _authentication_classes()


def _authentication_classes():
    from rest_framework.settings import api_settings

    return api_settings.DEFAULT_AUTHENTICATION_CLASSES
