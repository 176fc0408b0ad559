"""The chief's content guidelines (3xx.3; issue 16.3) through the API: who writes and reads them, posts from a
template or attested by their author approved by any other authorized member, and what still needs a
supervisor (a free-text change to the template's text, a screening finding)."""

import pytest

from approvals import guidelines
from approvals import services as approval_services
from approvals.models import ApprovalDecision, Guideline, PostTemplate
from audits.models import AuditEvent
from posts import services as post_services
from posts.models import Post

from .conftest import ROLES, AuditCount, client_as

pytestmark = pytest.mark.django_db

TRAFFIC = "TRAFFIC ALERT: {road} is closed between {start} and {end} until {time}. Please use another route."


def status_for(role, allowed, ok=200):
    return 401 if role == "anonymous" else ok if role in allowed else 403


@pytest.fixture
def traffic(world):
    guideline = guidelines.write(
        by=world.chief,
        category="traffic",
        accounts=[world.account],
        text="Road closures and collisions: where, between which streets, until when. No names, no photographs.",
    )
    template = guidelines.add_template(by=world.chief, guideline=guideline, name="Road closure", text=TRAFFIC)
    return template


FIELDS = {"road": "Main Street", "start": "2nd Avenue", "end": "5th Avenue", "time": "6 pm"}


def draft_from(world, template, fields=None, by=None):
    response = client_as(by or world.pio).post(
        f"/api/v1/guideline-templates/{template.pk}/draft/",
        {"accounts": [world.account.pk], "fields": fields or FIELDS},
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()


def submit(world, post_id, **data):
    response = client_as(world.pio).post(f"/api/v1/posts/{post_id}/submit/", data, format="json")
    assert response.status_code == 200, response.json()
    return response.json()


def approve(member, post):
    return client_as(member).post(
        f"/api/v1/posts/{post['id']}/approve/", {"revision": post["revision"]["sha256"]}, format="json"
    )


def test_a_template_post_with_only_its_fields_filled_in_is_approved_by_another_authorized_member(world, traffic):
    post = draft_from(world, traffic)
    assert post["body"] == TRAFFIC.format(**FIELDS) and post["category"] == "traffic"
    post = submit(world, post["id"])
    assert not world.commander.has_role("supervisor")
    response = approve(world.commander, post)
    assert response.status_code == 200, response.json()
    decision = ApprovalDecision.objects.get(post_id=post["id"])
    assert decision.approver_basis == "any_authorized"
    assert decision.conformance["basis"] == "template" and decision.conformance["fields"] == FIELDS
    event = AuditEvent.objects.filter(action="posts.approve", object_id=str(post["id"])).get()
    assert event.after["conformance"]["template"] == traffic.pk


def test_a_free_text_change_to_the_template_needs_a_supervisor(world, traffic):
    post = draft_from(world, traffic)
    changed = client_as(world.pio).patch(
        f"/api/v1/posts/{post['id']}/", {"body": post["body"] + " Officers are at the scene."}, format="json"
    )
    assert changed.status_code == 200
    post = submit(world, post["id"])
    with AuditCount() as audit:
        response = approve(world.commander, post)
    assert response.status_code == 403
    assert "departs from the template" in response.json()["detail"] and "§322.3" in response.json()["detail"]
    assert audit.written == 0 and Post.objects.get(pk=post["id"]).status == "pending"
    assert approve(world.supervisor, post).status_code == 200


def test_an_attested_post_is_approved_by_another_authorized_member_and_the_attestation_is_recorded(world, traffic):
    created = client_as(world.pio).post(
        "/api/v1/posts/",
        {"category": "traffic", "accounts": [world.account.pk], "body": "Main Street reopens at 6 pm."},
        format="json",
    )
    post = submit(world, created.json()["id"], attests_conformance=True)
    submitted = AuditEvent.objects.filter(action="posts.submit", object_id=str(post["id"])).get()
    assert submitted.after["conformance"]["basis"] == "attested"
    assert approve(world.commander, post).status_code == 200
    event = AuditEvent.objects.filter(action="posts.approve", object_id=str(post["id"])).get()
    assert event.after["conformance"]["basis"] == "attested"
    assert event.after["conformance"]["attested_by"] == world.pio.pk
    assert "attests" in event.after["conformance"]["attestation"]


def test_without_template_or_attestation_a_post_needs_a_supervisor(world, traffic):
    created = client_as(world.pio).post(
        "/api/v1/posts/",
        {"category": "traffic", "accounts": [world.account.pk], "body": "Main Street reopens at 6 pm."},
        format="json",
    )
    post = submit(world, created.json()["id"])
    response = approve(world.commander, post)
    assert response.status_code == 403 and "attested" in response.json()["detail"]
    conformance = client_as(world.pio).get(f"/api/v1/posts/{post['id']}/conformance/").json()
    assert conformance["conforms"] is False and conformance["required_approver"] == "supervisor"


def test_a_screening_finding_still_sends_a_template_post_to_a_supervisor(world, traffic):
    post = submit(world, draft_from(world, traffic, {**FIELDS, "road": "Main Street (call 925-555-0142)"})["id"])
    assert post["flags"], "the private phone number is a finding"
    response = approve(world.commander, post)
    assert response.status_code == 403 and "screener" in response.json()["detail"]


def test_only_the_author_attests(world, traffic, supervisor):
    created = client_as(world.pio).post(
        "/api/v1/posts/",
        {"category": "traffic", "accounts": [world.account.pk], "body": "Main Street reopens."},
        format="json",
    )
    response = client_as(world.commander).post(
        f"/api/v1/posts/{created.json()['id']}/submit/", {"attests_conformance": True}, format="json"
    )
    assert response.status_code == 400 and "attests_conformance" in response.json()
    assert Post.objects.get(pk=created.json()["id"]).status == "draft"


def test_template_fields_must_be_the_templates_own(world, traffic):
    response = client_as(world.pio).post(
        f"/api/v1/guideline-templates/{traffic.pk}/draft/",
        {"accounts": [world.account.pk], "fields": {"road": "Main Street", "weather": "fog"}},
        format="json",
    )
    assert response.status_code == 400 and "fields" in response.json()
    assert not Post.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_the_chief_writes_guidelines(role, as_role, world):
    data = {"category": "traffic", "text": "Closures only.", "accounts": [world.account.pk]}
    with AuditCount() as audit:
        response = as_role(role).post("/api/v1/guidelines/", data, format="json")
    assert response.status_code == status_for(role, {"chief"}, 201)
    assert audit.written == (1 if role == "chief" else 0)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_chief_adds_and_retires_templates(role, as_role, world, traffic):
    guideline = traffic.guideline
    response = as_role(role).post(
        f"/api/v1/guidelines/{guideline.pk}/templates/",
        {"name": "Weather", "text": "{what} expected from {when}."},
        format="json",
    )
    # Members who hold no authorization for the guideline's account do not see it: 404.
    unseen = {"member": 404, "custodian": 404, "designee": 404, "anonymous": 401}
    assert response.status_code == {"chief": 201, **unseen}.get(role, 403)
    response = as_role(role).post(f"/api/v1/guideline-templates/{traffic.pk}/retire/")
    assert response.status_code == {"chief": 200, **unseen}.get(role, 403)
    if role == "chief":
        assert as_role(role).post(f"/api/v1/guideline-templates/{traffic.pk}/retire/").status_code == 409


def test_members_read_the_guidelines_that_apply_to_them(world, traffic):
    assert [g["id"] for g in client_as(world.pio).get("/api/v1/guidelines/").json()["results"]] == [
        traffic.guideline_id
    ]
    assert client_as(world.member).get("/api/v1/guidelines/").json()["results"] == []
    assert client_as(world.member).get(f"/api/v1/guidelines/{traffic.guideline_id}/").status_code == 404
    assert client_as(world.other_chief).get(f"/api/v1/guidelines/{traffic.guideline_id}/").status_code == 404
    assert (
        client_as(world.other_pio)
        .post(
            f"/api/v1/guideline-templates/{traffic.pk}/draft/",
            {"accounts": [world.other_account.pk], "fields": FIELDS},
            format="json",
        )
        .status_code
        == 404
    )


def test_a_template_needs_named_fields(world, traffic):
    response = client_as(world.chief).post(
        f"/api/v1/guidelines/{traffic.guideline_id}/templates/",
        {"name": "Bad", "text": "Closed until {time!r}."},
        format="json",
    )
    assert response.status_code == 400 and "text" in response.json()
    response = client_as(world.chief).post(
        f"/api/v1/guidelines/{traffic.guideline_id}/templates/",
        {"name": "Bad", "text": "No fields at all."},
        format="json",
    )
    assert response.status_code == 400 and "text" in response.json()
    assert PostTemplate.objects.count() == 1


def test_one_guideline_per_category_and_the_chief_changes_it(world, traffic):
    again = client_as(world.chief).post("/api/v1/guidelines/", {"category": "traffic", "text": "x"}, format="json")
    assert again.status_code == 400 and "category" in again.json()
    changed = client_as(world.chief).patch(
        f"/api/v1/guidelines/{traffic.guideline_id}/", {"text": "Closures and detours."}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["text"] == "Closures and detours."
    assert Guideline.objects.get().text == "Closures and detours."
    assert (
        client_as(world.pio)
        .patch(f"/api/v1/guidelines/{traffic.guideline_id}/", {"text": "y"}, format="json")
        .status_code
        == 403
    )


def test_media_the_guideline_does_not_allow_needs_a_supervisor(world, traffic):
    post = draft_from(world, traffic)
    attachment = world.account.department.media.create(
        file="x.png",
        original_name="x.png",
        content_type="image/png",
        size=1,
        sha256="0" * 64,
        rights_attested=True,
        alt_text="A closed road",
        uploaded_by=world.pio,
    )
    post_services.edit_post(by=world.pio, post=Post.objects.get(pk=post["id"]), media=[attachment])
    post = submit(world, post["id"])
    response = approve(world.commander, post)
    assert response.status_code == 403 and "media" in response.json()["detail"]


def test_an_approval_rule_does_not_bypass_the_guideline_of_its_category(world, traffic):
    """The chief's older approval rules decide only for a category without a guideline (approvals.guidelines)."""
    approval_services.add_rule(by=world.chief, approver="any_authorized", category="traffic")
    created = client_as(world.pio).post(
        "/api/v1/posts/",
        {"category": "traffic", "accounts": [world.account.pk], "body": "Main Street reopens at 6 pm."},
        format="json",
    )
    post = submit(world, created.json()["id"])
    assert approve(world.commander, post).status_code == 403
