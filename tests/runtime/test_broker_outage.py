"""The broker goes down and comes back (issue 19 acceptance): with Redis stopped, approving a disposition batch,
publishing to a webhook account and asking for a large export each answer at once and show the work as queued;
/healthz answers 503 naming the broker. When Redis, a worker and beat are back, each task runs exactly once within
a minute, the batch completes and its certificate lists the records, and /healthz answers 200.

The broker is a redis-server of the test's own (tests/runtime/services.py); the shared one is never stopped."""

import json
import os
import subprocess
import sys

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from audits.models import AuditEvent
from posts.choices import PostStatus
from posts.models import Post, Publication
from retention import disposition, exports
from retention.choices import BatchStatus, ExportStatus
from retention.models import DispositionBatch, ReportExport
from socialgov.models import OutboxMessage
from tests.celery_worker import BASE_DIR, subprocess_database_url, wait_for
from tests.conftest import make_account
from tests.posts.platform import Platform, allow_local_services
from tests.posts.test_worker_publishing import approved_webhook_post
from tests.retention.conftest import make_posts, with_authority

from .services import PrivateRedis, use_broker

RECORDS = 6
BACK_WITHIN = 60  # seconds: "each task runs exactly once within a minute"


@pytest.fixture
def broker(tmp_path, sent_to_broker):
    """A private Redis this process sends to; the test stops and starts it."""
    server = PrivateRedis(tmp_path)
    server.start()
    was = use_broker(server.url)
    yield server
    use_broker(was)
    server.stop()


@pytest.fixture
def beat(tmp_path, broker):
    """`start()` runs `celery -A socialgov beat` (the deployed DatabaseScheduler) against the private broker."""
    started = []

    def start():
        log = tmp_path / "beat.log"
        env = {
            **os.environ,
            "DATABASE_URL": subprocess_database_url(),
            "REDIS_URL": broker.url,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "PYTHONUNBUFFERED": "1",
        }
        with log.open("w") as out:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "socialgov",
                    "beat",
                    "--loglevel",
                    "INFO",
                    "--pidfile",
                    str(tmp_path / "beat.pid"),
                ],
                cwd=BASE_DIR,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        started.append(process)
        wait_for(
            lambda: process.poll() is not None or "beat: Starting" in log.read_text(),
            timeout=60,
            what="celery beat to start",
            on_timeout=log.read_text,
        )
        assert process.poll() is None, log.read_text()
        return log

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.worker
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_work_asked_for_while_the_broker_is_down_runs_once_when_it_is_back(
    role_groups,
    broker,
    beat,
    worker_factory,
    client,
    settings,
    monkeypatch,
    tmp_path,
    department,
    chief,
    custodian,
    pio,
    supervisor,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    allow_local_services(settings, monkeypatch)
    platform = Platform()
    records_account = make_account(department, "OakleyRecords", approved_by=chief)
    posts = make_posts(department, pio, [records_account], RECORDS)
    batch = disposition.propose(department=department)
    assert batch.record_count == RECORDS
    with_authority(batch)
    post, account = approved_webhook_post(department, chief, pio, supervisor, platform)
    monkeypatch.setattr(exports, "INLINE_ROWS", 0)  # any export is "large": it goes to the job runner

    broker.stop()

    # The broker is down: each request answers at once and its page says the work is queued.
    client.force_login(custodian)
    response = client.post(reverse("retention-batch-approve", args=[batch.pk]), {"note": "Past retention."})
    assert response.status_code == 302, response.content[:500]
    page = client.get(response["Location"]).content.decode()
    assert "Execution queued; it starts as soon as the job runner is back" in page
    assert DispositionBatch.objects.get(pk=batch.pk).status == BatchStatus.APPROVED

    response = client.get(reverse("retention-report-export"), {"format": "csv"})
    assert response.status_code == 302, response.content[:500]
    export = ReportExport.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "Export queued; it starts as soon as the job runner is back" in page

    client.force_login(pio)
    response = client.post(reverse("posts:publish", args=[post.pk]), {})
    assert response.status_code == 302, response.content[:500]
    page = client.get(reverse("posts:detail", args=[post.pk])).content.decode()
    assert "Publishing queued to 1 account; it starts as soon as the job runner is back" in page

    waiting = set(OutboxMessage.objects.pending().values_list("task", flat=True))
    assert {
        "retention.tasks.execute_batch_task",
        "retention.tasks.run_export_task",
        "posts.tasks.publish_to_account_task",
    } <= waiting
    client.logout()
    health = client.get("/healthz")
    assert health.status_code == 503 and "broker" in health.json()["failing"], health.content

    # The broker, a worker and beat come back; beat's sweep hands the outbox to the worker.
    broker.start()
    media = {"MEDIA_ROOT": str(settings.MEDIA_ROOT), "REDIS_URL": broker.url, "SOCIALGOV_ALLOW_HTTP_SERVICES": "1"}
    worker = worker_factory("celery", env=media)
    beat()

    def all_done():
        return (
            DispositionBatch.objects.get(pk=batch.pk).status == BatchStatus.COMPLETED
            and ReportExport.objects.get(pk=export.pk).status == ExportStatus.DONE
            and Post.objects.get(pk=post.pk).status == PostStatus.PUBLISHED
        )

    wait_for(
        all_done, timeout=BACK_WITHIN, what="the queued work to run once the broker is back", on_timeout=worker.output
    )
    assert not OutboxMessage.objects.pending().exists()

    # Each ran exactly once.
    assert AuditEvent.objects.filter(action="retention.batch.start", object_id=str(batch.pk)).count() == 1
    assert AuditEvent.objects.filter(action="retention.batch.complete", object_id=str(batch.pk)).count() == 1
    assert AuditEvent.objects.filter(action="retention.export.complete", object_id=str(export.pk)).count() == 1
    assert Publication.objects.filter(post=post).count() == 1 and len(platform.received) == 1
    platform.close()

    # The certificate lists every record.
    batch = DispositionBatch.objects.get(pk=batch.pk)
    with default_storage.open(batch.certificate.json_file.name, "rb") as handle:
        certificate = json.loads(handle.read())
    assert {record["id"] for record in certificate["records"]} == {p.pk for p in posts}

    health = client.get("/healthz")
    assert health.status_code == 200, health.content
    assert health.json()["checks"]["outbox"]["pending"] == 0
