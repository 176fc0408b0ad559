"""The annual review's workflow (3xx.6): the chief appoints a supervisor, the reviewer drafts and submits, the chief
acknowledges or returns it. Each transition: its allowed states (409), who may (403), its audit event."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from approvals import services as decisions
from audits.choices import ReviewStatus
from audits.models import AuditEvent
from notifications.models import Notification
from posts import services as posts
from reviews import services
from reviews.report import compile_report
from socialgov.errors import InvalidTransition

pytestmark = pytest.mark.django_db

START, END = date(2025, 1, 1), date(2025, 12, 31)


def appoint(chief, reviewer, due=None):
    return services.appoint_reviewer(
        by=chief,
        reviewer=reviewer,
        period_start=START,
        period_end=END,
        due_on=due or timezone.localdate() + timedelta(days=30),
    )


@pytest.fixture
def review(chief, reviewer):
    return appoint(chief, reviewer)


def submitted(review, reviewer):
    return services.submit_review(by=reviewer, review=review, findings="Found.", recommendations="Recommend.")


def test_the_chief_appoints_a_supervisor(django_capture_on_commit_callbacks, chief, reviewer):
    with django_capture_on_commit_callbacks(execute=True):
        review = appoint(chief, reviewer)
    assert (review.status, review.reviewer, review.appointed_by) == (ReviewStatus.DRAFT, reviewer, chief)
    event = AuditEvent.objects.get(action="audits.review.appoint")
    assert event.actor == chief and event.object_id == str(review.pk) and event.after["reviewer"] == reviewer.pk
    notice = Notification.objects.get(recipient=reviewer)
    assert notice.link == f"/reviews/{review.pk}/" and "§322.6" in notice.reason


@pytest.mark.parametrize("persona", ["supervisor", "reviewer", "pio", "custodian", "member"])
def test_only_the_chief_appoints(request, persona, supervisor):
    with pytest.raises(PermissionDenied):
        appoint(request.getfixturevalue(persona), supervisor)
    assert not AuditEvent.objects.filter(action="audits.review.appoint").exists()


def test_the_reviewer_must_be_a_supervisor_of_the_department(chief, pio, other_chief):
    with pytest.raises(ValidationError) as error:
        appoint(chief, pio)
    assert "is not one" in str(error.value.message_dict["reviewer"])
    from tests.conftest import make_member

    outsider = make_member(other_chief.department, "sup", "supervisor")
    with pytest.raises(ValidationError) as error:
        appoint(chief, outsider)
    assert "reviewer" in error.value.message_dict


def test_the_period_and_due_date_must_make_sense(chief, reviewer):
    with pytest.raises(ValidationError) as error:
        services.appoint_reviewer(by=chief, reviewer=reviewer, period_start=END, period_end=START, due_on=END)
    assert "period_end" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.appoint_reviewer(
            by=chief, reviewer=reviewer, period_start=START, period_end=END, due_on=END - timedelta(days=1)
        )
    assert "due_on" in error.value.message_dict


def test_the_reviewer_saves_a_draft(review, reviewer):
    services.save_draft(by=reviewer, review=review, findings=" Found things. ", recommendations="Do better.")
    review.refresh_from_db()
    assert (review.findings, review.recommendations, review.status) == ("Found things.", "Do better.", "draft")
    event = AuditEvent.objects.get(action="audits.review.edit")
    assert event.after == {"findings": "Found things.", "recommendations": "Do better."}
    # Saving the same text again changes nothing and writes nothing.
    services.save_draft(by=reviewer, review=review, findings="Found things.", recommendations="Do better.")
    assert AuditEvent.objects.filter(action="audits.review.edit").count() == 1


@pytest.mark.parametrize("persona", ["chief", "supervisor", "pio"])
def test_only_the_appointed_reviewer_writes_and_submits(request, persona, review):
    member = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.save_draft(by=member, review=review, findings="x")
    with pytest.raises(PermissionDenied):
        services.submit_review(by=member, review=review, findings="x", recommendations="y")


def test_submitting_needs_findings_and_recommendations(review, reviewer):
    with pytest.raises(ValidationError) as error:
        services.submit_review(by=reviewer, review=review, findings=" ", recommendations="")
    assert set(error.value.message_dict) == {"findings", "recommendations"}
    review.refresh_from_db()
    assert review.status == "draft" and review.figures is None


def test_submitting_freezes_the_figures_and_tells_the_chief(
    django_capture_on_commit_callbacks, review, reviewer, chief
):
    with django_capture_on_commit_callbacks(execute=True):
        submitted(review, reviewer)
    review.refresh_from_db()
    assert review.status == "submitted" and review.submitted_at is not None
    assert review.figures["period"] == {"start": "2025-01-01", "end": "2025-12-31"}
    assert review.figures_sha256 == services.figures_sha256(review.figures)
    event = AuditEvent.objects.get(action="audits.review.submit")
    assert event.after["figures_sha256"] == review.figures_sha256 and event.before == {"status": "draft"}
    assert Notification.objects.filter(recipient=chief, kind="audits.review_submitted").exists()


@pytest.mark.parametrize("status", ["submitted", "acknowledged"])
def test_a_submitted_report_cannot_be_edited_or_submitted_again(review, reviewer, chief, status):
    submitted(review, reviewer)
    if status == "acknowledged":
        services.acknowledge_review(by=chief, review=review)
    with pytest.raises(InvalidTransition):
        services.save_draft(by=reviewer, review=review, findings="later")
    with pytest.raises(InvalidTransition):
        submitted(review, reviewer)


def test_the_chief_acknowledges(django_capture_on_commit_callbacks, review, reviewer, chief):
    submitted(review, reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        services.acknowledge_review(by=chief, review=review, note="Thank you.")
    review.refresh_from_db()
    assert (review.status, review.decided_by, review.chief_note) == ("acknowledged", chief, "Thank you.")
    assert AuditEvent.objects.get(action="audits.review.acknowledge").after == {
        "status": "acknowledged",
        "note": "Thank you.",
    }
    assert Notification.objects.filter(recipient=reviewer, kind="audits.review_acknowledged").exists()


def test_the_chief_returns_it_with_a_note_and_the_reviewer_submits_again(review, reviewer, chief):
    submitted(review, reviewer)
    with pytest.raises(ValidationError):
        services.return_review(by=chief, review=review, note=" ")
    services.return_review(by=chief, review=review, note="Add the Instagram figures.")
    review.refresh_from_db()
    assert (review.status, review.chief_note, review.figures) == ("returned", "Add the Instagram figures.", None)
    services.save_draft(by=reviewer, review=review, findings="Found more.")
    submitted(review, reviewer)
    review.refresh_from_db()
    assert review.status == "submitted" and review.figures is not None
    assert AuditEvent.objects.filter(action="audits.review.submit").count() == 2


@pytest.mark.parametrize("action", ["acknowledge", "return"])
def test_only_a_submitted_report_is_acknowledged_or_returned(review, reviewer, chief, action):
    decide = services.acknowledge_review if action == "acknowledge" else services.return_review
    with pytest.raises(InvalidTransition):
        decide(by=chief, review=review, note="n")
    submitted(review, reviewer)
    services.acknowledge_review(by=chief, review=review)
    with pytest.raises(InvalidTransition):
        decide(by=chief, review=review, note="n")


@pytest.mark.parametrize("action", ["acknowledge", "return"])
def test_only_the_chief_acknowledges_or_returns(review, reviewer, supervisor, action):
    submitted(review, reviewer)
    decide = services.acknowledge_review if action == "acknowledge" else services.return_review
    for member in (reviewer, supervisor):
        with pytest.raises(PermissionDenied):
            decide(by=member, review=review, note="n")


def test_another_departments_chief_cannot_touch_it(review, reviewer, other_chief):
    submitted(review, reviewer)
    with pytest.raises(PermissionDenied):
        services.acknowledge_review(by=other_chief, review=review)


def test_turnaround_counts_each_round_of_a_post_sent_back(department, chief, supervisor, pio, account):
    """A post sent back and submitted again: each decision is timed from the submission it answered
    (the posts.submit audit events), not from the latest one."""
    from tests.posts.conftest import CHECKLIST_DONE, authorize

    account.__class__.objects.filter(pk=account.pk).update(**CHECKLIST_DONE)
    authorize(chief, pio, account)
    post = posts.create_post(by=pio, category="announcement", accounts=[account], body="Lobby closed Monday.")
    decisions.submit(by=pio, post=post)
    decisions.request_changes(by=supervisor, post=post, note="Say which lobby.")
    posts.edit_post(by=pio, post=post, body="The front lobby is closed Monday.")
    decisions.submit(by=pio, post=post)
    decisions.approve(by=supervisor, post=post)
    today = timezone.localdate()
    approvals = compile_report(department, today, today)["resources"]["approvals"]
    assert (approvals["decisions"], approvals["timed"], approvals["changes_requested"], approvals["approved"]) == (
        2,
        2,
        1,
        1,
    )
    assert approvals["max_hours"] < 0.1
