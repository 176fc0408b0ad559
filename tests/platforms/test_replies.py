"""Replies on the department's posts (issue 12.2, 12.4), read through the Bluesky AppView of the local network:
each is kept as a captured comment of the right post, and one deleted on the platform is recorded as deleted with
its text kept. The AppView needs PostgreSQL: these tests run where DATABASE_URL is PostgreSQL."""

import pytest
from atproto import models

from platforms import capture, connections
from platforms.models import CapturedPost
from posts import services
from posts.choices import CommentState
from posts.models import CapturedComment, Publication
from tests.celery_worker import wait_for

from .devnet import new_account
from .helpers import approved_post

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
INDEXED_SECONDS = 30


def reply(author, parent_uri: str, parent_cid: str, text: str) -> str:
    ref = {"uri": parent_uri, "cid": parent_cid}
    return author.client.com.atproto.repo.create_record(
        models.ComAtprotoRepoCreateRecord.Data(
            repo=author.did,
            collection="app.bsky.feed.post",
            record={
                "$type": "app.bsky.feed.post",
                "text": text,
                "createdAt": "2026-12-07T10:05:00.000Z",
                "reply": {"root": ref, "parent": ref},
            },
        )
    ).uri


def test_a_reply_is_captured_as_a_comment_of_its_post_and_its_deletion_is_recorded(
    committed, chief, pio, supervisor, bluesky_account, devnet_appview, settings, api
):
    settings.SOCIALGOV_ALLOW_HTTP_SERVICES = True
    department_account = new_account(devnet_appview, "oakleypd")
    connections.connect(
        by=chief,
        account=bluesky_account,
        service=devnet_appview.pds,
        identifier=department_account.handle,
        app_password=department_account.app_password,
    )
    bluesky_account.refresh_from_db()
    # Public replies allowed in this test (a thread gate would refuse them): the pack's item is optional here.
    policy = bluesky_account.department.policy
    policy["page_requirements"] = [
        dict(item, required=False) if item["key"] == "public_posting_disabled" else item
        for item in policy["page_requirements"]
    ]
    bluesky_account.department.save(update_fields=["policy"])
    post = approved_post(
        chief=chief, pio=pio, supervisor=supervisor, account=bluesky_account, body="Coffee with a cop, Saturday 9 am."
    )
    with committed(execute=True):
        services.publish(by=pio, post=post)
    publication = Publication.objects.get(post=post)
    resident = new_account(devnet_appview, "resident")
    reply_uri = reply(resident, publication.external_id, publication.external_cid, "Will there be donuts?")

    def captured_reply():
        capture.capture_account(bluesky_account.pk)
        return CapturedComment.objects.filter(platform_comment_id=reply_uri).first()

    comment = wait_for(captured_reply, timeout=INDEXED_SECONDS, what="the AppView to show the reply", interval=0.5)
    assert comment.post == post and comment.text == "Will there be donuts?" and comment.captured_by is None
    assert resident.handle in comment.author_name and comment.account == bluesky_account
    assert CapturedPost.objects.get(uri=publication.external_id).replies.count() == 1
    answer = api.as_(supervisor).get(f"/api/v1/comments/?account={bluesky_account.pk}").json()
    rows = answer["results"] if isinstance(answer, dict) else answer
    assert [row["platform_comment_id"] for row in rows] == [reply_uri]

    resident.client.com.atproto.repo.delete_record(
        models.ComAtprotoRepoDeleteRecord.Data(
            repo=resident.did, collection="app.bsky.feed.post", rkey=reply_uri.rsplit("/", 1)[-1]
        )
    )

    def recorded_deleted():
        capture.capture_account(bluesky_account.pk)
        comment.refresh_from_db()
        return comment.state == CommentState.DELETED

    wait_for(recorded_deleted, timeout=INDEXED_SECONDS, what="the deletion to reach the AppView", interval=0.5)
    assert comment.text == "Will there be donuts?" and "Deleted on the platform" in comment.moderation_reason
