import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from approvals import services as requests
from approvals.choices import RequestStatus
from posts import services
from posts.choices import ReportStatus
from socialgov.errors import InvalidTransition

pytestmark = pytest.mark.django_db


def test_request_goes_to_the_supervisor_who_forwards_it_to_a_pio_who_drafts_it(
    member, supervisor, pio_authorized, ready_account, django_capture_on_commit_callbacks
):
    member.email, pio_authorized.email, supervisor.email = "m@oakley.test", "p@oakley.test", "s@oakley.test"
    for person in (member, pio_authorized, supervisor):
        person.save()
    with django_capture_on_commit_callbacks(execute=True):
        request = requests.request_post(by=member, category="community_engagement", summary="Toy drive Dec 5")
    assert request.supervisor == supervisor and mail.outbox[-1].to == ["s@oakley.test"]
    with pytest.raises(PermissionDenied):
        requests.forward(by=pio_authorized, request=request)
    with django_capture_on_commit_callbacks(execute=True):
        requests.forward(by=supervisor, request=request, note="Good idea")
    assert {tuple(m.to) for m in mail.outbox} >= {("p@oakley.test",), ("m@oakley.test",)}
    with django_capture_on_commit_callbacks(execute=True):
        post = requests.draft_from_request(
            by=pio_authorized, request=request, accounts=[ready_account], body="Join our toy drive on Dec 5!"
        )
    request.refresh_from_db()
    assert request.status == RequestStatus.DRAFTED and post.request == request
    assert mail.outbox[-1].to == ["m@oakley.test"]
    with pytest.raises(InvalidTransition):
        requests.decline(by=supervisor, request=request, note="too late")


def test_decline_needs_a_note(member, supervisor):
    request = requests.request_post(by=member, category="announcement", summary="Please post my retirement")
    with pytest.raises(ValidationError) as error:
        requests.decline(by=supervisor, request=request, note="")
    assert "note" in error.value.message_dict


def test_any_member_reports_content_and_a_supervisor_closes_it(member, supervisor, published):
    report = services.report_content(by=member, post=published, description="Shows a child's face")
    with pytest.raises(PermissionDenied):
        services.close_report(by=member, report=report, action_taken="none")
    services.close_report(by=supervisor, report=report, action_taken="Removed and investigated")
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED
    with pytest.raises(InvalidTransition):
        services.close_report(by=supervisor, report=report, action_taken="again")
