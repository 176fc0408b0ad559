"""Webhook publishing against a real HTTP server started by the test."""

import hashlib
import hmac
import json

import pytest

from approvals import services as decisions
from audits.models import AuditEvent
from posts import services
from posts.channels import ChannelError
from posts.choices import PostStatus
from posts.models import Post, Publication
from tests.conftest import make_account
from tests.posts.conftest import CHECKLIST_DONE, authorize
from tests.posts.platform import Platform, allow_local_services

pytestmark = pytest.mark.django_db
SECRET = "webhook-test-secret"


@pytest.fixture
def platform(settings, monkeypatch):
    allow_local_services(settings, monkeypatch)
    server = Platform()
    yield server
    server.close()


@pytest.fixture
def webhook_post(department, chief, pio, supervisor, platform):
    account = make_account(
        department,
        "OakleyX",
        approved_by=chief,
        platform="x",
        channel="webhook",
        webhook_url=platform.url,
        webhook_secret=SECRET,
        **CHECKLIST_DONE,
    )
    authorize(chief, pio, account)
    post = services.create_post(by=pio, category="traffic", accounts=[account], body="Hwy 4 closed at Main St.")
    decisions.submit(by=pio, post=post)
    decisions.approve(by=supervisor, post=post)
    return post, account


def test_webhook_failure_leaves_post_approved_with_the_error_then_retry_publishes(webhook_post, platform):
    post, account = webhook_post
    platform.status = 503
    with pytest.raises(ChannelError, match="503"):
        services.publish_to_account(post.pk, account.pk)
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED and "503" in post.publish_error
    platform.status = 200
    assert services.publish_to_account(post.pk, account.pk) == "published"
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED and post.publish_error == ""
    headers, body = platform.received[-1]
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Socialgov-Signature"] == expected
    assert json.loads(body)["sha256"] == post.current_revision.sha256


def test_a_duplicate_task_run_records_the_publication_once(webhook_post, platform):
    post, account = webhook_post
    assert services.publish_to_account(post.pk, account.pk) == "published"
    assert services.publish_to_account(post.pk, account.pk).startswith("skipped")
    assert Publication.objects.filter(post=post).count() == 1
    assert AuditEvent.objects.filter(action="posts.publish", object_id=str(post.pk)).count() == 1
    assert len(platform.received) == 1


def test_publish_through_the_service_sends_the_task_after_commit(
    webhook_post, platform, pio, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from socialgov.celery import app

    was = app.conf.task_always_eager
    app.conf.task_always_eager = True
    post, account = webhook_post
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.publish(by=pio, post=post)
    finally:
        # Put back what it was: left off, later tests in this process would send their tasks to a broker.
        app.conf.task_always_eager = was
    assert Post.objects.get(pk=post.pk).status == PostStatus.PUBLISHED
    assert Publication.objects.get(post=post).external_id == "ext-1"
