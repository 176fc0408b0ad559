"""GET/PATCH /api/v1/department/: every member reads it; the chief keeps its public contacts."""

import pytest

from audits.models import AuditEvent

from .conftest import ROLES, AuditCount, client_as

pytestmark = pytest.mark.django_db

URL = "/api/v1/department/"
CONTACTS = {"public_phone_numbers": ["(925) 625-8060", "+1 925 625 7000"], "public_emails": ["pio@oakley.example.gov"]}


@pytest.mark.parametrize("role", ROLES)
def test_every_member_reads_their_department(role, as_role, world):
    response = as_role(role).get(URL)
    if role == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == world.department.name
    assert body["policy_number"] == "322"
    assert body["categories"][0] == {"key": "announcement", "label": "Announcements", "citation": "§322.4(a)"}
    assert [category["key"] for category in body["categories"]] == [
        "announcement",
        "crime_prevention",
        "investigative_request",
        "community_engagement",
        "safety_alert",
        "traffic",
        "press_release",
        "recruitment",
    ]
    assert body["public_phone_numbers"] == [] and body["public_emails"] == []


def test_another_department_sees_its_own_policy_citations(world):
    body = client_as(world.other_chief).get(URL).json()
    assert body["name"] == world.other_department.name
    assert body["categories"][0]["citation"] == "§392.4(a)"


@pytest.mark.parametrize("role", ROLES)
def test_only_the_chief_changes_public_contacts(role, as_role, world):
    with AuditCount() as audit:
        response = as_role(role).patch(URL, CONTACTS, format="json")
    expected = {"chief": 200, "anonymous": 401}.get(role, 403)
    assert response.status_code == expected, response.content
    world.department.refresh_from_db()
    if expected == 200:
        assert response.json()["public_phone_numbers"] == CONTACTS["public_phone_numbers"]
        assert world.department.public_emails == CONTACTS["public_emails"]
        assert audit.written == 1
    else:
        assert world.department.public_emails == []
        assert audit.written == 0


def test_contact_change_is_audited_with_before_and_after(chief, department):
    client_as(chief).patch(URL, {"public_emails": ["pio@oakley.example.gov"]}, format="json")
    event = AuditEvent.objects.get(action="people.department.update_contacts")
    assert event.actor == chief and event.department == department
    assert event.before == {"public_emails": []}
    assert event.after == {"public_emails": ["pio@oakley.example.gov"]}


def test_a_patch_that_changes_nothing_writes_no_event(chief):
    with AuditCount() as audit:
        response = client_as(chief).patch(URL, {"public_emails": []}, format="json")
    assert response.status_code == 200
    assert audit.written == 0


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"name": "Not Oakley"}, "name"),
        ({"policy_number": "999"}, "policy_number"),
        ({"categories": []}, "categories"),
        ({"public_emails": ["pio@oakley.example.gov"], "policy": {}}, "policy"),
        ({"public_phone_numbers": ["call us"]}, "public_phone_numbers"),
        ({"public_phone_numbers": ["625-8060"]}, "public_phone_numbers"),
        ({"public_phone_numbers": [" (925) 625-8060 ", "925.625.7000"]}, None),
        ({"public_phone_numbers": ["925 625 8060", "(925) 625-8060"]}, "public_phone_numbers"),
        ({"public_phone_numbers": ["925-625-8060", "925-625-8060"]}, "public_phone_numbers"),
        ({"public_phone_numbers": "925-625-8060"}, "public_phone_numbers"),
        ({"public_emails": ["not-an-email"]}, "public_emails"),
        ({"public_emails": [42]}, "public_emails"),
    ],
)
def test_patch_validates_and_names_the_field(payload, field, chief, department):
    with AuditCount() as audit:
        response = client_as(chief).patch(URL, payload, format="json")
    if field is None:
        assert response.status_code == 200
        assert response.json()["public_phone_numbers"] == ["(925) 625-8060", "925.625.7000"]
        return
    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    assert audit.written == 0
    department.refresh_from_db()
    assert department.public_phone_numbers == [] and department.public_emails == []


def test_put_is_not_allowed(chief):
    assert client_as(chief).put(URL, CONTACTS, format="json").status_code == 405
