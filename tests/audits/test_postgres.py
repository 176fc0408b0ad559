"""What only PostgreSQL enforces: the append-only trigger, and writers that do not wait on each other.

Marked `postgres`: deselected on SQLite by tests/audits/conftest.py, run when
DATABASE_URL names PostgreSQL.
"""

import threading

import pytest
from django.db import DatabaseError, connection, transaction

from audits import chain, sequencer
from audits.models import AuditChainHead, AuditEvent
from people.services import load_policy_pack

from .helpers import record

pytestmark = pytest.mark.postgres

WRITERS = 8
EVENTS_EACH = 10


@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audits_auditevent SET action = 'tests.rewritten' WHERE id = %s",
        "DELETE FROM audits_auditevent WHERE id = %s",
    ],
)
def test_trigger_refuses_update_and_delete(department, statement):
    event = record(department=department)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [event.pk])
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.action == "tests.change" and stored.hash == event.hash


@pytest.mark.django_db
def test_trigger_refuses_the_orm_too(department):
    event = record(department=department)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(after={"n": 2})
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert chain.verify().intact


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_do_not_fork_the_chain():
    department, _ = load_policy_pack("oakley")
    start = AuditEvent.objects.count()
    barrier = threading.Barrier(WRITERS + 1)
    failures: list[BaseException] = []
    verifications: list[chain.Verification] = []

    def write(n):
        try:
            barrier.wait()
            for i in range(EVENTS_EACH):
                with transaction.atomic():
                    AuditEvent.record(
                        actor=None, action="tests.concurrent", department=department, after={"writer": n, "i": i}
                    )
        except BaseException as error:  # reported below; a thread's exception would otherwise vanish
            failures.append(error)
        finally:
            connection.close()

    def verify_while_writing():
        # A reader in its own REPEATABLE READ snapshot sees a whole chain, never half a write.
        try:
            barrier.wait()
            while any(thread.is_alive() for thread in writers):
                verifications.append(chain.verify())
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    writers = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    verifier = threading.Thread(target=verify_while_writing)
    for thread in writers:
        thread.start()
    verifier.start()
    for thread in [*writers, verifier]:
        thread.join(timeout=120)
    assert not failures, failures

    result = chain.verify()
    assert result.intact, str(result)
    assert result.checked == start + WRITERS * EVENTS_EACH
    in_chain = AuditEvent.objects.filter(chain=department.pk)
    previous = list(in_chain.values_list("previous_hash", flat=True))
    assert len(previous) == len(set(previous)) == in_chain.count()
    head = AuditChainHead.objects.get(pk=department.pk)
    assert head.length == in_chain.count() and head.last_event_id == in_chain.order_by("-pk")[0].pk
    assert verifications and all(v.intact for v in verifications), [str(v) for v in verifications if not v.intact]


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_trail_despite_the_trigger():
    # pytest-django ends transactional tests with TRUNCATE, which row triggers do not see.
    department, _ = load_policy_pack("oakley")
    record(department=department)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE audits_auditevent, audits_auditchainhead")
    assert not AuditEvent.objects.exists()
    # The first writer after a flush recreates the head row.
    event = record(department=department)
    assert event.previous_hash == chain.GENESIS_HASH
    assert chain.verify().checked == 1


def _record_in_thread(department, outcome: dict, *, lock_timeout: str = "5s"):
    """Record one event in another connection, with a lock timeout so a writer that would wait fails instead."""

    def write():
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL lock_timeout = '{lock_timeout}'")
                outcome["event"] = AuditEvent.record(actor=None, action="tests.other", department=department)
        except BaseException as error:  # reported by the test
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=write)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive()


@pytest.mark.django_db(transaction=True)
def test_writers_do_not_wait_on_each_other_in_any_department():
    """Issue 18: one writer holds its transaction open after recording; writers in another department and in
    the same one commit meanwhile (a lock they waited on would time out), and the held event is chained after
    them when it commits, though its id is lower."""
    from people.models import Department

    department, _ = load_policy_pack("oakley")
    other = Department.objects.create(name="Vista Police Department", slug="vista", policy_number="322")
    with transaction.atomic():
        held = AuditEvent.record(actor=None, action="tests.held", department=department)
        elsewhere: dict = {}
        _record_in_thread(other, elsewhere, lock_timeout="300ms")
        assert "error" not in elsewhere, elsewhere.get("error")
        assert AuditEvent.objects.filter(pk=elsewhere["event"].pk).exists()  # committed while we hold ours
        same: dict = {}
        _record_in_thread(department, same, lock_timeout="300ms")
        assert "error" not in same, same.get("error")
        assert AuditEvent.objects.filter(pk=same["event"].pk).exists()
    installation: dict = {}
    _record_in_thread(None, installation)
    assert "error" not in installation
    sequencer.sequence_pending()
    result = chain.verify()
    assert result.intact and result.pending == 0, str(result)
    held, same_event = AuditEvent.objects.get(pk=held.pk), AuditEvent.objects.get(pk=same["event"].pk)
    assert held.chain == department.pk and held.pk < same_event.pk and held.sequence > same_event.sequence
    assert installation["event"].chain == chain.INSTALLATION_CHAIN
