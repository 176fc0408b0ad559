"""The chief's designees (§3xx.3; issue 16.2): named with scopes, dates and a reason in the browser and the API;
every decision a designee makes records that it was made as designee, citing §322.3; a lapsed or out-of-scope
designee is refused (403) with the reason."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audits.models import AuditEvent
from people.models import Authorization, Designation
from posts.choices import CHECKLIST_FIELDS
from tests.api.conftest import AuditCount, client_as, designate
from tests.conftest import make_account, make_member

pytestmark = pytest.mark.django_db
API = "/api/v1/designees/"


def day(offset=0):
    return (timezone.localdate() + timedelta(days=offset)).isoformat()


def test_the_chief_names_and_revokes_a_designee_through_the_api(chief, supervisor, pio, other_pio):
    data = {
        "member": supervisor.pk,
        "scopes": ["authorizations", "accounts"],
        "starts_on": day(0),
        "ends_on": day(30),
        "reason": "Covers the chief's leave.",
    }
    assert client_as(pio).post(API, data, format="json").status_code == 403
    with AuditCount() as audit:
        for field, bad in (
            ("scopes", ["everything"]),
            ("scopes", []),
            ("ends_on", day(-1)),
            ("reason", ""),
            ("member", other_pio.pk),
        ):
            response = client_as(chief).post(API, {**data, field: bad}, format="json")
            assert response.status_code == 400 and field in response.json(), (field, response.content)
    assert audit.written == 0 and not Designation.objects.exists()
    response = client_as(chief).post(API, data, format="json")
    assert response.status_code == 201 and response.json()["status"] == "current"
    pk = response.json()["id"]
    event = AuditEvent.objects.get(action="people.designee.name")
    assert event.actor == chief and event.after["member"] == supervisor.pk
    assert event.after["named_by_name"] == chief.display_name and event.after["scopes"] == [
        "authorizations",
        "accounts",
    ]
    # Every member sees the designees, here and on the department.
    assert [d["id"] for d in client_as(pio).get(API).json()["results"]] == [pk]
    assert client_as(pio).get("/api/v1/department/").json()["designees"][0]["member"] == supervisor.pk
    assert client_as(pio).post(f"{API}{pk}/revoke/", {"reason": "x"}, format="json").status_code == 403
    assert client_as(chief).post(f"{API}{pk}/revoke/", {}, format="json").json().keys() == {"reason"}
    response = client_as(chief).post(f"{API}{pk}/revoke/", {"reason": "Back from leave."}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "revoked"
    assert client_as(chief).post(f"{API}{pk}/revoke/", {"reason": "again"}, format="json").status_code == 409
    assert AuditEvent.objects.filter(action="people.designee.revoke", actor=chief).count() == 1


def test_another_departments_designation_is_not_there(chief, other_chief, other_pio):
    designation = designate(other_pio)
    assert client_as(chief).get(f"{API}{designation.pk}/").status_code == 404
    assert client_as(chief).post(f"{API}{designation.pk}/revoke/", {"reason": "x"}, format="json").status_code == 404


def test_a_designee_for_authorizations_grants_as_designee(department, chief, pio, account):
    designee = make_member(department, "designee", "pio", rank="Captain")
    designate(designee, scopes=["authorizations"])
    response = client_as(designee).post(
        "/api/v1/authorizations/",
        {"member": pio.pk, "accounts": [account.pk], "starts_on": day(0), "expires_on": day(30)},
        format="json",
    )
    assert response.status_code == 201, response.content
    event = AuditEvent.objects.get(action="people.authorization.grant")
    assert event.actor == designee
    assert event.after["decided"]["as"] == "designee" and event.after["decided"]["citation"] == "§322.3"
    assert "as the chief's designee (§322.3)" in event.after["decided"]["note"]


def test_a_lapsed_designee_is_refused_with_the_reason(department, chief, pio, account):
    designee = make_member(department, "designee", "pio", rank="Captain")
    designate(designee, scopes=["authorizations"], starts_in=-40, days=10)
    with AuditCount() as audit:
        response = client_as(designee).post(
            "/api/v1/authorizations/",
            {"member": pio.pk, "accounts": [account.pk], "starts_on": day(0), "expires_on": day(30)},
            format="json",
        )
    assert response.status_code == 403 and audit.written == 0
    assert "ended on" in response.json()["detail"] and "§322.3" in response.json()["detail"]
    assert not Authorization.objects.exists()


def test_a_designee_without_the_accounts_scope_may_not_approve_an_account(department, chief):
    designee = make_member(department, "designee", "pio", rank="Captain")
    designate(designee, scopes=["authorizations"])
    # The page's checklist is complete, so only the designee's scope stands between them and the approval.
    account = make_account(department, "OakleyNew", **dict.fromkeys(CHECKLIST_FIELDS, True))
    response = client_as(designee).post(f"/api/v1/accounts/{account.pk}/approve/")
    assert response.status_code == 403
    assert "does not cover the scope to approve accounts" in response.json()["detail"]
    designate(designee, scopes=["accounts"])
    response = client_as(designee).post(f"/api/v1/accounts/{account.pk}/approve/")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="posts.account.approve")
    assert event.after["decided"]["as"] == "designee" and event.after["decided"]["scope"] == "accounts"


def test_in_the_browser(client, chief, supervisor, pio):
    client.force_login(chief)
    response = client.post(
        "/designees/",
        {
            "member": supervisor.pk,
            "scopes": ["covert_operations"],
            "starts_on": day(0),
            "ends_on": day(10),
            "reason": "Leave.",
        },
    )
    assert response.status_code == 302
    designation = Designation.objects.get()
    assert designation.scopes == ["covert_operations"] and designation.named_by == chief
    html = client.get("/designees/").content.decode()
    assert "Name a designee" in html and "approving covert operations" in html
    client.force_login(pio)
    html = client.get("/designees/").content.decode()
    assert supervisor.display_name in html and "Name a designee" not in html
    assert client.post("/designees/", {"member": pio.pk}).status_code == 403
    client.force_login(chief)
    client.post(f"/designees/{designation.pk}/revoke/", {"reason": "Back."})
    designation.refresh_from_db()
    assert designation.revoked_by == chief
