"""manage.py verify_audit_chain proves the chain intact or names its first broken event (exit code 1)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from audits import chain, sequencer
from audits.management.commands.verify_audit_chain import Command
from audits.models import AuditChainHead, AuditEvent

from .helpers import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(department):
    """Ten events after whatever the fixtures wrote; returned in chain order."""
    return [record(department=department, after={"n": n}) for n in range(10)]


def verify(*args) -> str:
    out = StringIO()
    call_command("verify_audit_chain", *args, stdout=out)
    return out.getvalue()


def broken(*args) -> CommandError:
    with pytest.raises(CommandError) as error:
        call_command("verify_audit_chain", *args, stdout=StringIO())
    assert error.value.returncode == 1
    return error.value


def test_intact_chain_reports_the_number_of_events_checked(events):
    total = AuditEvent.objects.count()
    assert f"Audit chain intact: {total} events checked." in verify()


def test_small_chunks_walk_the_same_chain(events):
    total = AuditEvent.objects.count()
    assert f"{total} events checked" in verify("--chunk-size", "3")
    assert chain.verify(chunk_size=1).checked == total


def test_empty_chain_is_intact(db):
    # No department fixture, so no event has been written in this test.
    assert not AuditEvent.objects.exists()
    assert "0 events checked" in verify()
    AuditChainHead.objects.all().delete()
    assert "0 events checked" in verify()


def test_edited_event_is_named(events, tamper):
    victim = events[4]
    with tamper():
        AuditEvent.objects.filter(pk=victim.pk).update(after={"n": 400})
    error = broken()
    assert f"event {victim.pk}:" in str(error) and "altered" in str(error)


def test_edited_event_with_recomputed_hash_breaks_the_next_link(events, tamper):
    victim = AuditEvent.objects.get(pk=events[4].pk)
    victim.after = {"n": 400}
    with tamper():
        AuditEvent.objects.filter(pk=victim.pk).update(after=victim.after, hash=victim.compute_hash())
    error = broken()
    assert f"event {events[5].pk}:" in str(error) and f"does not link to event {victim.pk}" in str(error)


def test_deleted_event_is_named_by_the_one_after_it(events, tamper):
    with tamper() as cursor:
        cursor.execute("DELETE FROM audits_auditevent WHERE id = %s", [events[3].pk])
    error = broken()
    assert f"event {events[4].pk}:" in str(error) and f"does not link to event {events[2].pk}" in str(error)


def test_deleted_last_event_is_caught_by_the_chain_head(events, tamper):
    with tamper():
        AuditEvent.objects.filter(pk=events[-1].pk).delete()
    error = broken()
    assert f"event {events[-1].pk}:" in str(error) and "missing" in str(error)


def test_reordered_events_are_named(events, tamper):
    # A chain's order is its places (sequence), not its ids: two events swap places.
    first, second = events[5], events[6]
    with tamper() as cursor:
        for place, pk in [(-1, first.pk), (first.sequence, second.pk), (second.sequence, first.pk)]:
            cursor.execute("UPDATE audits_auditevent SET sequence = %s WHERE id = %s", [place, pk])
    error = broken()
    assert f"event {second.pk}:" in str(error) and "reordered" in str(error)


def test_event_inserted_without_the_chain_is_named(events, department, tamper):
    last = events[-1]
    forged = AuditEvent(
        department=department,
        actor_name="system",
        action="tests.forged",
        created_at=last.created_at,
        previous_hash=last.hash,
        chain=department.pk,
        sequence=last.sequence + 1,
        sequenced_at=last.created_at,
    )
    forged.hash = forged.compute_hash()
    with tamper():
        forged.save(force_insert=True)
    error = broken()
    assert f"event {forged.pk}:" in str(error)
    assert f"head of department {department.pk}'s chain does not record it" in str(error)


def test_event_inserted_with_a_hash_but_no_place_is_named_and_left_unchained(events, department, tamper):
    last = events[-1]
    forged = AuditEvent(
        department=department,
        actor_name="system",
        action="tests.forged",
        created_at=last.created_at,
        previous_hash=last.hash,
        chain=department.pk,
    )
    forged.hash = forged.compute_hash()
    with tamper():
        forged.save(force_insert=True)
    assert sequencer.sequence_pending() == 0
    genuine = record(department=department)
    sequencer.sequence_pending()
    error = broken()
    assert f"event {forged.pk}:" in str(error) and "inserted around the sequencer" in str(error)
    assert AuditEvent.objects.get(pk=genuine.pk).previous_hash == last.hash


def test_manage_py_exits_1_and_prints_the_broken_event(events, tamper, monkeypatch, capsys):
    with tamper():
        AuditEvent.objects.filter(pk=events[2].pk).update(action="tests.rewritten")
    # run_from_argv closes every connection when it is done, which would end the test's transaction.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(["manage.py", "verify_audit_chain"])
    assert exit_.value.code == 1
    assert f"Audit chain broken at event {events[2].pk}" in capsys.readouterr().err


def test_manage_py_exits_0_when_intact(events, monkeypatch, capsys):
    monkeypatch.setattr(connections, "close_all", lambda: None)
    Command().run_from_argv(["manage.py", "verify_audit_chain"])
    assert f"{AuditEvent.objects.count()} events checked" in capsys.readouterr().out


def test_events_appended_during_the_walk_are_walked_too(events, department, monkeypatch):
    # Outside a PostgreSQL snapshot (SQLite, or inside a transaction) writers keep
    # appending while the walk runs: the walk catches up with the head.
    walk = chain._events_after
    appended = []

    def walk_then_append(after_key, after_id, chunk_size):
        yield from walk(after_key, after_id, chunk_size)
        if not appended:
            appended.append(record(department=department, action="tests.meanwhile"))

    monkeypatch.setattr(chain, "_events_after", walk_then_append)
    result = chain.verify()
    assert result.intact, str(result)
    assert result.checked == AuditEvent.objects.count()
    assert appended and AuditEvent.objects.order_by("-pk")[0].pk == appended[0].pk


def test_chunk_size_must_be_positive(db):
    with pytest.raises(CommandError) as error:
        call_command("verify_audit_chain", "--chunk-size", "0")
    assert error.value.returncode == 2


def test_emptied_trail_is_caught_by_the_chain_head(events, tamper):
    with tamper() as cursor:
        cursor.execute("DELETE FROM audits_auditevent")
    error = broken()
    assert f"event {events[-1].pk}:" in str(error) and "missing" in str(error)


def test_head_that_disagrees_with_the_chain_is_reported(events, department):
    AuditChainHead.objects.filter(pk=department.pk).update(length=3)
    assert "chain head: it records 3 events" in str(broken())
