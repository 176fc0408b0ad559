"""A capture run survives the death of its worker (issue 12.2): a real Celery worker is killed inside a page of
the listing, a new one resumes from the stored cursor, and every post is kept exactly once."""

from uuid import uuid4

import pytest

from platforms.models import CapturedPost, CapturedPostVersion, Connection
from platforms.tasks import capture_account_task
from posts.models import ContentReport
from socialgov.celery import app as celery_app
from tests.celery_worker import TASK_SECONDS, wait_for

from .helpers import post_directly

POSTS = 3


@pytest.fixture
def queue():
    name = f"test-{uuid4().hex[:12]}"
    was = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = name
    yield name
    celery_app.conf.task_default_queue = was


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_killed_capture_worker_is_resumed_by_a_new_one_and_keeps_every_post_once(
    worker_factory, queue, connected, tmp_path
):
    account, pds = connected
    uris = {post_directly(pds, f"Posted outside socialgov, number {n}.") for n in range(POSTS)}
    gate = tmp_path / "gate"
    gate.mkdir()
    local = {"SOCIALGOV_ALLOW_HTTP_SERVICES": "1"}
    first = worker_factory(
        queue,
        include=("tests.platforms.slow_capture",),
        env={**local, "CAPTURE_TEST_HOLD_AT_PAGE": "2", "CAPTURE_TEST_GATE_DIR": str(gate)},
    )
    capture_account_task.apply_async((account.pk,), queue=queue)
    wait_for(
        lambda: (gate / "inside").exists(),
        timeout=TASK_SECONDS,
        what="the first worker to reach the second page's gate",
        on_timeout=first.output,
        interval=0.05,
    )
    first.kill()
    connection = Connection.objects.get()
    assert CapturedPost.objects.count() == 1 and connection.capture_cursor  # the killed page was rolled back

    second = worker_factory(queue, env=local)
    capture_account_task.apply_async((account.pk,), queue=queue)
    wait_for(
        lambda: Connection.objects.get().last_capture_at is not None,
        timeout=TASK_SECONDS,
        what="the second worker to finish the capture",
        on_timeout=second.output,
    )
    assert set(CapturedPost.objects.values_list("uri", flat=True)) == uris
    assert CapturedPostVersion.objects.count() == POSTS and ContentReport.objects.count() == POSTS
    assert not CapturedPost.objects.filter(deleted_at__isnull=False).exists()
    assert Connection.objects.get().capture_cursor == ""
