"""Permission requests (issue 15.2): one workflow with a kind per clause; the chief or a designee grants with
conditions and an expiry, or declines with a reason; each request cites its clause; a request to post about
another member waits for that member's consent; grants expire on their date (a beat job) after a reminder."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditEvent
from conduct import services, tasks
from conduct.models import PermissionRequest
from notifications.models import Notification
from notifications.reminders import run

pytestmark = pytest.mark.django_db

CITATIONS = {
    "police_response": "§V.A.3",
    "employment_information": "§V.A.8",
    "representing_department": "§V.A.9",
    "training_photos": "§IV.B.3",
    "personal_device": "§IV.B.5",
}


def day(days):
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def ask(api, member, **fields):
    data = {
        "kind": "police_response",
        "description": "Post that Main Street is closed for the parade.",
        "platform": "Facebook",
        "url": "https://www.facebook.com/sam/posts/1",
        "until": day(60),
        **fields,
    }
    return api.as_(member).post("/api/v1/permission-requests/", data, format="json")


def test_a_police_response_request_is_granted_with_an_expiry_cites_VA3_is_listed_reminds_and_expires(api, client, gpd):
    asked = ask(api, gpd.officer)
    assert asked.status_code == 201
    body = asked.json()
    assert (body["status"], body["citation"]) == ("submitted", "§V.A.3")
    assert Notification.objects.filter(recipient=gpd.chief, kind="conduct.permission_requested").exists()
    granted = api.as_(gpd.chief).post(
        f"/api/v1/permission-requests/{body['id']}/grant/",
        {"conditions": "No faces, no plates.", "expires_on": day(10)},
        format="json",
    )
    assert granted.status_code == 200
    assert (granted.json()["status"], granted.json()["expires_on"], granted.json()["citation"]) == (
        "granted",
        day(10),
        "§V.A.3",
    )
    assert AuditEvent.objects.filter(action="conduct.permission.grant", object_id=str(body["id"])).exists()
    # Listed on the member's page, with its expiry and citation.
    client.force_login(gpd.chief)
    client.get("/")  # the chief owes the acknowledgment: the first page asks for it
    member_page = client.get(reverse("member-detail", args=[gpd.officer.pk])).content.decode()
    assert reverse("conduct:member", args=[gpd.officer.pk]) in member_page
    record = client.get(reverse("conduct:member", args=[gpd.officer.pk])).content.decode()
    assert "§V.A.3" in record and "No faces, no plates." in record
    # A reminder 7 days before its date, once.
    request = PermissionRequest.objects.get(pk=body["id"])
    run(timezone.now())
    assert not Notification.objects.filter(kind="conduct.permission_expiring").exists()  # 10 days out
    PermissionRequest.objects.filter(pk=request.pk).update(expires_on=timezone.localdate() + timedelta(days=7))
    run(timezone.now())
    run(timezone.now())
    assert Notification.objects.filter(recipient=gpd.officer, kind="conduct.permission_expiring").count() == 1
    # The beat job expires it on its date, once.
    assert tasks.expire_permissions_task.apply().get() == 0
    PermissionRequest.objects.filter(pk=request.pk).update(expires_on=timezone.localdate())
    assert tasks.expire_permissions_task.apply().get() == 1
    assert tasks.expire_permissions_task.apply().get() == 0
    request.refresh_from_db()
    assert request.status == "expired"
    assert AuditEvent.objects.filter(action="conduct.permission.expire", object_id=str(request.pk)).count() == 1


@pytest.mark.parametrize("kind", list(CITATIONS))
def test_each_kind_cites_its_clause(api, gpd, kind):
    response = ask(api, gpd.officer, kind=kind)
    assert response.status_code == 201 and response.json()["citation"] == CITATIONS[kind]


def test_a_designee_declines_with_a_reason_and_the_answer_cites_the_clause(api, gpd):
    asked = ask(api, gpd.officer, kind="training_photos").json()
    no_reason = api.as_(gpd.designee).post(f"/api/v1/permission-requests/{asked['id']}/decline/", {}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    declined = api.as_(gpd.designee).post(
        f"/api/v1/permission-requests/{asked['id']}/decline/",
        {"reason": "Range photos show the tactical team."},
        format="json",
    )
    assert declined.status_code == 200
    assert (declined.json()["status"], declined.json()["citation"]) == ("declined", "§IV.B.3")
    told = Notification.objects.get(recipient=gpd.officer, kind="conduct.permission_decided")
    assert "§IV.B.3" in told.reason and "Range photos" in told.reason
    again = api.as_(gpd.chief).post(
        f"/api/v1/permission-requests/{asked['id']}/grant/", {"expires_on": day(5)}, format="json"
    )
    assert again.status_code == 409


def test_nobody_else_decides_and_other_members_do_not_see_it(api, gpd, oakley_chief):
    asked = ask(api, gpd.officer).json()
    url = f"/api/v1/permission-requests/{asked['id']}/grant/"
    assert api.as_(gpd.officer).post(url, {"expires_on": day(5)}, format="json").status_code == 403
    assert api.as_(gpd.supervisor).post(url, {"expires_on": day(5)}, format="json").status_code == 404
    assert api.as_(oakley_chief).post(url, {"expires_on": day(5)}, format="json").status_code == 404
    assert api.as_(gpd.colleague).get(f"/api/v1/permission-requests/{asked['id']}/").status_code == 404


def test_bad_input_is_400_naming_the_field_and_changes_nothing(api, gpd):
    assert "kind" in ask(api, gpd.officer, kind="selfies").json()
    assert "until" in ask(api, gpd.officer, until=day(-1)).json()
    assert "subject_member" in ask(api, gpd.officer, kind="about_member").json()
    assert "subject_member" in ask(api, gpd.officer, kind="about_member", subject_member=gpd.officer.pk).json()
    asked = ask(api, gpd.officer).json()
    past = api.as_(gpd.chief).post(
        f"/api/v1/permission-requests/{asked['id']}/grant/", {"expires_on": day(-2)}, format="json"
    )
    assert past.status_code == 400 and "expires_on" in past.json()
    assert PermissionRequest.objects.count() == 1


def test_a_request_about_another_member_waits_for_consent_and_a_refusal_ends_it(api, gpd):
    asked = ask(api, gpd.officer, kind="about_member", subject_member=gpd.colleague.pk).json()
    assert (asked["status"], asked["citation"]) == ("awaiting_consent", "§V.A.8.a")
    assert Notification.objects.filter(recipient=gpd.colleague, kind="conduct.permission_requested").exists()
    # The chief does not decide it: it waits for the member.
    grant = api.as_(gpd.chief).post(
        f"/api/v1/permission-requests/{asked['id']}/grant/", {"expires_on": day(5)}, format="json"
    )
    assert grant.status_code == 409
    assert api.as_(gpd.officer).post(f"/api/v1/permission-requests/{asked['id']}/consent/").status_code == 403
    refused = api.as_(gpd.colleague).post(
        f"/api/v1/permission-requests/{asked['id']}/refuse/", {"reason": "Not my family."}, format="json"
    )
    assert refused.status_code == 200 and refused.json()["status"] == "refused"
    # Ended: nothing more can be done with it.
    assert api.as_(gpd.colleague).post(f"/api/v1/permission-requests/{asked['id']}/consent/").status_code == 409
    assert AuditEvent.objects.filter(action="conduct.permission.refuse", object_id=str(asked["id"])).exists()


def test_a_consent_grants_until_the_date_asked_and_can_be_revoked(api, gpd):
    asked = ask(api, gpd.officer, kind="about_member", subject_member=gpd.colleague.pk, until=day(20)).json()
    consented = api.as_(gpd.colleague).post(f"/api/v1/permission-requests/{asked['id']}/consent/")
    assert consented.status_code == 200
    assert (consented.json()["status"], consented.json()["expires_on"]) == ("granted", day(20))
    revoked = api.as_(gpd.colleague).post(f"/api/v1/permission-requests/{asked['id']}/revoke/")
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    assert Notification.objects.filter(recipient=gpd.officer, kind="conduct.permission_decided").count() == 2
    assert api.as_(gpd.colleague).post(f"/api/v1/permission-requests/{asked['id']}/revoke/").status_code == 409


def test_the_browser_grant_form_names_a_missing_expiry(client, gpd):
    made = services.request_permission(
        by=gpd.officer,
        kind="personal_device",
        description="My phone for posting.",
        until=timezone.localdate() + timedelta(days=30),
    )
    client.force_login(gpd.chief)
    client.get("/")
    response = client.post(reverse("conduct:request-grant", args=[made.pk]), {"conditions": "MDM enrolled"})
    assert response.status_code == 400 and "expires_on" in response.context["grant_form"].errors
    ok = client.post(reverse("conduct:request-grant", args=[made.pk]), {"expires_on": day(30)})
    assert ok.status_code == 302
    made.refresh_from_db()
    assert (made.status, made.citation) == ("granted", "§IV.B.5")


def test_the_member_export_holds_acknowledgments_and_requests(client, gpd):
    services.acknowledge(by=gpd.officer, version=1, signature="Sam Ortiz")
    services.request_permission(
        by=gpd.officer, kind="police_response", description="Parade.", until=timezone.localdate() + timedelta(days=30)
    )
    client.force_login(gpd.officer)
    exported = client.get(reverse("conduct:member-export", args=[gpd.officer.pk])).json()
    assert exported["policy_acknowledgments"][0]["shown_sha256"] == gpd.version.sha256
    assert exported["permission_requests"][0]["citation"] == "§V.A.3"
    assert client.get(reverse("conduct:member-export", args=[gpd.colleague.pk])).status_code == 403
