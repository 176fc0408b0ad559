"""GET /api/v1/audit-events/: the department's audit trail, for its chief and records custodian."""

import pytest

from audits import sequencer
from audits.models import AuditEvent

from .conftest import MAY_READ_AUDIT, ROLES, client_as

pytestmark = pytest.mark.django_db

URL = "/api/v1/audit-events/"
FIELDS = {
    "id",
    "actor",
    "actor_name",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "request_id",
    "remote_addr",
    "created_at",
    "pending",
    "sequence",
    "previous_hash",
    "hash",
}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_chief_and_custodian_read_the_trail(role, as_role, world):
    response = as_role(role).get(URL)
    expected = 401 if role == "anonymous" else 200 if role in MAY_READ_AUDIT else 403
    assert response.status_code == expected
    if expected == 200:
        rows = response.json()["results"]
        ids = [row["id"] for row in rows]
        own = list(AuditEvent.objects.filter(department=world.department).order_by("-id").values_list("id", flat=True))
        assert ids == own  # newest first
        assert len(ids) >= 3  # the department's creation and two grants
        assert all(set(row) == FIELDS for row in rows)


@pytest.mark.parametrize("role", ROLES)
def test_another_departments_event_is_404_for_readers_and_403_for_others(role, as_role, world):
    event = AuditEvent.objects.filter(department=world.other_department).latest("id")
    response = as_role(role).get(f"{URL}{event.pk}/")
    assert response.status_code == (401 if role == "anonymous" else 404 if role in MAY_READ_AUDIT else 403)


def test_event_detail(world):
    sequencer.sequence_pending()  # on PostgreSQL events are chained after commit (audits.sequencer)
    event = AuditEvent.objects.get(action="people.authorization.grant", object_id=str(world.pio_authorization.pk))
    body = client_as(world.custodian).get(f"{URL}{event.pk}/").json()
    assert body["action"] == "people.authorization.grant"
    assert body["actor"] == world.chief.pk and body["actor_name"] == "Chief Chief Oakley"
    assert body["object_type"] == "people.Authorization"
    assert body["hash"] == event.hash and body["previous_hash"] == event.previous_hash
    assert body["sequence"] == event.sequence and body["pending"] is False
    assert body["after"]["accounts"] == sorted([world.account.pk, world.covert_account.pk])


def test_filters(world):
    client = client_as(world.chief)
    grants = client.get(URL, {"action": "people.authorization.grant"}).json()["results"]
    assert [row["object_id"] for row in grants] == [
        str(world.commander_authorization.pk),
        str(world.pio_authorization.pk),
    ]
    one = client.get(URL, {"object_type": "people.Authorization", "object_id": world.pio_authorization.pk})
    assert [row["action"] for row in one.json()["results"]] == ["people.authorization.grant"]
    assert client.get(URL, {"object_type": "people.Nothing"}).json()["results"] == []
    # Azusa's grant is not in Oakley's trail, whatever the filter.
    assert (
        client.get(URL, {"object_id": world.other_authorization.pk, "object_type": "people.Authorization"}).json()[
            "results"
        ]
        == []
    )


def test_api_requests_carry_their_request_id_into_the_trail(world):
    client = client_as(world.chief)
    client.post(
        f"/api/v1/authorizations/{world.pio_authorization.pk}/revoke/",
        {"reason": "Closed"},
        format="json",
        HTTP_X_REQUEST_ID="req-42",
    )
    row = client.get(URL, {"action": "people.authorization.revoke"}).json()["results"][0]
    assert row["request_id"] == "req-42" and row["remote_addr"] == "127.0.0.1"
    assert row["before"]["revoked_at"] is None and row["after"]["revoke_reason"] == "Closed"


def test_the_trail_is_read_only(world):
    client = client_as(world.chief)
    event = AuditEvent.objects.filter(department=world.department).latest("id")
    assert client.post(URL, {}, format="json").status_code == 405
    assert client.delete(f"{URL}{event.pk}/").status_code == 405
