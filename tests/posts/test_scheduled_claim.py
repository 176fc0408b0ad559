"""Scheduled publishing is claimed (issue 11, STYLE.md §5): the beat job moves a due post from scheduled to
publishing with a conditional update, so a second tick, or a second beat, hands nothing out again."""

import pytest
from django.utils import timezone

from approvals import services as decisions
from audits.models import AuditEvent
from audits.sequencer import request_sequencing
from posts import services
from posts.choices import PostStatus
from posts.models import Post
from posts.tasks import publish_scheduled_posts_task
from socialgov.errors import InvalidTransition
from tests.conftest import make_account
from tests.posts.conftest import CHECKLIST_DONE, authorize

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled(department, chief, pio, supervisor):
    account = make_account(
        department,
        "OakleyX",
        approved_by=chief,
        platform="x",
        channel="webhook",
        webhook_url="https://platform.invalid/hook",
        webhook_secret="s3cret",
        **CHECKLIST_DONE,
    )
    authorize(chief, pio, account)
    post = services.create_post(
        by=pio,
        category="traffic",
        accounts=[account],
        body="Hwy 4 closed at Main St.",
        publish_at=timezone.now() + timezone.timedelta(hours=1),
    )
    decisions.submit(by=pio, post=post)
    decisions.approve(by=supervisor, post=post)
    services.publish(by=pio, post=post)
    assert Post.objects.get(pk=post.pk).status == PostStatus.SCHEDULED
    return post


def test_a_second_beat_tick_hands_out_nothing(scheduled, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as handed_out:
        assert publish_scheduled_posts_task.apply().get() == 0  # not yet due
    assert handed_out == []
    Post.objects.filter(pk=scheduled.pk).update(publish_at=timezone.now())

    with django_capture_on_commit_callbacks() as handed_out:
        assert publish_scheduled_posts_task.apply().get() == 1
    # One publishing task for its one account, sent when the claim commits (beside, on PostgreSQL, the request
    # to chain the claim's audit event: audits.sequencer).
    handed_out = [callback for callback in handed_out if callback is not request_sequencing]
    assert len(handed_out) == 1
    assert Post.objects.get(pk=scheduled.pk).status == PostStatus.PUBLISHING
    assert AuditEvent.objects.filter(action="posts.publishing", object_id=str(scheduled.pk)).count() == 1

    with django_capture_on_commit_callbacks() as handed_out:
        assert publish_scheduled_posts_task.apply().get() == 0
    assert handed_out == []
    assert services.claim_scheduled_post(scheduled.pk) is None
    assert AuditEvent.objects.filter(action="posts.publishing", object_id=str(scheduled.pk)).count() == 1


def test_a_post_being_published_cannot_be_edited(scheduled, pio):
    Post.objects.filter(pk=scheduled.pk).update(publish_at=timezone.now())
    services.claim_scheduled_post(scheduled.pk)
    with pytest.raises(InvalidTransition):
        services.edit_post(by=pio, post=Post.objects.get(pk=scheduled.pk), body="Hwy 4 open again.")
