"""The screener in the post lifecycle (3xx.5): submit screens, a blocking finding stops approval until a
supervisor overrides it with a written justification, findings belong to their revision."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approvals import overrides
from approvals import services as decisions
from approvals.choices import Approver
from approvals.models import FlagOverride
from approvals.rules import required_approver
from audits.models import AuditEvent
from people.roles import Role
from posts import services as posts
from posts.choices import PostStatus
from screening import services
from screening.models import FalsePositiveReport, Flag
from socialgov.errors import InvalidTransition
from tests.conftest import make_member

pytestmark = pytest.mark.django_db

PRIVATE_PHONE = "Witnesses can call the driver, Denise Ortega, at 925-555-0187."
JUSTIFICATION = "Ms. Ortega asked us to publish her number so witnesses can reach her directly."


@pytest.fixture
def flagged(pio_authorized, ready_account):
    post = posts.create_post(
        by=pio_authorized, category="investigative_request", accounts=[ready_account], body=PRIVATE_PHONE
    )
    return decisions.submit(by=pio_authorized, post=post)


def flag_of(post):
    return Flag.objects.get(revision=post.current_revision)


def test_submit_screens_the_current_revision(flagged):
    flag = flag_of(flagged)
    assert (flag.code, flag.severity, flag.excerpt, flag.citation) == ("privacy", "block", "925-555-0187", "§322.5(b)")
    assert flag.message == "A private phone number (§322.5(b))"
    assert flagged.body[flag.start : flag.end] == "925-555-0187"
    event = AuditEvent.objects.get(action="posts.submit")
    assert event.after["screening"]["flags"][0]["code"] == "privacy"


def test_a_clean_post_is_submitted_with_no_findings(pending):
    assert not Flag.objects.filter(post=pending).exists()
    assert "screening" not in AuditEvent.objects.get(action="posts.submit").after


def test_a_flagged_post_needs_a_supervisor(flagged):
    assert required_approver(flagged) == Approver.SUPERVISOR


def test_approval_is_refused_while_a_blocking_finding_is_unresolved(flagged, supervisor):
    with pytest.raises(InvalidTransition) as error:
        decisions.approve(by=supervisor, post=flagged)
    assert "unresolved blocking findings" in error.value.message and "925-555-0187" in error.value.message
    flagged.refresh_from_db()
    assert flagged.status == PostStatus.PENDING
    assert not AuditEvent.objects.filter(action="posts.approve").exists()


def test_a_supervisors_override_with_a_justification_lets_the_post_be_approved(flagged, supervisor):
    override = overrides.override_flag(by=supervisor, flag=flag_of(flagged), justification=JUSTIFICATION)
    assert override.overridden_by == supervisor and override.overridden_at and override.justification == JUSTIFICATION
    event = AuditEvent.objects.get(action="screening.flag.override")
    assert event.actor == supervisor and event.object_id == str(flagged.pk)
    assert event.after["justification"] == JUSTIFICATION and event.after["flag"] == override.flag_id
    assert decisions.approve(by=supervisor, post=flagged).status == PostStatus.APPROVED


def test_a_warning_does_not_block_approval(department, chief, flagged, supervisor):
    services.update_rule(by=chief, department=department, code="privacy", severity="warn")
    # Screening again under the new severity withdraws the blocking finding and records a warning.
    assert decisions.approve(by=supervisor, post=flagged).status == PostStatus.APPROVED
    assert Flag.objects.standing().get(revision=flagged.current_revision).severity == "warn"


@pytest.mark.parametrize("role", [Role.PIO, Role.CHIEF, Role.COMMANDER, Role.CUSTODIAN])
def test_only_a_supervisor_overrides(department, flagged, role):
    member = make_member(department, f"someone-{role}", role)
    with pytest.raises(PermissionDenied):
        overrides.override_flag(by=member, flag=flag_of(flagged), justification=JUSTIFICATION)
    assert not FlagOverride.objects.exists()


def test_a_supervisor_does_not_override_a_finding_on_their_own_post(department, chief, ready_account):
    from tests.posts.conftest import authorize

    author = make_member(department, "writing-supervisor", Role.SUPERVISOR)
    authorize(chief, author, ready_account)
    post = posts.create_post(by=author, category="announcement", accounts=[ready_account], body=PRIVATE_PHONE)
    decisions.submit(by=author, post=post)
    with pytest.raises(PermissionDenied):
        overrides.override_flag(by=author, flag=flag_of(post), justification=JUSTIFICATION)


@pytest.mark.parametrize("justification", ["", "   ", "ok", "Fine by me", "Approved per Lt."])
def test_an_override_needs_a_justification_of_at_least_a_sentence(flagged, supervisor, justification):
    with pytest.raises(ValidationError) as error:
        overrides.override_flag(by=supervisor, flag=flag_of(flagged), justification=justification)
    assert "justification" in error.value.message_dict
    assert not FlagOverride.objects.exists()


def test_an_override_is_given_once(flagged, supervisor):
    overrides.override_flag(by=supervisor, flag=flag_of(flagged), justification=JUSTIFICATION)
    with pytest.raises(InvalidTransition):
        overrides.override_flag(by=supervisor, flag=flag_of(flagged), justification=JUSTIFICATION)


def test_a_finding_does_not_carry_over_to_a_revision_without_it(flagged, pio_authorized, supervisor):
    old = flag_of(flagged)
    decisions.request_changes(by=supervisor, post=flagged, note="Use our tip line, not her number.")
    post = posts.edit_post(
        by=pio_authorized, post=flagged, body="Witnesses can call our tip line at (925) 625-8060 (Oakley PD)."
    )
    decisions.submit(by=pio_authorized, post=post)
    post.refresh_from_db()
    assert post.current_revision_id != old.revision_id
    assert not Flag.objects.filter(revision=post.current_revision).exists()
    assert Flag.objects.filter(pk=old.pk).exists()  # the old revision keeps its record
    with pytest.raises(InvalidTransition):  # nothing to override on the current text
        overrides.override_flag(by=supervisor, flag=old, justification=JUSTIFICATION)
    assert decisions.approve(by=supervisor, post=post).status == PostStatus.APPROVED


def test_a_finding_still_in_the_new_revision_is_found_again(flagged, pio_authorized, supervisor):
    overrides.override_flag(by=supervisor, flag=flag_of(flagged), justification=JUSTIFICATION)
    decisions.request_changes(by=supervisor, post=flagged, note="Add the date.")
    post = posts.edit_post(by=pio_authorized, post=flagged, body=PRIVATE_PHONE + " The crash was on Monday.")
    decisions.submit(by=pio_authorized, post=post)
    with pytest.raises(InvalidTransition):
        decisions.approve(by=supervisor, post=post)


def test_a_hold_registered_after_submission_blocks_and_its_release_unblocks(pending, supervisor, pio_authorized):
    text = pending.body  # "The lobby is closed Monday for Memorial Day."
    hold = services.register_hold(by=supervisor, case_number="24-7", terms=["Memorial Day"])
    [flag] = Flag.objects.standing().filter(revision=pending.current_revision)
    assert flag.code == "investigation" and flag.hold == hold and text[flag.start : flag.end] == "Memorial Day"
    with pytest.raises(InvalidTransition):
        decisions.approve(by=supervisor, post=pending)
    services.release_hold(by=supervisor, hold=hold)
    flag.refresh_from_db()
    assert flag.withdrawn_at is not None
    assert decisions.approve(by=supervisor, post=pending).status == PostStatus.APPROVED


def test_a_false_positive_can_be_reported_and_the_chief_sees_it(flagged, supervisor, pio_authorized):
    flag = flag_of(flagged)
    overrides.override_flag(by=supervisor, flag=flag, justification=JUSTIFICATION)
    report = services.report_false_positive(by=supervisor, flag=flag, note="Her own request; not private.")
    services.report_false_positive(by=pio_authorized, flag=flag)
    assert FalsePositiveReport.objects.filter(flag=flag).count() == 2
    assert AuditEvent.objects.filter(action="screening.flag.report_false_positive").count() == 2
    with pytest.raises(InvalidTransition):
        services.report_false_positive(by=supervisor, flag=flag)
    assert report.department_id == flag.department_id


def test_switching_a_rule_off_withdraws_its_findings_from_the_queue(department, chief, flagged, supervisor):
    services.update_rule(by=chief, department=department, code="privacy", enabled=False)
    assert not Flag.objects.standing().filter(revision=flagged.current_revision).exists()
    assert decisions.approve(by=supervisor, post=flagged).status == PostStatus.APPROVED
