"""The records custodian's reminders (retention.reminders; §322.7): a disposition batch waiting for the custodian,
a legal hold to re-confirm every 90 days, a records request near its due date. Each reaches the right members
once per due event, however often the job runs (notifications.reminders)."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core import mail
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils import timezone

from notifications import reminders
from notifications.models import Notification
from people.models import Member
from retention import disposition, services
from retention.models import DispositionBatch, LegalHold

pytestmark = pytest.mark.django_db


def local(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def notices(**filters):
    return list(Notification.objects.filter(**filters).order_by("recipient__username", "key"))


@pytest.fixture(autouse=True)
def emails(department, custodian, chief):
    """Everyone has an address (the personas have none)."""
    Member.objects.update(email=Concat(F("username"), Value("@oakley.test")))
    for persona in (custodian, chief):
        persona.refresh_from_db()


def test_the_retention_sources_are_registered():
    assert {"retention.batch_waiting", "retention.hold_reconfirm", "retention.request_due"} <= set(reminders.discover())


# A disposition batch awaiting the custodian: when proposed, then once each week it waits.


@pytest.fixture
def waiting_batch(department, old_drafts):
    batch = disposition.propose(department=department)
    proposed_on = timezone.localdate() - timedelta(days=30)
    DispositionBatch.objects.filter(pk=batch.pk).update(proposed_at=local(proposed_on))
    batch.refresh_from_db()
    return batch


def test_a_proposed_batch_reminds_the_custodians_when_proposed(waiting_batch, custodian, chief):
    reminders.run(now=local(timezone.localdate(waiting_batch.proposed_at), 10))
    [notice] = notices(kind="retention.batch_waiting")
    assert notice.recipient == custodian and notice.key == f"retention.batch:{waiting_batch.pk}:waiting:0"
    assert notice.subject == f"Disposition batch #{waiting_batch.pk} waits for your decision"
    assert "waits for the records custodian to approve or reject it (§322.7)" in notice.reason
    assert notice.link == f"/retention/batches/{waiting_batch.pk}/"
    assert [m.to for m in mail.outbox if m.subject == notice.subject] == [["custodian@oakley.test"]]


def test_a_waiting_batch_reminds_once_a_week_not_twice_the_same_week(waiting_batch, custodian):
    proposed = waiting_batch.proposed_at
    for days in (0, 1, 6, 7, 8, 13, 14, 14, 20):
        reminders.run(now=proposed + timedelta(days=days, hours=1))
    keys = [n.key for n in notices(kind="retention.batch_waiting", recipient=custodian)]
    assert keys == [f"retention.batch:{waiting_batch.pk}:waiting:{week}" for week in (0, 1, 2)]


def test_a_decided_batch_reminds_no_more(waiting_batch, custodian):
    disposition.reject(by=custodian, batch=waiting_batch, reason="Counsel asked to wait.")
    reminders.run(now=waiting_batch.proposed_at + timedelta(days=7, hours=1))
    assert notices(kind="retention.batch_waiting") == []


# A legal hold: re-confirmed 90 days after it was placed, then 90 days after each re-confirmation.


@pytest.fixture
def hold(chief, records_account):
    """Placed by the chief, so that the custodian and the hold's creator are two people."""
    return services.place_hold(
        by=chief, matter="Smith v. City of Oakley", reason="Litigation", accounts=[records_account]
    )


def placed_on(hold, day):
    LegalHold.objects.filter(pk=hold.pk).update(created_at=local(day))
    hold.refresh_from_db()
    return day


def test_a_hold_reminds_the_custodian_and_its_creator_at_90_days_and_not_before(hold, custodian, chief):
    day = placed_on(hold, timezone.localdate() - timedelta(days=200))
    for days in (0, 30, 89):
        reminders.run(now=local(day + timedelta(days=days), 23))
    assert notices(kind="retention.hold_reconfirm") == []
    reminders.run(now=local(day + timedelta(days=90), 8))
    found = notices(kind="retention.hold_reconfirm")
    assert [n.recipient for n in found] == [chief, custodian]
    assert {n.key for n in found} == {f"retention.hold:{hold.pk}:reconfirm:{day.isoformat()}:1"}
    assert found[0].subject == f"Re-confirm legal hold #{hold.pk}: Smith v. City of Oakley"
    assert f"has not been re-confirmed since {day:%b %-d, %Y}" in found[0].reason and "(§322.7)" in found[0].reason
    assert found[0].link == f"/retention/holds/{hold.pk}/"
    reminders.run(now=local(day + timedelta(days=91)))
    reminders.run(now=local(day + timedelta(days=179)))
    assert len(notices(kind="retention.hold_reconfirm")) == 2
    reminders.run(now=local(day + timedelta(days=180)))  # still not re-confirmed: reminded again
    assert sorted({n.key.rsplit(":", 1)[1] for n in notices(kind="retention.hold_reconfirm")}) == ["1", "2"]


def test_a_reconfirmed_hold_is_not_reminded_until_90_days_after(hold, custodian, chief):
    placed_on(hold, timezone.localdate() - timedelta(days=120))
    reminders.run()
    assert len(notices(kind="retention.hold_reconfirm", recipient=custodian)) == 1
    hold = services.reconfirm_hold(by=custodian, hold=hold, note="Still in litigation.")
    since = timezone.localdate(hold.confirmed_at)
    for days in (0, 1, 45, 89):
        reminders.run(now=local(since + timedelta(days=days), 23))
    assert len(notices(kind="retention.hold_reconfirm", recipient=custodian)) == 1
    reminders.run(now=local(since + timedelta(days=90), 8))
    [_, after] = notices(kind="retention.hold_reconfirm", recipient=custodian)
    assert after.key == f"retention.hold:{hold.pk}:reconfirm:{since.isoformat()}:1"
    assert f"has not been re-confirmed since {since:%b %-d, %Y}" in after.reason


def test_a_released_hold_is_not_reminded(hold, custodian):
    day = placed_on(hold, timezone.localdate() - timedelta(days=200))
    services.release_hold(by=custodian, hold=hold, reason="Case dismissed.")
    reminders.run(now=local(day + timedelta(days=90)))
    assert notices(kind="retention.hold_reconfirm") == []


# A records request: 3 days and 1 day before it is due, then once overdue; never once it is closed.


@pytest.fixture
def records_request(chief, records_account):
    """Opened by the chief: the custodian and the request's creator are both told."""
    return services.open_request(
        by=chief, requester="Oakley Press", received_on=timezone.localdate(), accounts=[records_account]
    )


@pytest.mark.parametrize(
    "days, stage, when",
    [(3, "due-3", "in 3 days"), (2, "due-3", "in 2 days"), (1, "due-1", "tomorrow"), (0, "due-1", "today")],
)
def test_a_records_request_reminds_3_and_1_days_before_it_is_due(records_request, custodian, chief, days, stage, when):
    due = records_request.due_on
    reminders.run(now=local(due - timedelta(days=days)))
    found = notices(kind="retention.request_due")
    assert [n.recipient for n in found] == [chief, custodian]
    assert {n.key for n in found} == {f"retention.request:{records_request.pk}:{stage}:{due.isoformat()}"}
    assert found[0].subject == f"Records request #{records_request.pk} is due {when}"
    assert f"The response to Oakley Press's records request #{records_request.pk} is due on" in found[0].reason
    assert found[0].link == f"/retention/requests/{records_request.pk}/"


def test_each_request_milestone_reminds_once_then_once_overdue(records_request, custodian):
    due = records_request.due_on
    for days in (9, 4, 3, 2, 1, 0, -1, -2, -10):
        reminders.run(now=local(due - timedelta(days=days)))
    found = notices(kind="retention.request_due", recipient=custodian)
    assert sorted(n.key.split(":")[2] for n in found) == ["due-1", "due-3", "overdue"]
    overdue = next(n for n in found if n.key.split(":")[2] == "overdue")
    assert overdue.subject == f"Records request #{records_request.pk} is overdue (due {due:%b %-d, %Y})"


def test_a_closed_request_is_not_reminded(records_request, custodian):
    services.close_request(by=custodian, request=records_request, note="Answered.")
    for days in (3, 1, -1):
        reminders.run(now=local(records_request.due_on - timedelta(days=days)))
    assert notices(kind="retention.request_due") == []
