from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from approvals import services as decisions
from approvals.models import ApprovalDecision
from audits.models import AuditEvent
from people.services import revoke_authorization
from posts import services
from posts.choices import PostStatus, RemovalState
from posts.models import Post, PostRevision
from socialgov.errors import InvalidTransition
from tests.posts.conftest import authorize

pytestmark = pytest.mark.django_db
URL = "https://www.facebook.com/OakleyPolice/posts/1"


def actions(post):
    return list(
        AuditEvent.objects.filter(object_type="posts.Post", object_id=str(post.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_draft_submit_approve_publish_remove_resolve(published, supervisor):
    assert published.status == PostStatus.PUBLISHED
    assert published.publications.get().url == URL
    investigation = services.remove(by=supervisor, post=published, reason="Posted the wrong date")
    published.refresh_from_db()
    assert published.status == PostStatus.REMOVED
    assert published.publications.get().removal_state == RemovalState.PENDING
    services.confirm_manual_removal(by=supervisor, publication=published.publications.get())
    services.resolve_investigation(
        by=supervisor,
        investigation=investigation,
        cause="Typo in the draft",
        findings="Approver missed it",
        resolution="Checklist updated",
    )
    investigation.refresh_from_db()
    assert not investigation.is_open
    assert actions(published) == [
        "posts.create",
        "posts.submit",
        "posts.approve",
        "posts.publication.record",
        "posts.publish",
        "posts.remove",
        "posts.publication.remove",
    ]


def test_author_cannot_approve_own_post(pending, pio_authorized, second_pio):
    with pytest.raises(PermissionDenied, match="own post"):
        decisions.approve(by=pio_authorized, post=pending)


def test_non_supervisor_cannot_approve_content_without_a_guideline_rule(pending, second_pio):
    with pytest.raises(PermissionDenied, match="supervisor"):
        decisions.approve(by=second_pio, post=pending)


def test_guideline_rule_lets_any_other_authorized_member_approve(pending, second_pio, chief, ready_account):
    from approvals.models import ApprovalRule

    ApprovalRule.objects.create(
        department=chief.department,
        category="announcement",
        account=ready_account,
        approver="any_authorized",
        created_by=chief,
    )
    decisions.approve(by=second_pio, post=pending)
    assert Post.objects.get(pk=pending.pk).status == PostStatus.APPROVED


def test_investigative_request_always_needs_a_supervisor(pio_authorized, second_pio, chief, ready_account):
    from approvals.models import ApprovalRule

    ApprovalRule.objects.create(department=chief.department, approver="any_authorized", created_by=chief)
    post = services.create_post(
        by=pio_authorized, category="investigative_request", accounts=[ready_account], body="Do you recognise this man?"
    )
    decisions.submit(by=pio_authorized, post=post)
    with pytest.raises(PermissionDenied, match="supervisor"):
        decisions.approve(by=second_pio, post=post)


def test_edit_after_approval_returns_to_draft_and_voids_the_approval(approved, pio_authorized):
    services.edit_post(by=pio_authorized, post=approved, body="The lobby is closed Monday and Tuesday.")
    approved.refresh_from_db()
    assert approved.status == PostStatus.DRAFT
    assert approved.current_revision.number == 2
    assert ApprovalDecision.objects.get(post=approved).voided_at is not None
    with pytest.raises(InvalidTransition):
        services.publish(by=pio_authorized, post=approved, urls={1: URL})


def test_publishing_a_tampered_body_is_refused(approved, pio_authorized, ready_account):
    PostRevision.objects.filter(pk=approved.current_revision_id).update(body="Tampered text")
    with pytest.raises(InvalidTransition, match="does not match"):
        services.publish(by=pio_authorized, post=approved, urls={ready_account.pk: URL})
    assert Post.objects.get(pk=approved.pk).status == PostStatus.APPROVED
    assert not AuditEvent.objects.filter(action="posts.publish").exists()


def test_revoked_authorization_stops_drafting_and_publishing_at_once(approved, chief, pio_authorized, ready_account):
    revoke_authorization(by=chief, authorization=pio_authorized.authorizations.get(), reason="Reassigned")
    with pytest.raises(PermissionDenied):
        services.publish(by=pio_authorized, post=approved, urls={ready_account.pk: URL})
    with pytest.raises(PermissionDenied):
        services.create_post(by=pio_authorized, category="traffic", accounts=[ready_account], body="Road closed")


def test_expired_authorization_stops_drafting(chief, pio, ready_account):
    authorization = authorize(chief, pio, ready_account, days=1)
    type(authorization).objects.filter(pk=authorization.pk).update(
        starts_on=timezone.localdate() - timedelta(days=5), expires_on=timezone.localdate()
    )
    with pytest.raises(PermissionDenied):
        services.create_post(by=pio, category="traffic", accounts=[ready_account], body="Road closed")


@pytest.mark.parametrize("transition", ["approve", "request_changes", "reject", "publish", "remove"])
def test_wrong_state_answers_invalid_transition_and_changes_nothing(draft, supervisor, pio_authorized, transition):
    kwargs = {"note": "n"} if transition in ("request_changes", "reject") else {}
    kwargs = {"reason": "r"} if transition == "remove" else kwargs
    by = pio_authorized if transition == "publish" else supervisor
    events = AuditEvent.objects.count()
    with pytest.raises(InvalidTransition):
        owner = decisions if transition in ("approve", "request_changes", "reject") else services
        getattr(owner, transition)(by=by, post=draft, **kwargs)
    assert Post.objects.get(pk=draft.pk).status == PostStatus.DRAFT
    assert AuditEvent.objects.count() == events


def test_request_changes_needs_a_note_and_returns_the_post_to_the_author(pending, supervisor, pio_authorized):
    with pytest.raises(ValidationError) as error:
        decisions.request_changes(by=supervisor, post=pending, note=" ")
    assert "note" in error.value.message_dict
    decisions.request_changes(by=supervisor, post=pending, note="Add the hours")
    pending.refresh_from_db()
    assert pending.status == PostStatus.CHANGES_REQUESTED and pending.status_note == "Add the hours"
    services.edit_post(by=pio_authorized, post=pending, body="Closed Monday; open 8-5 Tuesday.")
    decisions.submit(by=pio_authorized, post=pending)


def test_incident_post_is_approved_only_by_its_commander(pio_authorized, supervisor, commander, chief, ready_account):
    incident = services.open_incident(by=supervisor, name="Main St fire", commander=commander, pio=pio_authorized)
    post = services.create_post(
        by=pio_authorized, category="safety_alert", accounts=[ready_account], body="Avoid Main St", incident=incident
    )
    decisions.submit(by=pio_authorized, post=post)
    for other in (supervisor, chief):
        with pytest.raises(PermissionDenied, match="Incident Commander"):
            decisions.approve(by=other, post=post)
    decisions.approve(by=commander, post=post)
    assert commander.has_perm("posts.approve_for_incident", incident)
    services.close_incident(by=commander, incident=incident)
    commander = type(commander).objects.get(pk=commander.pk)
    assert not commander.has_perm("posts.approve_for_incident", incident)


def test_publish_needs_a_url_for_a_manual_account(approved, pio_authorized):
    with pytest.raises(ValidationError) as error:
        services.publish(by=pio_authorized, post=approved, urls={})
    assert "url" in error.value.message_dict
    assert Post.objects.get(pk=approved.pk).status == PostStatus.APPROVED


def test_account_with_incomplete_checklist_cannot_be_published_to(approved, pio_authorized, ready_account):
    type(ready_account).objects.filter(pk=ready_account.pk).update(public_posting_disabled=False)
    with pytest.raises(ValidationError, match="public_posting_disabled"):
        services.publish(by=pio_authorized, post=approved, urls={ready_account.pk: URL})
