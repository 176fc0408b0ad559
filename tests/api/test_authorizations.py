"""/api/v1/authorizations/: seeing, granting (3xx.3, needs 3xx.8 training) and revoking."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audits.models import AuditEvent
from people.models import Authorization

from .conftest import MAY_GRANT, ROLES, SEES_DEPARTMENT, AuditCount, client_as, grant

pytestmark = pytest.mark.django_db

URL = "/api/v1/authorizations/"
FIELDS = {
    "id",
    "member",
    "accounts",
    "starts_on",
    "expires_on",
    "active",
    "status",
    "granted_by",
    "revoked_at",
    "revoked_by",
    "revoke_reason",
    "created_at",
}


def payload(member, accounts, days=180, **changes):
    today = timezone.localdate()
    return {
        "member": member.pk,
        "accounts": [account.pk for account in accounts],
        "starts_on": today.isoformat(),
        "expires_on": (today + timedelta(days=days)).isoformat(),
        **changes,
    }


# --- reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_list_shows_the_departments_or_only_ones_own(role, as_role, world):
    response = as_role(role).get(URL)
    if role == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    rows = response.json()["results"]
    ids = {row["id"] for row in rows}
    everyone = {world.pio_authorization.pk, world.commander_authorization.pk}
    own = {a.pk for a in (world.pio_authorization, world.commander_authorization) if a.member == getattr(world, role)}
    assert ids == (everyone if role in SEES_DEPARTMENT else own)
    assert world.other_authorization.pk not in ids
    assert all(set(row) == FIELDS for row in rows)


@pytest.mark.parametrize("role", ROLES)
def test_a_colleagues_authorization_is_404_unless_you_see_the_departments(role, as_role, world):
    response = as_role(role).get(f"{URL}{world.commander_authorization.pk}/")
    expected = 401 if role == "anonymous" else 200 if role in SEES_DEPARTMENT | {"commander"} else 404
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_another_departments_authorization_is_404(role, as_role, world):
    response = as_role(role).get(f"{URL}{world.other_authorization.pk}/")
    assert response.status_code == (401 if role == "anonymous" else 404)


def test_detail_fields(world):
    authorization = world.commander_authorization
    body = client_as(world.commander).get(f"{URL}{authorization.pk}/").json()
    assert body == {
        "id": authorization.pk,
        "member": world.commander.pk,
        "accounts": [world.account.pk],
        "starts_on": authorization.starts_on.isoformat(),
        "expires_on": authorization.expires_on.isoformat(),
        "active": True,
        "status": "active",
        "granted_by": world.chief.pk,
        "revoked_at": None,
        "revoked_by": None,
        "revoke_reason": "",
        "created_at": body["created_at"],
    }


def test_a_covert_account_is_left_out_for_those_who_may_not_see_it(world):
    url = f"{URL}{world.pio_authorization.pk}/"
    assert client_as(world.chief).get(url).json()["accounts"] == sorted([world.account.pk, world.covert_account.pk])
    assert client_as(world.supervisor).get(url).json()["accounts"] == [world.account.pk]


# --- granting --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_the_chief_or_a_designee_grants(role, as_role, world):
    with AuditCount() as audit:
        response = as_role(role).post(URL, payload(world.supervisor, [world.account]), format="json")
    expected = 401 if role == "anonymous" else 201 if role in MAY_GRANT else 403
    assert response.status_code == expected, response.content
    if expected == 201:
        body = response.json()
        assert body["member"] == world.supervisor.pk and body["accounts"] == [world.account.pk]
        assert body["granted_by"] == getattr(world, role).pk
        assert body["status"] == "active" and body["active"] is True
        assert audit.written == 1
        event = AuditEvent.objects.latest("id")
        assert event.action == "people.authorization.grant" and event.object_id == str(body["id"])
    else:
        assert audit.written == 0
        assert not Authorization.objects.filter(member=world.supervisor).exists()


def test_a_non_granter_gets_403_even_with_bad_input(world):
    response = client_as(world.pio).post(URL, {}, format="json")
    assert response.status_code == 403


def test_granting_without_training_is_400_naming_the_training_and_section(world, untrained):
    with AuditCount() as audit:
        response = client_as(world.chief).post(URL, payload(untrained, [world.account]), format="json")
    assert response.status_code == 400
    message = response.json()["member"][0]
    assert "Legal issues" in message and "Retention" in message and "§322.8" in message
    assert audit.written == 0
    assert not Authorization.objects.filter(member=untrained).exists()


def test_another_departments_member_is_400_like_one_that_does_not_exist(world):
    client = client_as(world.chief)
    foreign = client.post(URL, payload(world.other_pio, [world.account]), format="json")
    missing = client.post(URL, {**payload(world.pio, [world.account]), "member": 999999}, format="json")
    assert foreign.status_code == missing.status_code == 400
    assert list(foreign.json()) == ["member"]
    assert foreign.json()["member"][0] == missing.json()["member"][0].replace("999999", str(world.other_pio.pk))
    assert "Azusa" not in str(foreign.json())


def test_another_departments_account_is_400_naming_accounts(world):
    with AuditCount() as audit:
        response = client_as(world.chief).post(URL, payload(world.pio, [world.other_account]), format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["accounts"]
    assert "AzusaPD" not in str(response.json())
    assert audit.written == 0


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"accounts": []}, "accounts"),
        ({"expires_on": "2000-01-01"}, "expires_on"),
        ({"starts_on": "not a date"}, "starts_on"),
        ({"member": None}, "member"),
    ],
)
def test_bad_grants_are_400_naming_the_field_and_write_nothing(changes, field, world):
    with AuditCount() as audit:
        response = client_as(world.chief).post(
            URL, {**payload(world.supervisor, [world.account]), **changes}, format="json"
        )
    assert response.status_code == 400
    assert field in response.json()
    assert audit.written == 0


def test_an_unapproved_account_cannot_be_granted(world):
    from tests.conftest import make_account

    pending = make_account(world.department, "OakleyPDNew")
    response = client_as(world.chief).post(URL, payload(world.supervisor, [pending]), format="json")
    assert response.status_code == 400 and list(response.json()) == ["accounts"]


def test_status_fields_are_not_writable(world):
    response = client_as(world.chief).post(
        URL,
        payload(
            world.supervisor,
            [world.account],
            status="revoked",
            revoked_at="2020-01-01T00:00:00Z",
            revoke_reason="sneaky",
            granted_by=world.designee.pk,
            active=False,
        ),
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "active" and body["revoked_at"] is None and body["revoke_reason"] == ""
    assert body["granted_by"] == world.chief.pk


# --- revoking --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_revoke_matrix(role, as_role, world):
    # The PIO sees their own authorization but may not revoke it; the commander and member do not see it.
    url = f"{URL}{world.pio_authorization.pk}/revoke/"
    with AuditCount() as audit:
        response = as_role(role).post(url, {"reason": "Reassigned to patrol"}, format="json")
    expected = (
        401 if role == "anonymous" else 200 if role in MAY_GRANT else 403 if role in SEES_DEPARTMENT | {"pio"} else 404
    )
    assert response.status_code == expected, response.content
    world.pio_authorization.refresh_from_db()
    if expected == 200:
        body = response.json()
        assert body["status"] == "revoked" and body["active"] is False
        assert body["revoked_by"] == getattr(world, role).pk and body["revoke_reason"] == "Reassigned to patrol"
        assert audit.written == 1
        assert AuditEvent.objects.latest("id").action == "people.authorization.revoke"
    else:
        assert world.pio_authorization.revoked_at is None
        assert audit.written == 0


@pytest.mark.parametrize("role", ROLES)
def test_revoking_another_departments_authorization_is_404(role, as_role, world):
    response = as_role(role).post(f"{URL}{world.other_authorization.pk}/revoke/", {"reason": "x"}, format="json")
    assert response.status_code == (401 if role == "anonymous" else 404)
    world.other_authorization.refresh_from_db()
    assert world.other_authorization.revoked_at is None


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}])
def test_revoking_needs_a_reason(body, world):
    with AuditCount() as audit:
        response = client_as(world.chief).post(f"{URL}{world.pio_authorization.pk}/revoke/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    assert audit.written == 0


def test_revoking_a_revoked_authorization_is_409(world):
    client = client_as(world.chief)
    url = f"{URL}{world.pio_authorization.pk}/revoke/"
    assert client.post(url, {"reason": "Reassigned"}, format="json").status_code == 200
    with AuditCount() as audit:
        response = client.post(url, {"reason": "Again"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    assert audit.written == 0


def test_a_revoked_authorization_stops_counting_and_stays_listed(world):
    client = client_as(world.chief)
    client.post(f"{URL}{world.commander_authorization.pk}/revoke/", {"reason": "Left the unit"}, format="json")
    rows = {row["id"]: row for row in client.get(URL).json()["results"]}
    assert rows[world.commander_authorization.pk]["status"] == "revoked"
    # and the directory no longer lists it as current
    member = client.get(f"/api/v1/members/{world.commander.pk}/").json()
    assert member["authorizations"] == []


def test_an_authorization_granted_ahead_is_scheduled(world):
    start = timezone.localdate() + timedelta(days=10)
    authorization = grant(world.chief, world.supervisor, [world.account])
    authorization.starts_on = start
    authorization.expires_on = start + timedelta(days=30)
    authorization.save()
    body = client_as(world.chief).get(f"{URL}{authorization.pk}/").json()
    assert body["status"] == "scheduled" and body["active"] is False
