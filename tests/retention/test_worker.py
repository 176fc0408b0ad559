"""Executing a disposition batch survives the death of its worker (§322.7; STYLE.md §5): a real Celery
worker (file-system transport, or Redis in the PostgreSQL run) is killed inside a chunk, a new one
finishes the batch, and every record is destroyed exactly once with a complete certificate."""

import json
from collections import Counter

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from audits.models import AuditEvent
from posts.models import Post, PostRevision
from retention import disposition
from retention.choices import BatchStatus, RecordType
from retention.models import DispositionBatch, Tombstone
from retention.records import post_content_sha256
from retention.tasks import execute_batch_task
from socialgov.celery import app as celery_app
from tests.celery_worker import TASK_SECONDS, wait_for

from .conftest import make_posts, with_authority

CHUNK = 3
RECORDS = 14


@pytest.fixture
def queue():
    """Tasks the code under test sends go to the test's own queue, whichever worker serves it."""
    from uuid import uuid4

    name = f"test-{uuid4().hex[:12]}"
    was = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = name
    yield name
    celery_app.conf.task_default_queue = was


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_leaves_a_batch_that_a_new_worker_completes_exactly_once(
    role_groups, worker_factory, queue, settings, department, custodian, pio, records_account, tmp_path
):
    posts = make_posts(department, pio, [records_account], RECORDS, revisions=2)
    hashes = {
        post.pk: list(PostRevision.objects.filter(post=post).order_by("number").values_list("sha256", flat=True))
        for post in posts
    }
    batch = disposition.propose(department=department)
    assert batch.record_count == RECORDS
    media = {"MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    gate = tmp_path / "gate"
    gate.mkdir()
    first = worker_factory(
        queue,
        include=("tests.retention.slow_worker",),
        env={
            **media,
            "RETENTION_TEST_CHUNK_SIZE": str(CHUNK),
            "RETENTION_TEST_HOLD_AT_CHUNK": "3",
            "RETENTION_TEST_GATE_DIR": str(gate),
        },
    )

    with_authority(batch)
    disposition.approve(by=custodian, batch=batch)  # the task goes to the first worker when this commits

    # Two chunks committed; the third is inside its transaction, its records deleted but not committed.
    wait_for(
        lambda: (gate / "inside").exists(),
        timeout=TASK_SECONDS,
        what="the first worker to reach the third chunk's gate",
        on_timeout=first.output,
        interval=0.05,
    )
    first.kill()
    done = Tombstone.objects.filter(batch=batch).count()
    assert done == 2 * CHUNK, done
    assert Post.objects.filter(pk__in=hashes).count() == RECORDS - done  # the killed chunk was rolled back
    assert DispositionBatch.objects.get(pk=batch.pk).status == BatchStatus.EXECUTING

    # A new worker on the same queue; the task is sent again (as the resume job or run_retention would).
    second = worker_factory(queue, env=media)
    execute_batch_task.apply_async((batch.pk,), queue=queue)
    wait_for(
        lambda: DispositionBatch.objects.get(pk=batch.pk).status == BatchStatus.COMPLETED,
        timeout=TASK_SECONDS,
        what="the second worker to complete the batch",
        on_timeout=second.output,
    )

    # Every record destroyed exactly once.
    assert not Post.objects.filter(pk__in=hashes).exists()
    tombstones = Tombstone.objects.filter(batch=batch, record_type=RecordType.POST)
    assert sorted(tombstones.values_list("object_id", flat=True)) == sorted(hashes)
    dispose_events = AuditEvent.objects.filter(action="retention.dispose", object_id=str(batch.pk))
    assert Counter(n for event in dispose_events for n in event.after["records"]) == Counter(list(hashes))
    batch = DispositionBatch.objects.get(pk=batch.pk)
    assert batch.disposed_count == RECORDS and batch.skipped_count == 0

    # And the certificate is complete: every record, with its hashes.
    with default_storage.open(batch.certificate.json_file.name, "rb") as handle:
        certificate = json.loads(handle.read())
    assert certificate["totals"] == {"disposed": RECORDS, "destroyed": RECORDS, "transferred": 0, "not_disposed": 0}
    records = {record["id"]: record for record in certificate["records"]}
    assert set(records) == set(hashes)
    for post_id, revision_hashes in hashes.items():
        assert records[post_id]["revision_hashes"] == revision_hashes
        assert records[post_id]["sha256"] == post_content_sha256(revision_hashes)
    call_command("verify_audit_chain")
