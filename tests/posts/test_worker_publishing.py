"""Webhook publishing by a real Celery worker (filesystem transport, or Redis in the PostgreSQL run)
against a real HTTP server: a failure is retried, and a repeated task records the publication once."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from approvals import services as decisions
from audits.models import AuditEvent
from posts import services
from posts.choices import PostStatus
from posts.models import Post, Publication
from posts.tasks import publish_scheduled_posts_task, publish_to_account_task
from socialgov.celery import app as celery_app
from tests.celery_worker import TASK_SECONDS, wait_for
from tests.conftest import make_account
from tests.posts.conftest import CHECKLIST_DONE, authorize
from tests.posts.platform import Platform, allow_local_services


@pytest.fixture
def fast_retries(monkeypatch):
    # Read by the worker subprocess at start-up: the first retry comes within a second.
    monkeypatch.setenv("PUBLISH_RETRY_BACKOFF_SECONDS", "1")


@pytest.fixture
def platform(settings, monkeypatch):
    allow_local_services(settings, monkeypatch)
    server = Platform()
    yield server
    server.close()


@pytest.fixture
def to_worker(worker):
    """Tasks sent by the code under test go to the test worker's own queue."""
    was = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = worker.queue
    yield worker
    celery_app.conf.task_default_queue = was


def approved_webhook_post(department, chief, pio, supervisor, platform, publish_at=None):
    account = make_account(
        department,
        "OakleyX",
        approved_by=chief,
        platform="x",
        channel="webhook",
        webhook_url=platform.url,
        webhook_secret="s3cret",
        **CHECKLIST_DONE,
    )
    authorize(chief, pio, account)
    post = services.create_post(
        by=pio, category="traffic", accounts=[account], body="Hwy 4 closed at Main St.", publish_at=publish_at
    )
    decisions.submit(by=pio, post=post)
    decisions.approve(by=supervisor, post=post)
    return post, account


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_retries_a_failed_publication_and_records_it_once(
    fast_retries, platform, to_worker, department, chief, pio, supervisor
):
    post, account = approved_webhook_post(department, chief, pio, supervisor, platform)
    platform.status = 503
    services.publish(by=pio, post=post)  # the task is sent when the transaction commits

    wait_for(
        lambda: Post.objects.get(pk=post.pk).publish_error,
        timeout=TASK_SECONDS,
        what="the failed attempt to be shown on the post",
        on_timeout=to_worker.output,
    )
    assert Post.objects.get(pk=post.pk).status == PostStatus.APPROVED
    platform.status = 200
    wait_for(
        lambda: Post.objects.get(pk=post.pk).status == PostStatus.PUBLISHED,
        timeout=TASK_SECONDS,
        what="the retry to publish the post",
        on_timeout=to_worker.output,
    )
    attempts = len(platform.received)
    assert attempts >= 2

    # The same task again (a redelivery, a second click): nothing more is sent or recorded.
    publish_to_account_task.apply_async((post.pk, account.pk), queue=to_worker.queue)
    wait_for(
        lambda: (
            to_worker.output().count("publish_to_account_task") >= attempts + 1
            and "skipped: post is published" in to_worker.output()
        ),
        timeout=TASK_SECONDS,
        what="the repeated task to finish",
        on_timeout=to_worker.output,
    )
    assert Publication.objects.filter(post=post).count() == 1
    assert len(platform.received) == attempts
    assert AuditEvent.objects.filter(action="posts.publish", object_id=str(post.pk)).count() == 1
    assert Post.objects.get(pk=post.pk).publish_error == ""
    call_command("verify_audit_chain")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_beat_job_publishes_a_scheduled_post_when_its_time_comes(
    platform, to_worker, department, chief, pio, supervisor
):
    later = timezone.now() + timezone.timedelta(hours=1)
    post, account = approved_webhook_post(department, chief, pio, supervisor, platform, publish_at=later)
    services.publish(by=pio, post=post)
    assert Post.objects.get(pk=post.pk).status == PostStatus.SCHEDULED
    assert publish_scheduled_posts_task.apply().get() == 0  # not yet due
    Post.objects.filter(pk=post.pk).update(publish_at=timezone.now())
    assert publish_scheduled_posts_task.apply().get() == 1
    wait_for(
        lambda: Post.objects.get(pk=post.pk).status == PostStatus.PUBLISHED,
        timeout=TASK_SECONDS,
        what="the scheduled post to be published",
        on_timeout=to_worker.output,
    )
    assert Publication.objects.get(post=post).external_id == "ext-1"
