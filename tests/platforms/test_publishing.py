"""Publishing to Bluesky through the channel (issue 12.1), against the local PDS."""

import pytest
from atproto import models
from django.core.exceptions import ValidationError

from platforms.bluesky.channel import BlueskyChannel
from posts import services
from posts.choices import PostStatus, RemovalState
from posts.models import Publication

from .devnet import new_account
from .helpers import approved_post, repo_posts

pytestmark = pytest.mark.django_db


def test_an_approved_post_goes_out_with_its_facets_image_alt_text_credit_and_thread_gate(
    committed, connected, chief, pio, supervisor, devnet
):
    account, pds = connected
    friend = new_account(devnet, "sheriff")
    body = f"Lobby open again. Thanks @{friend.handle}! Details https://oakley.example/lobby #OakleyPD"
    post = approved_post(
        chief=chief,
        pio=pio,
        supervisor=supervisor,
        account=account,
        body=body,
        image_alt="The station's front lobby with its doors open",
        credit="Photo: Officer Reyes",
    )
    with committed(execute=True):
        services.publish(by=pio, post=post)  # the task runs eagerly in the tests
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED, post.publish_error
    publication = Publication.objects.get(post=post)
    assert publication.external_id.startswith(f"at://{pds.did}/app.bsky.feed.post/") and publication.external_cid
    record = repo_posts(pds)[publication.external_id]
    assert record["text"] == f"{body}\n\nCredit: Photo: Officer Reyes"
    encoded = record["text"].encode()
    features = {}
    for facet in record["facets"]:
        feature = facet["features"][0]
        features[feature["$type"]] = (
            encoded[facet["index"]["byteStart"] : facet["index"]["byteEnd"]].decode(),
            feature,
        )
    assert features["app.bsky.richtext.facet#mention"][1]["did"] == friend.did
    assert features["app.bsky.richtext.facet#link"][1]["uri"] == "https://oakley.example/lobby"
    assert features["app.bsky.richtext.facet#tag"][1]["tag"] == "OakleyPD"
    image = record["embed"]["images"][0]
    assert image["alt"] == "The station's front lobby with its doors open"
    # The pack forbids posting by the public (§3xx.5.1): nobody may reply.
    rkey = publication.external_id.rsplit("/", 1)[-1]
    gate = pds.client.com.atproto.repo.get_record(
        models.ComAtprotoRepoGetRecord.Params(repo=pds.did, collection="app.bsky.feed.threadgate", rkey=rkey)
    )
    assert gate.value.allow == [] and gate.value.post == publication.external_id


def test_the_publishing_task_run_twice_creates_one_record(connected, chief, pio, supervisor):
    account, pds = connected
    post = approved_post(chief=chief, pio=pio, supervisor=supervisor, account=account, body="Hwy 4 is open.")
    channel = BlueskyChannel(account)
    first = channel.publish(post.current_revision)
    # A worker that died after the platform took the post and before recording it runs the task again.
    assert channel.publish(post.current_revision) == first
    assert services.publish_to_account(post.pk, account.pk) == "published"
    assert services.publish_to_account(post.pk, account.pk) in ("already published", "skipped: post is published")
    assert list(repo_posts(pds)) == [first.external_id]
    assert Publication.objects.get(post=post).external_id == first.external_id


def test_removal_deletes_the_record(committed, connected, chief, pio, supervisor):
    account, pds = connected
    post = approved_post(chief=chief, pio=pio, supervisor=supervisor, account=account, body="Road closed.")
    with committed(execute=True):
        services.publish(by=pio, post=post)
    uri = Publication.objects.get(post=post).external_id
    assert uri in repo_posts(pds)
    with committed(execute=True):
        services.remove(by=supervisor, post=post, reason="Posted to the wrong account by mistake.")
    assert repo_posts(pds) == {}
    assert Publication.objects.get(post=post).removal_state == RemovalState.REMOVED


def test_the_300_grapheme_limit_is_checked_when_drafting(bluesky_account, chief, pio):
    from tests.posts.conftest import authorize

    authorize(chief, pio, bluesky_account)
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one grapheme, five code points
    services.create_post(by=pio, category="announcement", accounts=[bluesky_account], body=family * 300)
    with pytest.raises(ValidationError) as refused:
        services.create_post(by=pio, category="announcement", accounts=[bluesky_account], body="a" * 301)
    assert refused.value.message_dict["body"] == ["301 characters is too long for: Bluesky @oakleypd.test (300)."]


def test_an_image_without_alt_text_cannot_be_drafted_for_bluesky(bluesky_account, chief, pio):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from posts.media import upload_media
    from tests.api.test_posts import PNG
    from tests.posts.conftest import authorize

    authorize(chief, pio, bluesky_account)
    image = upload_media(by=pio, upload=SimpleUploadedFile("lobby.png", PNG), rights_attested=True)
    with pytest.raises(ValidationError) as refused:
        services.create_post(by=pio, category="announcement", accounts=[bluesky_account], body="Lobby.", media=[image])
    assert "alt text" in refused.value.message_dict["media"][0]
