"""Every change writes one audit event in its own transaction; a change that fails leaves none."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audits import chain, sequencer
from audits.models import AuditEvent
from people.models import Authorization, Member, TrainingRecord
from people.services import grant_authorization, record_training, revoke_authorization

from .helpers import head, record

pytestmark = pytest.mark.django_db


def grant(by, member, accounts):
    today = timezone.localdate()
    return grant_authorization(
        by=by, member=member, accounts=accounts, starts_on=today, expires_on=today + timedelta(days=365)
    )


def test_grant_writes_exactly_one_event_naming_actor_target_and_department(chief, pio, account):
    before = head(chief.department)
    authorization = grant(chief, pio, [account])
    sequencer.sequence_pending()  # what follows the commit (on SQLite record() chained it already)
    events = AuditEvent.objects.filter(pk__gt=before.last_event_id or 0)
    assert [event.action for event in events] == ["people.authorization.grant"]
    event = events.get()
    assert event.actor == chief and event.actor_name == chief.display_name
    assert event.department == chief.department
    assert (event.object_type, event.object_id) == ("people.Authorization", str(authorization.pk))
    assert event.before is None and event.after["accounts"] == [account.pk]
    assert event.previous_hash == before.last_hash
    assert head(chief.department).last_event_id == event.pk and head(chief.department).length == before.length + 1


def test_revoke_records_before_and_after(chief, pio, account):
    authorization = grant(chief, pio, [account])
    revoke_authorization(by=chief, authorization=authorization, reason="Reassigned to patrol")
    event = AuditEvent.objects.get(action="people.authorization.revoke")
    assert event.before["revoked_at"] is None
    assert event.after["revoke_reason"] == "Reassigned to patrol" and event.after["revoked_by"] == chief.pk


def test_record_training_writes_one_event(chief, untrained):
    count = AuditEvent.objects.count()
    training = record_training(
        by=chief, member=untrained, topic="legal", completed_on=timezone.localdate(), expires_on=None
    )
    assert AuditEvent.objects.count() == count + 1
    event = AuditEvent.objects.latest("id")
    assert event.action == "people.training.record" and event.object_id == str(training.pk)
    assert event.after["completed_on"] == timezone.localdate().isoformat()


def test_refused_grant_leaves_no_event_and_head_unchanged(chief, untrained, account):
    before = head(chief.department)
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with pytest.raises(ValidationError):
        grant(chief, untrained, [account])
    assert not Authorization.objects.exists()
    assert not AuditEvent.objects.filter(pk__gt=last).exists()
    assert head(chief.department).last_hash == before.last_hash and head(chief.department).length == before.length


def test_change_that_fails_after_recording_rolls_back_its_event_and_the_head(department):
    before = head(department)
    with pytest.raises(RuntimeError, match="after the event"), transaction.atomic():
        AuditEvent.record(actor=None, action="tests.change", department=department, after={"n": 1})
        sequencer.sequence_pending()  # a sequencer that sees this transaction's event (it is the same one)
        assert head(department).length == before.length + 1
        raise RuntimeError("the change failed after the event was written")
    assert not AuditEvent.objects.filter(chain=department.pk, pk__gt=before.last_event_id or 0).exists()
    after = head(department)
    assert (after.last_event_id, after.last_hash, after.length) == (
        before.last_event_id,
        before.last_hash,
        before.length,
    )
    # The next event chains onto the last committed one, not the rolled-back one.
    assert record(department=department).previous_hash == before.last_hash
    assert chain.verify().intact


def test_change_is_rolled_back_when_its_event_cannot_be_written(chief, untrained):
    with (
        mock.patch.object(AuditEvent, "record", side_effect=RuntimeError("audit table unavailable")),
        pytest.raises(RuntimeError),
    ):
        record_training(by=chief, member=untrained, topic="legal", completed_on=timezone.localdate(), expires_on=None)
    assert not TrainingRecord.objects.filter(member=untrained).exists()


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        AuditEvent.record(actor=None, action="tests.change")


def test_hash_still_matches_after_the_database_reads_the_event_back(department, chief):
    awkward = {
        "when": date(2026, 1, 2),
        "at": datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=timezone.get_current_timezone()),
        "amount": Decimal("1.50"),
        "large": 1e20,
        "whole": 3.0,
        "negative_zero": -0.0,
        "small": 1.5e-7,
        "name": "José Ñúñez — 警察",
        "nested": {"z": [3, 2, 1], "a": {"b": None, "a": True}},
    }
    event = record(actor=chief, target=department, before={"x": 1}, after=awkward)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.compute_hash() == stored.hash == event.hash
    assert stored.after["name"] == "José Ñúñez — 警察"
    assert chain.verify().intact


def test_nan_is_refused_before_it_reaches_the_database(department):
    with pytest.raises(ValueError):
        record(department=department, after={"engagement": float("nan")})


def test_deleting_a_member_keeps_their_events_and_the_chain(department, chief):
    member = Member.objects.create_user(username="leaver", department=department, first_name="Lee", last_name="Ver")
    event = record(actor=member, department=department, action="tests.by_leaver")
    member_id = member.pk
    member.delete()
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor_id == member_id and stored.actor_name == "Lee Ver"
    assert chain.verify().intact


def test_department_defaults_to_the_targets_then_the_actors(department, other_department, chief, account):
    assert record(actor=chief, target=account).department == department
    assert record(actor=chief).department == department
    assert record(actor=chief, target=account, department=other_department).department == other_department


def test_created_at_never_goes_backwards_along_the_chain(department):
    events = [record(department=department) for _ in range(5)]
    stamps = [event.created_at for event in AuditEvent.objects.filter(pk__in=[e.pk for e in events]).order_by("pk")]
    assert stamps == sorted(stamps)
