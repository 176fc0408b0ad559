"""GET /api/v1/me/ and how the API authenticates: token first, then session (DESIGN.md "Interfaces")."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from tests.conftest import PASSWORD, totp_device

from .conftest import ROLES

pytestmark = pytest.mark.django_db

ROLE_KEYS = {
    "chief": ["chief"],
    "designee": ["pio"],
    "pio": ["pio"],
    "supervisor": ["supervisor"],
    "commander": ["commander"],
    "custodian": ["custodian"],
    "reviewer": ["supervisor", "reviewer"],
    "member": ["member"],
}


@pytest.mark.parametrize("role", ROLES)
def test_me_answers_who_is_signed_in(role, as_role, world):
    response = as_role(role).get("/api/v1/me/")
    if role == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    person = getattr(world, role)
    assert response.json() == {
        "id": person.pk,
        "username": person.username,
        "name": person.get_full_name(),
        "department": world.department.pk,
        "roles": ROLE_KEYS[role],
    }


def test_unauthenticated_request_is_401_with_token_challenge(db):
    response = APIClient().get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_drf_create_token_prints_a_token_that_authenticates(chief):
    totp_device(chief)  # an operator's token works only for a member who has enrolled (CJIS 5.6.2.2)
    out = StringIO()
    call_command("drf_create_token", "chief", stdout=out)
    match = re.fullmatch(r"Generated token ([0-9a-f]{40}) for user chief\n", out.getvalue())
    assert match, out.getvalue()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {match.group(1)}")
    response = client.get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["roles"] == ["chief"]


def test_a_wrong_token_is_401(chief):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert client.get("/api/v1/me/").status_code == 401


def test_session_authentication_works_and_enforces_csrf(chief, pio, account):
    client = APIClient(enforce_csrf_checks=True)
    assert client.login(username="chief", password=PASSWORD)
    assert client.get("/api/v1/me/").json()["username"] == "chief"
    # A browser session may not be ridden by another site: an unsafe method needs the CSRF token.
    response = client.patch("/api/v1/department/", {"public_emails": ["pio@oakley.example.gov"]}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
