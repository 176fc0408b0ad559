"""GET /api/v1/accounts/ (+ detail): own department only; a covert account (general policy IV.E)
only for the chief and members whose current authorization covers it."""

import pytest

from people.services import revoke_authorization

from .conftest import ROLES, client_as

pytestmark = pytest.mark.django_db

SEES_COVERT = {"chief", "pio"}  # the PIO holds a current authorization covering it


@pytest.mark.parametrize("role", ROLES)
def test_list_shows_own_departments_accounts_covert_only_to_those_allowed(role, as_role, world):
    response = as_role(role).get("/api/v1/accounts/")
    if role == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    handles = {row["handle"] for row in response.json()["results"]}
    assert handles == ({"OakleyPD", "oakley_undercover"} if role in SEES_COVERT else {"OakleyPD"})


@pytest.mark.parametrize("role", ROLES)
def test_covert_account_detail_is_404_unless_allowed(role, as_role, world):
    response = as_role(role).get(f"/api/v1/accounts/{world.covert_account.pk}/")
    expected = 401 if role == "anonymous" else 200 if role in SEES_COVERT else 404
    assert response.status_code == expected
    if expected == 200:
        body = response.json()
        assert {key: body[key] for key in ("id", "platform", "handle", "url", "kind")} == {
            "id": world.covert_account.pk,
            "platform": "instagram",
            "handle": "oakley_undercover",
            "url": "https://www.instagram.com/oakley_undercover",
            "kind": "covert",
        }
        assert "webhook_secret" not in body


@pytest.mark.parametrize("role", ROLES)
def test_another_departments_account_is_404(role, as_role, world):
    response = as_role(role).get(f"/api/v1/accounts/{world.other_account.pk}/")
    assert response.status_code == (401 if role == "anonymous" else 404)


@pytest.mark.parametrize("role", ROLES)
def test_public_account_detail(role, as_role, world):
    response = as_role(role).get(f"/api/v1/accounts/{world.account.pk}/")
    assert response.status_code == (401 if role == "anonymous" else 200)


def test_covert_account_disappears_when_the_authorization_is_revoked(world):
    revoke_authorization(by=world.chief, authorization=world.pio_authorization, reason="Operation closed")
    assert client_as(world.pio).get(f"/api/v1/accounts/{world.covert_account.pk}/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_only_the_chief_adds_accounts(role, as_role, world):
    response = as_role(role).post("/api/v1/accounts/", {"platform": "x", "handle": "OakleyPD_X"}, format="json")
    assert response.status_code == {"chief": 201, "anonymous": 401}.get(role, 403)
    if role == "chief":
        assert response.json()["approved"] is False and response.json()["publishable"] is False
