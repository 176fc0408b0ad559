"""Undercover operations (general policy IV.E.2; issue 16.1): approval by the chief or a designee in scope,
covert accounts used only while their operation is open, invisible to members not assigned, the monitoring log
and its reminder, postings to other sites, closing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from audits.models import AuditEvent
from notifications import reminders
from notifications.models import Notification
from operations import services
from operations.models import Operation
from posts import services as post_services
from tests.api.conftest import AuditCount, client_as, designate
from tests.conftest import make_member

pytestmark = pytest.mark.django_db
API = "/api/v1/operations"


def draft(by, account, body="Anyone selling bikes near the harbor?"):
    return post_services.create_post(by=by, category="investigative_request", accounts=[account], body=body)


def test_a_covert_account_is_used_only_while_its_operation_is_open(operation, chief, supervisor, detective, cover):
    with pytest.raises(PermissionDenied, match="not yet approved"):
        draft(detective, cover)
    services.approve_operation(by=chief, operation=operation)
    post = draft(detective, cover)
    assert post.pk
    services.close_operation(by=supervisor, operation=operation, note="Arrests made; the account is retired.")
    with pytest.raises(PermissionDenied, match="closed"):
        draft(detective, cover)
    with pytest.raises(PermissionDenied):
        post_services.edit_post(by=detective, post=post, body="Edited after the close.")
    # Through the API too: 403 with the reason.
    response = client_as(detective).post(
        "/api/v1/posts/",
        {"category": "investigative_request", "accounts": [cover.pk], "body": "Still there?"},
        format="json",
    )
    assert response.status_code in (400, 403)


def test_a_covert_account_with_no_operation_cannot_be_used(department, chief, detective, cover):
    from tests.api.conftest import grant

    grant(chief, detective, [cover])
    with pytest.raises(PermissionDenied, match="belongs to no undercover operation"):
        draft(detective, cover)


def test_members_not_assigned_get_404_on_the_operation_its_accounts_posts_and_records(
    open_operation, department, chief, custodian, supervisor, detective, pio, cover
):
    post = draft(detective, cover)
    services.log_entry(by=supervisor, operation=open_operation, note="Checked the account's messages.")
    other_supervisor = make_member(department, "sergeant", "supervisor")
    for outsider in (pio, other_supervisor):
        api = client_as(outsider)
        assert api.get(f"{API}/{open_operation.pk}/").status_code == 404
        assert api.get(f"{API}/").json()["count"] == 0
        assert api.get(f"/api/v1/accounts/{cover.pk}/").status_code == 404
        assert api.get(f"/api/v1/posts/{post.pk}/").status_code == 404
        assert api.post(f"{API}/{open_operation.pk}/log/", {"note": "x"}, format="json").status_code == 404
        assert api.post(f"{API}/{open_operation.pk}/close/", {"note": "x"}, format="json").status_code == 404
    for insider in (chief, custodian, supervisor, detective):
        body = client_as(insider).get(f"{API}/{open_operation.pk}/").json()
        assert body["name"] == "Harbor Lights" and body["log"][0]["note"] == "Checked the account's messages."
        assert client_as(insider).get(f"/api/v1/accounts/{cover.pk}/").status_code == 200
    # Closing ends every assignment: the detective no longer sees it; the chief and the custodian still do.
    services.close_operation(by=chief, operation=open_operation, note="Case closed.")
    assert client_as(detective).get(f"{API}/{open_operation.pk}/").status_code == 404
    assert client_as(detective).get(f"/api/v1/accounts/{cover.pk}/").status_code == 404
    assert client_as(custodian).get(f"{API}/{open_operation.pk}/").status_code == 200


def test_another_departments_members_get_404(open_operation, other_chief):
    assert client_as(other_chief).get(f"{API}/{open_operation.pk}/").status_code == 404
    assert client_as(other_chief).post(f"{API}/{open_operation.pk}/approve/").status_code == 404


def test_the_api_lifecycle(department, chief, supervisor, detective, cover, custodian):
    from tests.api.conftest import grant

    grant(chief, detective, [cover])
    today = timezone.localdate()
    data = {
        "name": "Harbor Lights",
        "case_number": "26-0412",
        "monitoring_supervisor": supervisor.pk,
        "members": [detective.pk],
        "accounts": [cover.pk],
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=60)).isoformat(),
    }
    assert client_as(detective).post(f"{API}/", data, format="json").status_code == 403
    assert client_as(custodian).post(f"{API}/", data, format="json").status_code == 403
    with AuditCount() as audit:
        for field, bad in (
            ("name", ""),
            ("ends_on", (today - timedelta(days=1)).isoformat()),
            ("monitoring_supervisor", detective.pk),
            ("accounts", []),
        ):
            response = client_as(supervisor).post(f"{API}/", {**data, field: bad}, format="json")
            assert response.status_code == 400 and field in response.json(), (field, response.content)
    assert audit.written == 0 and not Operation.objects.exists()
    response = client_as(supervisor).post(f"{API}/", data, format="json")
    assert response.status_code == 201 and response.json()["status"] == "proposed"
    pk = response.json()["id"]
    # A second operation may not take the same account while this one is not closed.
    assert "accounts" in client_as(supervisor).post(f"{API}/", data, format="json").json()
    # Only the chief (or a designee in scope) approves; the supervisor who proposed it may not.
    response = client_as(supervisor).post(f"{API}/{pk}/approve/")
    assert response.status_code == 403 and "covert operations" in response.json()["detail"]
    assert client_as(detective).post(f"{API}/{pk}/log/", {"note": "x"}, format="json").status_code == 403
    assert client_as(supervisor).post(f"{API}/{pk}/log/", {"note": "x"}, format="json").status_code == 409
    response = client_as(chief).post(f"{API}/{pk}/approve/")
    assert response.status_code == 200 and response.json()["status"] == "open"
    assert response.json()["approved_by"] == chief.pk and response.json()["approved_as_designee"] is False
    assert client_as(chief).post(f"{API}/{pk}/approve/").status_code == 409
    assert client_as(supervisor).post(f"{API}/{pk}/log/", {"note": ""}, format="json").status_code == 400
    response = client_as(supervisor).post(f"{API}/{pk}/log/", {"note": "Reviewed the messages."}, format="json")
    assert response.status_code == 201 and response.json()["log"][0]["author"] == supervisor.pk
    text = "Anyone know who sells bikes by the harbor? DM me."
    response = client_as(detective).post(
        f"{API}/{pk}/external-postings/",
        {"url": "https://www.facebook.com/groups/harbor/posts/9", "text": text},
        format="json",
    )
    assert response.status_code == 201
    import hashlib

    assert response.json()["sha256"] == hashlib.sha256(text.encode()).hexdigest()
    assert client_as(detective).post(
        f"{API}/{pk}/external-postings/", {"url": "not a url", "text": "x"}, format="json"
    ).json().keys() == {"url"}
    assert client_as(detective).post(f"{API}/{pk}/close/", {"note": "done"}, format="json").status_code == 403
    assert client_as(supervisor).post(f"{API}/{pk}/close/", {}, format="json").json().keys() == {"note"}
    response = client_as(supervisor).post(f"{API}/{pk}/close/", {"note": "Arrest made."}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "closed"
    assert all(a["ended_at"] for a in response.json()["assigned"])
    assert client_as(chief).post(f"{API}/{pk}/close/", {"note": "again"}, format="json").status_code == 409
    assert (
        client_as(chief)
        .post(f"{API}/{pk}/external-postings/", {"url": "https://x.example/1", "text": "t"}, format="json")
        .status_code
        == 403
    )
    actions = list(
        AuditEvent.objects.filter(object_type="operations.Operation", object_id=str(pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "operations.operation.create",
        "operations.operation.approve",
        "operations.monitoring.log",
        "operations.posting.record",
        "operations.operation.close",
    ]


def test_a_designee_with_the_covert_operations_scope_approves_as_designee(operation, department):
    designee = make_member(department, "designee", "pio", rank="Captain")
    designate(designee, scopes=["covert_operations"])
    response = client_as(designee).post(f"{API}/{operation.pk}/approve/")
    assert response.status_code == 200, response.content
    assert response.json()["approved_as_designee"] is True
    event = AuditEvent.objects.get(action="operations.operation.approve")
    assert event.after["decided"]["as"] == "designee" and event.after["decided"]["citation"] == "§322.3"


def test_a_designee_without_the_scope_or_lapsed_is_told_why(operation, department):
    designee = make_member(department, "designee", "pio", rank="Captain")
    designate(designee, scopes=["authorizations"])
    # Out of scope, the operation stays invisible (404); the service says why it refuses.
    assert client_as(designee).post(f"{API}/{operation.pk}/approve/").status_code == 404
    with pytest.raises(PermissionDenied, match="does not cover the scope to approve covert operations"):
        services.approve_operation(by=designee, operation=operation)
    lapsed = make_member(department, "lapsed", "pio")
    designate(lapsed, scopes=["covert_operations"], starts_in=-30, days=10)
    with pytest.raises(PermissionDenied, match="ended on"):
        services.approve_operation(by=lapsed, operation=operation)


def test_the_monitoring_reminder_fires_once_after_14_days_without_an_entry(open_operation, supervisor):
    approved = open_operation.approved_at
    reminders.run(now=approved + timedelta(days=13))
    assert not Notification.objects.filter(kind="operations.monitoring").exists()
    for hours in (1, 5, 30):
        reminders.run(now=approved + timedelta(days=14, hours=hours))
    told = Notification.objects.filter(kind="operations.monitoring")
    assert told.count() == 1 and told.get().recipient == supervisor
    assert "Harbor Lights" in told.get().subject
    # A new entry starts a new quiet stretch.
    entry = services.log_entry(by=supervisor, operation=open_operation, note="All quiet.")
    reminders.run(now=entry.created_at + timedelta(days=10))
    assert told.count() == 1
    reminders.run(now=entry.created_at + timedelta(days=15))
    assert told.count() == 2
