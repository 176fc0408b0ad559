"""A worker killed (SIGKILL, worker and pool) in the middle of a long task (issue 19.4): the task was taken with
acks_late and reject_on_worker_lost, so the broker still holds it; once its visibility timeout passes a new worker
runs it again, and the work is done exactly once. Export, package build (a batch's transfer archive) and publish
here; dispositions in tests/retention/test_worker.py, capture in tests/platforms/test_capture_worker.py.

The broker is Redis (the visibility timeout is Redis's); the test shortens the timeout for its workers."""

import hashlib
import io
import json
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from uuid import uuid4

import pytest
from django.core.files.storage import default_storage

from audits.models import AuditEvent
from posts import services as posts
from posts.choices import PostStatus
from posts.models import Post, Publication
from retention import disposition, exports
from retention.choices import BatchStatus, ExportFormat, ExportStatus
from retention.models import DispositionBatch, ReportExport, TransferArchive
from retention.report import ReportFilters
from socialgov.celery import app as celery_app
from tests.celery_worker import TASK_SECONDS, wait_for
from tests.conftest import make_account
from tests.posts.platform import allow_local_services
from tests.posts.test_worker_publishing import approved_webhook_post
from tests.retention.conftest import make_posts, with_authority

# The killed worker's task goes back to the queue after this; its lease on an export lapses sooner.
REDELIVERY = {
    "CELERY_VISIBILITY_TIMEOUT": "3",
    "CELERY_UNACKED_RESTORE_INTERVAL": "1",
    "RETENTION_EXPORT_LEASE_SECONDS": "2",
}

# The PostgreSQL run is the Redis run (deselected, not skipped, on SQLite: tests/conftest.py).
pytestmark = pytest.mark.postgres


@pytest.fixture
def queue(sent_to_broker):
    name = f"test-{uuid4().hex[:12]}"
    was = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = name
    yield name
    celery_app.conf.task_default_queue = was


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_an_export_whose_worker_is_killed_is_written_once_by_the_next(
    role_groups, worker_factory, queue, settings, tmp_path, department, chief, custodian, pio
):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_posts(department, pio, [make_account(department, "OakleyRecords", approved_by=chief)], 5)
    gate = tmp_path / "gate"
    gate.mkdir()
    env = {"MEDIA_ROOT": str(settings.MEDIA_ROOT), **REDELIVERY}
    first = worker_factory(
        queue,
        include=("tests.runtime.slow_tasks",),
        env={**env, "FAULTS_TEST_GATE": "export", "FAULTS_TEST_GATE_DIR": str(gate)},
    )

    export = exports.create_export(by=custodian, format=ExportFormat.CSV, filters=ReportFilters.parse({}))
    wait_for(
        lambda: (gate / "inside").exists(),
        timeout=TASK_SECONDS,
        what="the first worker to be inside the export",
        on_timeout=first.output,
        interval=0.05,
    )
    first.kill()
    assert ReportExport.objects.get(pk=export.pk).status == ExportStatus.RUNNING

    # No one sends it again: the broker gives the unacknowledged task to the next worker.
    second = worker_factory(queue, env=env)
    wait_for(
        lambda: ReportExport.objects.get(pk=export.pk).status == ExportStatus.DONE,
        timeout=TASK_SECONDS,
        what="the next worker to write the export",
        on_timeout=second.output,
    )
    export = ReportExport.objects.get(pk=export.pk)
    assert AuditEvent.objects.filter(action="retention.export.complete", object_id=str(export.pk)).count() == 1
    with default_storage.open(export.file.name, "rb") as handle:
        content = handle.read()
    assert hashlib.sha256(content).hexdigest() == export.sha256
    # The 5 posts and the audit events so far (the trail is a record series too): every row once, after headings.
    assert export.rows_done >= 5 and export.rows_total == export.rows_done
    assert len(content.decode().strip().splitlines()) == export.rows_done + 1


class HoldingPlatform:
    """A webhook endpoint that holds the first request open (the worker is inside the publish when it is
    killed) and answers every later one at once; it keeps each request's idempotency key."""

    def __init__(self):
        self.keys = []
        self.arrived = threading.Event()
        self.release = threading.Event()
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                platform.keys.append(body["idempotency_key"])
                if len(platform.keys) == 1:
                    platform.arrived.set()
                    platform.release.wait(TASK_SECONDS)
                number = len(platform.keys)
                answer = json.dumps({"id": f"ext-{number}", "url": f"https://x.test/p/{number}"}).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(answer)
                except OSError:
                    pass  # the worker that asked is dead

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_publish_whose_worker_is_killed_is_recorded_once_by_the_next(
    role_groups, worker_factory, queue, settings, monkeypatch, department, chief, pio, supervisor
):
    allow_local_services(settings, monkeypatch)
    platform = HoldingPlatform()
    try:
        post, account = approved_webhook_post(department, chief, pio, supervisor, platform)
        first = worker_factory(queue, env=REDELIVERY)
        posts.publish(by=pio, post=post)  # through the outbox to the first worker
        wait_for(
            platform.arrived.is_set,
            timeout=TASK_SECONDS,
            what="the first worker to be sending the post",
            on_timeout=first.output,
        )
        first.kill()
        platform.release.set()

        second = worker_factory(queue, env=REDELIVERY)
        wait_for(
            lambda: Post.objects.get(pk=post.pk).status == PostStatus.PUBLISHED,
            timeout=TASK_SECONDS,
            what="the next worker to publish the post",
            on_timeout=second.output,
        )
    finally:
        platform.close()
    assert Publication.objects.filter(post=post, account=account).count() == 1
    assert AuditEvent.objects.filter(action="posts.publish", object_id=str(post.pk)).count() == 1
    # Sent twice (the first answer was lost with its worker), with one idempotency key for the platform.
    assert len(platform.keys) == 2 and len(set(platform.keys)) == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_transfer_package_whose_worker_is_killed_is_built_once_and_the_batch_completes(
    role_groups, worker_factory, queue, settings, tmp_path, department, chief, custodian, pio
):
    settings.MEDIA_ROOT = tmp_path / "media"
    published = make_posts(
        department, pio, [make_account(department, "OakleyRecords", approved_by=chief)], 4, status=PostStatus.PUBLISHED
    )  # Oakley transfers published posts to the archive
    batch = disposition.propose(department=department)
    with_authority(batch)
    gate = tmp_path / "gate"
    gate.mkdir()
    env = {"MEDIA_ROOT": str(settings.MEDIA_ROOT), **REDELIVERY}
    first = worker_factory(
        queue,
        include=("tests.runtime.slow_tasks",),
        env={**env, "FAULTS_TEST_GATE": "package", "FAULTS_TEST_GATE_DIR": str(gate)},
    )
    disposition.approve(by=custodian, batch=batch)
    wait_for(
        lambda: (gate / "inside").exists(),
        timeout=TASK_SECONDS,
        what="the first worker to be inside the transfer package",
        on_timeout=first.output,
        interval=0.05,
    )
    first.kill()
    assert not TransferArchive.objects.exists()

    second = worker_factory(queue, env=env)
    wait_for(
        lambda: DispositionBatch.objects.get(pk=batch.pk).status == BatchStatus.COMPLETED,
        timeout=TASK_SECONDS,
        what="the next worker to build the package and complete the batch",
        on_timeout=second.output,
    )
    archive = TransferArchive.objects.get(batch=batch)
    assert AuditEvent.objects.filter(action="retention.batch.transfer_archive", object_id=str(batch.pk)).count() == 1
    with default_storage.open(archive.file.name, "rb") as handle:
        content = handle.read()
    assert hashlib.sha256(content).hexdigest() == archive.sha256
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        manifest = json.loads(package.read("manifest.json"))
    assert manifest["counts"]["posts"] == len(published)
    with default_storage.open(DispositionBatch.objects.get(pk=batch.pk).certificate.json_file.name, "rb") as handle:
        certificate = json.loads(handle.read())
    assert {record["id"] for record in certificate["records"]} == {post.pk for post in published}
