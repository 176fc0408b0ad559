"""Approval rules, post requests, incidents, investigations and content reports through the API,
for every role: allowed, 403, 404 (another department's), 401 anonymous, 409 wrong state."""

import pytest

from approvals import services as approval_services
from approvals.models import ApprovalRule
from people.roles import Role
from posts import services
from posts.models import ContentReport, Incident
from tests.conftest import make_member

from .conftest import ROLES, AuditCount, client_as, make_post

pytestmark = pytest.mark.django_db
SUPERVISORS = {"supervisor", "reviewer"}


def status_for(role, allowed, ok=200):
    return 401 if role == "anonymous" else ok if role in allowed else 403


@pytest.mark.parametrize("role", ROLES)
def test_only_the_chief_writes_approval_rules(role, as_role, world):
    data = {
        "category": "announcement",
        "account": world.account.pk,
        "approver": "any_authorized",
        "guideline": "Lobby hours and closures",
    }
    with AuditCount() as audit:
        response = as_role(role).post("/api/v1/approval-rules/", data, format="json")
    assert response.status_code == status_for(role, {"chief"}, 201)
    assert audit.written == (1 if role == "chief" else 0)


def test_investigative_requests_cannot_be_opened_to_any_member(world):
    response = client_as(world.chief).post(
        "/api/v1/approval-rules/", {"category": "investigative_request", "approver": "any_authorized"}, format="json"
    )
    assert response.status_code == 400 and "category" in response.json()
    assert not ApprovalRule.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_open_incident(role, as_role, world):
    data = {"name": "Main St fire", "commander": world.commander.pk, "pio": world.pio.pk}
    response = as_role(role).post("/api/v1/incidents/", data, format="json")
    assert response.status_code == status_for(role, {"chief", "supervisor", "reviewer"}, 201)


def test_incident_commander_from_another_department_is_refused(world):
    response = client_as(world.supervisor).post(
        "/api/v1/incidents/", {"name": "x", "commander": world.other_chief.pk}, format="json"
    )
    assert response.status_code == 400 and "commander" in response.json()


@pytest.mark.parametrize("role", ROLES)
def test_close_incident(role, as_role, world):
    incident = services.open_incident(by=world.supervisor, name="Flood", commander=world.commander)
    response = as_role(role).post(f"/api/v1/incidents/{incident.pk}/close/")
    assert response.status_code == status_for(role, {"chief", "supervisor", "reviewer", "commander"})
    if response.status_code == 200:
        again = as_role(role).post(f"/api/v1/incidents/{incident.pk}/close/")
        assert again.status_code == 409


def test_another_departments_incident_is_404(world):
    other_supervisor = make_member(world.other_department, "supervisor", Role.SUPERVISOR)
    incident = services.open_incident(by=other_supervisor, name="Azusa fire", commander=other_supervisor)
    assert client_as(world.chief).get(f"/api/v1/incidents/{incident.pk}/").status_code == 404
    assert client_as(world.chief).post(f"/api/v1/incidents/{incident.pk}/close/").status_code == 404
    assert Incident.objects.get(pk=incident.pk).is_active


@pytest.mark.parametrize("role", ROLES)
def test_report_content_and_close_it(role, as_role, ready):
    post = make_post(ready, "published")
    response = as_role(role).post(
        "/api/v1/content-reports/", {"post": post.pk, "description": "Shows a face"}, format="json"
    )
    assert response.status_code == (401 if role == "anonymous" else 201)
    report = services.report_content(by=ready.member, post=post, description="Wrong date")
    response = as_role(role).post(
        f"/api/v1/content-reports/{report.pk}/close/", {"action_taken": "Fixed"}, format="json"
    )
    # Reports are seen by the chief, supervisors, the custodian and the reviewer, and by their reporter.
    sees = {"chief", "supervisor", "custodian", "reviewer", "member"}
    expected = 401 if role == "anonymous" else 404 if role not in sees else 200 if role in SUPERVISORS else 403
    assert response.status_code == expected


def test_report_without_a_description_names_the_field(ready):
    response = client_as(ready.member).post("/api/v1/content-reports/", {"url": "https://x.test/p/1"}, format="json")
    assert response.status_code == 400 and "description" in response.json()
    assert not ContentReport.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_resolve_investigation(role, as_role, ready):
    post = make_post(ready, "published")
    investigation = services.remove(by=ready.supervisor, post=post, reason="Wrong date")
    data = {"cause": "Typo", "findings": "Missed in review", "resolution": "Second reader added"}
    response = as_role(role).post(f"/api/v1/investigations/{investigation.pk}/resolve/", data, format="json")
    sees = {"chief", "supervisor", "custodian", "reviewer"}
    expected = 401 if role == "anonymous" else 404 if role not in sees else 200 if role in SUPERVISORS else 403
    assert response.status_code == expected
    if expected == 200:
        assert response.json()["is_open"] is False
        again = as_role(role).post(f"/api/v1/investigations/{investigation.pk}/resolve/", data, format="json")
        assert again.status_code == 409


def test_post_request_through_the_chain_of_command(world, ready):
    request = client_as(world.member).post(
        "/api/v1/post-requests/", {"category": "community_engagement", "summary": "Toy drive Dec 5"}, format="json"
    )
    assert request.status_code == 201
    request_id = request.json()["id"]
    assert request.json()["supervisor"] == world.supervisor.pk
    # Not routed to the PIO yet: not visible to them.
    assert client_as(world.pio).post(f"/api/v1/post-requests/{request_id}/forward/").status_code == 404
    assert client_as(world.custodian).post(f"/api/v1/post-requests/{request_id}/forward/").status_code == 404
    assert client_as(world.supervisor).post(f"/api/v1/post-requests/{request_id}/forward/").status_code == 200
    assert (
        client_as(world.supervisor)
        .post(f"/api/v1/post-requests/{request_id}/decline/", {"note": "no"}, format="json")
        .status_code
        == 409
    )
    drafted = client_as(world.pio).post(
        f"/api/v1/post-requests/{request_id}/draft/",
        {"accounts": [world.account.pk], "body": "Join our toy drive!"},
        format="json",
    )
    assert drafted.status_code == 201 and drafted.json()["status"] == "draft"
    mine = client_as(world.member).get(f"/api/v1/post-requests/{request_id}/").json()
    assert mine["status"] == "drafted" and mine["post"] == drafted.json()["id"]


def test_decline_without_a_note_names_the_field(world):
    request = approval_services.request_post(by=world.member, category="announcement", summary="Please post")
    response = client_as(world.supervisor).post(f"/api/v1/post-requests/{request.pk}/decline/", {}, format="json")
    assert response.status_code == 400 and "note" in response.json()
