"""Public-records and e-discovery requests (§322.7; general policy IV.A.7; California Public Records Act)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audits.models import AuditEvent
from retention import disposition, services
from retention.models import LegalHold, RecordsRequest
from socialgov.errors import InvalidTransition

from .conftest import make_posts

pytestmark = pytest.mark.django_db


def test_due_ten_days_after_it_was_received(custodian, records_account):
    request = services.open_request(
        by=custodian, requester="Oakley Press", received_on=date(2026, 2, 25), keywords=["parade"]
    )
    assert request.due_on == date(2026, 3, 7) and request.hold is None
    event = AuditEvent.objects.get(action="retention.request.open")
    assert event.after["due_on"] == "2026-03-07" and event.after["keywords"] == ["parade"]


def test_opening_with_a_hold_freezes_its_scope_in_one_step(chief, department, pio, records_account):
    posts = make_posts(department, pio, [records_account], 2)
    request = services.open_request(
        by=chief,
        requester="Jane Roe",
        received_on=timezone.localdate(),
        accounts=[records_account],
        keywords=["announcement"],
        place_hold=True,
    )
    hold = request.hold
    assert hold.is_active and hold.requested_by == "Jane Roe" and hold.created_by == chief
    assert hold.matter.startswith("Records request from Jane Roe received ")
    assert "Government Code §7922.535" in hold.reason
    assert services.scope_snapshot(hold) == services.scope_snapshot(request)
    assert disposition.propose(department=department) is None  # both old posts are held
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="retention.").order_by("id")] == [
        "retention.hold.place",
        "retention.request.open",
    ]
    assert len(posts) == 2


def test_a_failed_request_places_no_hold(custodian):
    with pytest.raises(ValidationError) as error:
        services.open_request(
            by=custodian, requester=" ", received_on=timezone.localdate() + timedelta(days=1), place_hold=True
        )
    assert set(error.value.message_dict) == {"requester", "received_on", "accounts"}
    assert not LegalHold.objects.exists() and not RecordsRequest.objects.exists()


def test_extensions_add_up_to_fourteen_days_with_reasons(custodian, records_request):
    start = records_request.due_on
    services.extend_request(by=custodian, request=records_request, days=5, reason="Records held elsewhere")
    request = services.extend_request(by=custodian, request=records_request, days=9, reason="Voluminous")
    assert request.due_on == start + timedelta(days=14) and request.extension_days == 14
    assert request.extension_reason == "Records held elsewhere\nVoluminous"
    with pytest.raises(ValidationError, match="0 left"):
        services.extend_request(by=custodian, request=records_request, days=1, reason="More")


def test_overdue_requests(custodian, records_account):
    late = services.open_request(
        by=custodian, requester="A", received_on=timezone.localdate() - timedelta(days=11), accounts=[records_account]
    )
    services.open_request(by=custodian, requester="B", received_on=timezone.localdate(), accounts=[records_account])
    assert list(RecordsRequest.objects.overdue()) == [late]
    assert late.is_overdue and late.days_overdue == 1


def test_closing_keeps_the_hold_and_a_closed_request_cannot_change(custodian, records_account):
    request = services.open_request(
        by=custodian, requester="A", received_on=timezone.localdate(), accounts=[records_account], place_hold=True
    )
    services.close_request(by=custodian, request=request, note="Records sent")
    request.refresh_from_db()
    assert request.status == "closed" and request.hold.is_active
    with pytest.raises(InvalidTransition):
        services.extend_request(by=custodian, request=request, days=1, reason="x")
    with pytest.raises(InvalidTransition):
        services.close_request(by=custodian, request=request)


@pytest.mark.parametrize("persona", ["supervisor", "pio", "member"])
def test_only_the_custodian_and_chief_handle_requests(request, persona, records_account, records_request):
    member = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.open_request(by=member, requester="A", received_on=timezone.localdate(), accounts=[records_account])
    with pytest.raises(PermissionDenied):
        services.extend_request(by=member, request=records_request, days=1, reason="x")
    with pytest.raises(PermissionDenied):
        services.close_request(by=member, request=records_request)
