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
        assert response.json() == {
            "id": world.covert_account.pk, "platform": "instagram", "handle": "oakley_undercover",
            "url": "https://www.instagram.com/oakley_undercover", "kind": "covert",
        }


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


def test_accounts_are_read_only(world):
    response = client_as(world.chief).post("/api/v1/accounts/", {"handle": "x"}, format="json")
    assert response.status_code == 405
