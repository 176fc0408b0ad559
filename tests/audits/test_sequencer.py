"""Events are inserted pending and chained after commit by the sequencer (issue 18, audits.sequencer).

The pending state is tested on both databases (SQLite chains in the writer's transaction unless told not to);
the trigger, racing sequencers, a sequencer killed mid-batch and out-of-order commits need PostgreSQL.
"""

import io
import os
import signal
import subprocess
import sys
import textwrap
import threading

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from audits import chain, checkpoints, sequencer
from audits.models import AuditChainHead, AuditEvent
from people.models import Department
from tests.celery_worker import BASE_DIR, subprocess_database_url, wait_for

from .helpers import record


@pytest.fixture
def after_commit(settings):
    """Events stay pending after their commit until a sequencer runs, on either database."""
    settings.AUDIT_SEQUENCE_IN_TRANSACTION = False
    settings.AUDIT_SEQUENCE_ON_COMMIT = False


def pending_event(department, **after):
    return record(department=department, chained=False, after=after or {"n": 1})


@pytest.mark.django_db
def test_an_event_is_pending_until_the_sequencer_chains_it(after_commit, department):
    sequencer.sequence_pending()
    length = AuditChainHead.objects.get(pk=department.pk).length
    event = pending_event(department)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.is_pending and (stored.sequence, stored.previous_hash, stored.hash) == (None, None, None)
    assert list(AuditEvent.objects.pending()) == [stored]
    # Pending is not broken: verify counts it apart.
    result = chain.verify()
    assert result.intact and result.pending == 1
    out = io.StringIO()
    call_command("verify_audit_chain", stdout=out)
    assert "1 pending, not yet chained" in out.getvalue()

    assert sequencer.sequence_pending() == 1
    stored.refresh_from_db()
    head = AuditChainHead.objects.get(pk=department.pk)
    assert stored.sequence == length + 1 and stored.hash == stored.compute_hash()
    assert (head.length, head.last_event_id, head.last_hash) == (length + 1, stored.pk, stored.hash)
    result = chain.verify()
    assert result.intact and result.pending == 0
    assert sequencer.sequence_pending() == 0  # idempotent: nothing left to chain


@pytest.mark.django_db
def test_a_pass_chains_each_chain_in_order_in_batches(after_commit, department, other_department):
    events = [pending_event(department if n % 3 else other_department, n=n) for n in range(12)]
    assert sequencer.sequence_pending(batch_size=2) >= 12
    assert not AuditEvent.objects.pending().exists()
    for key in (department.pk, other_department.pk):
        ours = [event.pk for event in events if event.chain == key]
        walked = list(
            AuditEvent.objects.filter(chain=key, pk__in=ours).order_by("sequence").values_list("pk", flat=True)
        )
        assert walked == ours  # committed in id order, so chained in id order
    assert chain.verify().intact


@pytest.mark.django_db
def test_a_checkpoint_signs_only_sequenced_events(after_commit, department, settings, tmp_path):
    settings.AUDIT_SIGNING_KEY_FILE = ""
    settings.VAR_DIR = tmp_path
    sequencer.sequence_pending()
    chained = pending_event(department)
    sequencer.sequence_pending()
    pending_event(department)
    checkpoint = checkpoints.sign(reason=checkpoints.Reason.OPERATOR)
    signed = {head[0]: head for head in checkpoint.heads}[department.pk]
    assert signed[2:] == [AuditEvent.objects.get(pk=chained.pk).pk, AuditEvent.objects.get(pk=chained.pk).hash]


@pytest.mark.django_db
def test_the_api_and_the_admin_show_pending_events(after_commit, department, chief, admin_client):
    event = pending_event(department)
    from tests.api.conftest import client_as

    body = client_as(chief).get(f"/api/v1/audit-events/{event.pk}/").json()
    assert body["pending"] is True and body["sequence"] is None and body["hash"] is None
    response = admin_client.get(reverse("admin:audits_auditevent_changelist"))
    assert response.context["pending"] >= 1
    assert "pending: committed, not yet chained" in response.content.decode()


# PostgreSQL: the trigger


postgres = pytest.mark.postgres

SEQUENCING = (
    "UPDATE audits_auditevent SET sequence = %s, previous_hash = %s, hash = %s, sequenced_at = now() WHERE id = %s"
)


def execute(sql, params):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@postgres
@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audits_auditevent SET action = 'tests.rewritten' WHERE id = %s",
        "UPDATE audits_auditevent SET chain = chain + 1000 WHERE id = %s",
        "UPDATE audits_auditevent SET hash = repeat('a', 64) WHERE id = %s",
        "UPDATE audits_auditevent SET sequence = 999 WHERE id = %s",
        # The sequencing update with anything else changed beside it.
        "UPDATE audits_auditevent SET sequence = 999, previous_hash = repeat('0', 64), hash = repeat('a', 64), "
        "sequenced_at = now(), after = '{}' WHERE id = %s",
        # ... a column filled from NULL, or emptied to NULL (the trigger compares rows column by column).
        "UPDATE audits_auditevent SET sequence = 999, previous_hash = repeat('0', 64), hash = repeat('a', 64), "
        "sequenced_at = now(), before = '{}' WHERE id = %s",
        "UPDATE audits_auditevent SET sequence = 999, previous_hash = repeat('0', 64), hash = repeat('a', 64), "
        "sequenced_at = now(), after = NULL WHERE id = %s",
        "DELETE FROM audits_auditevent WHERE id = %s",
    ],
)
def test_trigger_refuses_every_change_to_a_pending_event_but_its_sequencing(after_commit, department, statement):
    event = pending_event(department)
    with pytest.raises(DatabaseError, match="append-only"):
        execute(statement, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).is_pending


@postgres
@pytest.mark.django_db
def test_trigger_lets_an_event_be_sequenced_once_and_never_again(after_commit, department):
    event = pending_event(department)
    execute(SEQUENCING, [999, "0" * 64, "a" * 64, event.pk])  # the sequencer's update goes through
    with pytest.raises(DatabaseError, match="append-only"):
        execute(SEQUENCING, [1000, "0" * 64, "b" * 64, event.pk])
    for statement in (
        "UPDATE audits_auditevent SET hash = NULL, previous_hash = NULL, sequence = NULL, sequenced_at = NULL "
        "WHERE id = %s",
        "DELETE FROM audits_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"):
            execute(statement, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).sequence == 999


# PostgreSQL: concurrency, committed data (transaction=True)


def make_departments(count):
    return [
        Department.objects.create(name=f"Sequenced {n}", slug=f"sequenced-{n}", policy_number="322")
        for n in range(count)
    ]


@postgres
@pytest.mark.django_db(transaction=True)
def test_two_sequencers_racing_never_fork_a_chain(after_commit):
    departments = make_departments(3)
    for n in range(300):
        pending_event(departments[n % 3], n=n)
    failures: list[BaseException] = []
    chained: list[int] = []
    start = threading.Barrier(2)

    def run():
        try:
            start.wait()
            chained.append(sequencer.sequence_pending(batch_size=7))
        except BaseException as error:  # reported below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    assert sum(chained) == AuditEvent.objects.filter(department__in=departments).count()
    assert not AuditEvent.objects.pending().exists()
    for department in departments:
        places = list(
            AuditEvent.objects.filter(chain=department.pk).order_by("sequence").values_list("sequence", flat=True)
        )
        assert places == list(range(1, len(places) + 1))
    result = chain.verify()
    assert result.intact and result.pending == 0, str(result)


# Run in its own process: chain one batch, say so, and wait, its transaction open, until it is killed.
KILLED_SEQUENCER = textwrap.dedent(
    """
    import sys
    import django

    django.setup()
    from audits import sequencer

    write_batch = sequencer._write_batch

    def write_and_stop(chained, heads):
        write_batch(chained, heads)
        print("written", len(chained), flush=True)
        sys.stdin.readline()  # until killed

    sequencer._write_batch = write_and_stop
    sequencer.sequence_pending(batch_size=20)
    """
)


@postgres
@pytest.mark.django_db(transaction=True)
def test_a_sequencer_killed_mid_batch_leaves_its_batch_pending_for_the_next(after_commit):
    department = make_departments(1)[0]
    events = [pending_event(department, n=n) for n in range(50)]
    killed = subprocess.Popen(
        [sys.executable, "-c", KILLED_SEQUENCER],
        cwd=BASE_DIR,
        env={**os.environ, "DATABASE_URL": subprocess_database_url(), "DJANGO_SETTINGS_MODULE": "socialgov.settings"},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = killed.stdout.readline()
        assert line.startswith("written 20"), line + killed.stderr.read()
        # It holds the chain: another sequencer skips it rather than wait, and forks nothing.
        assert sequencer.sequence_chain(department.pk) is None
    finally:
        killed.send_signal(signal.SIGKILL)
        killed.wait()
    # Its batch rolled back with its connection: all fifty still pending, the head where it was.
    assert AuditEvent.objects.pending().filter(chain=department.pk).count() == 50
    wait_for(
        lambda: sequencer.sequence_pending() >= 0 and not AuditEvent.objects.pending().exists(),
        timeout=30,
        what="the next sequencer to chain the killed one's batch once the database let its lock go",
    )
    places = list(AuditEvent.objects.filter(chain=department.pk).order_by("sequence").values_list("pk", flat=True))
    assert places == [event.pk for event in events]
    assert AuditChainHead.objects.get(pk=department.pk).length == 50
    result = chain.verify()
    assert result.intact, str(result)


@postgres
@pytest.mark.django_db(transaction=True)
def test_an_id_that_commits_late_is_chained_after_the_ids_that_committed_first(after_commit):
    """Ids come from a sequence when rows are inserted, not when they commit: a lower id can commit later.
    It gets a later place; nothing waits for it, and the chain verifies."""
    department = make_departments(1)[0]
    late: dict = {}
    inserted, release = threading.Event(), threading.Event()

    def slow_writer():
        try:
            with transaction.atomic():
                late["event"] = AuditEvent.record(actor=None, action="tests.late", department=department)
                inserted.set()
                release.wait(timeout=60)
        finally:
            connection.close()

    thread = threading.Thread(target=slow_writer)
    thread.start()
    try:
        assert inserted.wait(timeout=60)
        early = pending_event(department)
        assert early.pk > late["event"].pk
        assert sequencer.sequence_pending() == 1  # the committed one; the uncommitted lower id is not seen
    finally:
        release.set()
        thread.join(timeout=60)
    assert sequencer.sequence_pending() == 1
    ordered = list(AuditEvent.objects.filter(chain=department.pk).order_by("sequence").values_list("pk", flat=True))
    assert ordered == [early.pk, late["event"].pk]
    assert chain.verify().intact


# A real worker


CHAINED_WITHIN_SECONDS = 10


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_chains_committed_events_within_seconds(settings, worker):
    """Each commit asks the worker for a pass (throttled per process, with one more at the window's end): a
    burst of commits is chained within seconds without beat."""
    settings.AUDIT_SEQUENCE_IN_TRANSACTION = False
    settings.AUDIT_SEQUENCER_QUEUE = worker.queue
    sequencer.forget_requests()
    department = make_departments(1)[0]
    events = [record(department=department, chained=False, after={"n": n}) for n in range(6)]
    assert all(event.is_pending for event in events)
    wait_for(
        lambda: not AuditEvent.objects.pending().exists(),
        timeout=CHAINED_WITHIN_SECONDS,
        what="the worker to chain the committed events",
        on_timeout=worker.output,
    )
    ordered = list(AuditEvent.objects.filter(chain=department.pk).order_by("sequence").values_list("pk", flat=True))
    assert ordered[-6:] == [event.pk for event in events]
    result = chain.verify()
    assert result.intact and result.pending == 0, str(result)
