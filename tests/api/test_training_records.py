"""/api/v1/training-records/: 3xx.8 training, listed for oneself or for the department, recorded by the
chief, a designee or a supervisor."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audits.models import AuditEvent
from people.models import TrainingRecord

from .conftest import MAY_RECORD_TRAINING, ROLES, SEES_DEPARTMENT, AuditCount, client_as

pytestmark = pytest.mark.django_db

URL = "/api/v1/training-records/"
TRAINED = {"chief", "designee", "pio", "supervisor", "commander", "custodian", "reviewer"}  # "member" has none


def payload(member, **changes):
    today = timezone.localdate()
    return {
        "member": member.pk,
        "topic": "legal",
        "completed_on": (today - timedelta(days=1)).isoformat(),
        "expires_on": (today + timedelta(days=364)).isoformat(),
        "note": "POST academy course",
        **changes,
    }


@pytest.mark.parametrize("role", ROLES)
def test_list_shows_the_departments_or_only_ones_own(role, as_role, world):
    response = as_role(role).get(URL)
    if role == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    rows = response.json()["results"]
    owners = {row["member"] for row in rows}
    if role in SEES_DEPARTMENT:
        assert owners == {getattr(world, name).pk for name in TRAINED}
        assert len(rows) == 5 * len(TRAINED)
    else:
        me = getattr(world, role)
        assert owners == ({me.pk} if role in TRAINED else set())
    assert world.other_pio.pk not in owners and world.other_chief.pk not in owners


@pytest.mark.parametrize("role", ROLES)
def test_a_colleagues_record_is_404_unless_you_see_the_departments(role, as_role, world):
    record = world.commander.training_records.first()
    response = as_role(role).get(f"{URL}{record.pk}/")
    expected = 401 if role == "anonymous" else 200 if role in SEES_DEPARTMENT | {"commander"} else 404
    assert response.status_code == expected
    if expected == 200:
        body = response.json()
        assert body["member"] == world.commander.pk and body["current"] is True
        assert set(body) == {
            "id",
            "member",
            "topic",
            "completed_on",
            "expires_on",
            "note",
            "current",
            "recorded_by",
            "created_at",
        }


@pytest.mark.parametrize("role", ROLES)
def test_another_departments_record_is_404(role, as_role, world):
    record = world.other_pio.training_records.first()
    assert as_role(role).get(f"{URL}{record.pk}/").status_code == (401 if role == "anonymous" else 404)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_chief_a_designee_or_a_supervisor_records_training(role, as_role, world):
    with AuditCount() as audit:
        response = as_role(role).post(URL, payload(world.member), format="json")
    expected = 401 if role == "anonymous" else 201 if role in MAY_RECORD_TRAINING else 403
    assert response.status_code == expected, response.content
    if expected == 201:
        body = response.json()
        assert body["member"] == world.member.pk and body["topic"] == "legal" and body["current"] is True
        assert body["recorded_by"] == getattr(world, role).pk
        assert audit.written == 1
        event = AuditEvent.objects.latest("id")
        assert event.action == "people.training.record" and event.object_id == str(body["id"])
    else:
        assert audit.written == 0
        assert not world.member.training_records.exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"topic": "karate"}, "topic"),
        ({"completed_on": (timezone.localdate() + timedelta(days=2)).isoformat()}, "completed_on"),
        ({"expires_on": "2000-01-01"}, "expires_on"),
        ({"member": 999999}, "member"),
        ({"completed_on": ""}, "completed_on"),
    ],
)
def test_bad_records_are_400_naming_the_field_and_write_nothing(changes, field, world):
    with AuditCount() as audit:
        response = client_as(world.supervisor).post(URL, {**payload(world.member), **changes}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert audit.written == 0
    assert not world.member.training_records.exists()


def test_another_departments_member_is_400_like_one_that_does_not_exist(world):
    response = client_as(world.supervisor).post(URL, payload(world.other_pio), format="json")
    assert response.status_code == 400 and list(response.json()) == ["member"]
    assert not TrainingRecord.objects.filter(member=world.other_pio, recorded_by=world.supervisor).exists()


def test_expiry_and_note_are_optional(world):
    response = client_as(world.chief).post(
        URL,
        {
            "member": world.member.pk,
            "topic": "privacy",
            "completed_on": timezone.localdate().isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["expires_on"] is None and response.json()["note"] == ""


def test_recorded_training_makes_a_member_grantable(world):
    chief = client_as(world.chief)
    for topic in ("legal", "privacy", "civil_rights", "dissemination", "retention"):
        assert chief.post(URL, payload(world.member, topic=topic), format="json").status_code == 201
    assert chief.get(f"/api/v1/members/{world.member.pk}/").json()["missing_training"] == []
    today = timezone.localdate()
    response = chief.post(
        "/api/v1/authorizations/",
        {
            "member": world.member.pk,
            "accounts": [world.account.pk],
            "starts_on": today.isoformat(),
            "expires_on": (today + timedelta(days=30)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201
