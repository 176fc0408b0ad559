"""GET /api/v1/members/ (+ detail): the member's own department only; training and authorization
status (3xx.3, 3xx.8) only for those who see the department's records, and for oneself."""

import pytest

from .conftest import ROLES, SEES_DEPARTMENT, client_as

pytestmark = pytest.mark.django_db

OAKLEY = {"chief", "designee", "pio", "supervisor", "commander", "custodian", "reviewer", "member"}
DIRECTORY_FIELDS = {
    "id",
    "username",
    "name",
    "rank",
    "badge_number",
    "division",
    "roles",
    "supervisor",
    "missing_training",
    "authorizations",
}


@pytest.mark.parametrize("role", ROLES)
def test_list_shows_only_own_department(role, as_role, world):
    response = as_role(role).get("/api/v1/members/")
    if role == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    rows = response.json()["results"]
    assert {row["username"] for row in rows} == OAKLEY
    assert all(set(row) == DIRECTORY_FIELDS for row in rows)


@pytest.mark.parametrize("role", sorted(OAKLEY))
def test_status_is_shown_to_those_who_see_department_records(role, as_role, world):
    rows = {row["username"]: row for row in as_role(role).get("/api/v1/members/").json()["results"]}
    colleague = rows["member"] if role != "member" else rows["pio"]
    if role in SEES_DEPARTMENT:
        assert rows["member"]["missing_training"] == ["legal", "privacy", "civil_rights", "dissemination", "retention"]
        assert rows["pio"]["missing_training"] == []
        assert rows["pio"]["authorizations"] == [
            {
                "id": world.pio_authorization.pk,
                # The covert account is left out for anyone who may not see it (general policy IV.E).
                "accounts": sorted([world.account.pk, world.covert_account.pk])
                if role == "chief"
                else [world.account.pk],
                "starts_on": world.pio_authorization.starts_on.isoformat(),
                "expires_on": world.pio_authorization.expires_on.isoformat(),
            }
        ]
    else:
        assert colleague["missing_training"] is None and colleague["authorizations"] is None
    # Everyone sees their own status: their own records are theirs to list anyway.
    assert rows[role]["missing_training"] is not None


def test_directory_entry(world):
    response = client_as(world.pio).get(f"/api/v1/members/{world.member.pk}/")
    assert response.status_code == 200
    assert response.json() == {
        "id": world.member.pk,
        "username": "member",
        "name": "Member Oakley",
        "rank": "Officer",
        "badge_number": "",
        "division": "",
        "roles": ["member"],
        "supervisor": world.supervisor.pk,
        "missing_training": None,
        "authorizations": None,
    }


@pytest.mark.parametrize("role", ROLES)
def test_another_departments_member_is_404(role, as_role, world):
    response = as_role(role).get(f"/api/v1/members/{world.other_pio.pk}/")
    assert response.status_code == (401 if role == "anonymous" else 404)


@pytest.mark.parametrize("role", ROLES)
def test_a_colleague_is_visible(role, as_role, world):
    response = as_role(role).get(f"/api/v1/members/{world.commander.pk}/")
    assert response.status_code == (401 if role == "anonymous" else 200)


def test_azusa_sees_only_azusa(world):
    rows = client_as(world.other_chief).get("/api/v1/members/").json()["results"]
    assert {row["username"] for row in rows} == {"azusa-chief", "azusa-pio"}
    assert client_as(world.other_chief).get(f"/api/v1/members/{world.chief.pk}/").status_code == 404


def test_members_are_read_only(world):
    client = client_as(world.chief)
    assert client.post("/api/v1/members/", {"username": "new"}, format="json").status_code == 405
    assert client.patch(f"/api/v1/members/{world.pio.pk}/", {"rank": "Chief"}, format="json").status_code == 405
