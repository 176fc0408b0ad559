from django.core.files.uploadedfile import SimpleUploadedFile

from approvals import services as decisions
from posts import services
from posts.media import upload_media
from tests.api.test_posts import PNG
from tests.posts.conftest import authorize


def approved_post(*, chief, pio, supervisor, account, body, image_alt=None, credit=""):
    """A post drafted by the PIO, screened and approved by the supervisor, ready to publish to `account`."""
    authorize(chief, pio, account)
    media = []
    if image_alt is not None:
        media = [
            upload_media(
                by=pio,
                upload=SimpleUploadedFile("lobby.png", PNG),
                rights_attested=True,
                credit=credit,
                alt_text=image_alt,
            )
        ]
    post = services.create_post(by=pio, category="announcement", accounts=[account], body=body, media=media)
    decisions.submit(by=pio, post=post)
    return decisions.approve(by=supervisor, post=post)


def repo_posts(pds_account) -> dict:
    """The account's posts as its repository holds them: {uri: record value (dict)}."""
    from atproto import models
    from atproto_client.models.utils import get_model_as_dict

    answer = pds_account.client.com.atproto.repo.list_records(
        models.ComAtprotoRepoListRecords.Params(repo=pds_account.did, collection="app.bsky.feed.post", limit=100)
    )
    return {record.uri: get_model_as_dict(record.value) for record in answer.records}


def post_directly(pds_account, text: str, rkey: str | None = None) -> str:
    """Someone with the account's credentials posts on the platform, outside socialgov; answers the URI."""
    from atproto import models

    record = {"$type": "app.bsky.feed.post", "text": text, "createdAt": "2026-12-07T10:00:00.000Z"}
    if rkey:
        answer = pds_account.client.com.atproto.repo.put_record(
            models.ComAtprotoRepoPutRecord.Data(
                repo=pds_account.did, collection="app.bsky.feed.post", rkey=rkey, record=record
            )
        )
    else:
        answer = pds_account.client.com.atproto.repo.create_record(
            models.ComAtprotoRepoCreateRecord.Data(repo=pds_account.did, collection="app.bsky.feed.post", record=record)
        )
    return answer.uri


def delete_directly(pds_account, uri: str) -> None:
    from atproto import models

    pds_account.client.com.atproto.repo.delete_record(
        models.ComAtprotoRepoDeleteRecord.Data(
            repo=pds_account.did, collection="app.bsky.feed.post", rkey=uri.rsplit("/", 1)[-1]
        )
    )
