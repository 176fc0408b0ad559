"""The Bluesky channel (posts.channels interface): publish an approved revision, remove by its AT URI."""

from atproto import models

from posts.channels import ChannelError, Published
from posts.media import with_credits

from ..models import Connection
from . import client as bluesky
from . import records


class RateLimited(ChannelError):
    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


def _channel_error(error: bluesky.PlatformError) -> ChannelError:
    if error.retry_after:
        return RateLimited(str(error), error.retry_after)
    return ChannelError(str(error))


class BlueskyChannel:
    automatic = True

    def __init__(self, account):
        self.account = account

    def _session(self):
        connection = Connection.objects.filter(account=self.account).first()
        if connection is None or not connection.is_connected:
            raise ChannelError(f"{self.account} is not connected: the chief connects it on the account's page.")
        try:
            return connection, bluesky.session_for(connection)
        except bluesky.PlatformError as error:
            raise _channel_error(error) from None

    def publish(self, revision, *, url: str = "") -> Published:
        media = list(revision.media.all())
        if any(not m.is_image for m in media) or len(media) > records.MAX_IMAGES:
            raise ChannelError(f"Bluesky takes up to {records.MAX_IMAGES} images and no video here.")
        if missing := [m.original_name for m in media if not m.alt_text.strip()]:
            raise ChannelError(f"Every image needs its alt text: {', '.join(missing)}.")
        connection, client = self._session()
        rkey = records.record_key(revision, self.account)
        try:
            existing = self._existing(client, connection, rkey)
            if existing is not None:  # a task run before wrote it, then died before recording it
                return Published(
                    external_id=existing.uri, url=records.post_url(connection.handle, existing.uri), cid=existing.cid
                )
            text = with_credits(revision.body, media)
            facets = bluesky.call(client.detect_facets, text)
            embed = records.images_embed(bluesky.call, client, media)
            uri = f"at://{connection.did}/{records.POST}/{rkey}"
            writes = [
                models.ComAtprotoRepoApplyWrites.Create(
                    collection=records.POST, rkey=rkey, value=records.post_record(text, facets, embed)
                )
            ]
            if records.forbids_public_posting(self.account):
                writes.append(
                    models.ComAtprotoRepoApplyWrites.Create(
                        collection=records.THREADGATE, rkey=rkey, value=records.threadgate_record(uri)
                    )
                )
            answer = bluesky.call(
                client.com.atproto.repo.apply_writes,
                models.ComAtprotoRepoApplyWrites.Data(repo=connection.did, writes=writes),
            )
        except bluesky.PlatformError as error:
            raise _channel_error(error) from None
        created = answer.results[0]
        return Published(external_id=created.uri, url=records.post_url(connection.handle, created.uri), cid=created.cid)

    def _existing(self, client, connection, rkey):
        try:
            return client.com.atproto.repo.get_record(
                models.ComAtprotoRepoGetRecord.Params(repo=connection.did, collection=records.POST, rkey=rkey)
            )
        except Exception as error:  # noqa: BLE001 (the SDK's "not found" is a BadRequestError)
            problem = bluesky.describe(error)
            if problem.field or problem.retry_after:
                raise problem from None
            return None

    def remove(self, external_id: str) -> None:
        connection, client = self._session()
        rkey = external_id.rsplit("/", 1)[-1]
        try:
            writes = []
            if self._existing(client, connection, rkey) is not None:
                writes.append(models.ComAtprotoRepoApplyWrites.Delete(collection=records.POST, rkey=rkey))
            if self._gate(client, connection, rkey):
                writes.append(models.ComAtprotoRepoApplyWrites.Delete(collection=records.THREADGATE, rkey=rkey))
            if writes:  # nothing left: it is already gone
                bluesky.call(
                    client.com.atproto.repo.apply_writes,
                    models.ComAtprotoRepoApplyWrites.Data(repo=connection.did, writes=writes),
                )
        except bluesky.PlatformError as error:
            raise _channel_error(error) from None

    def _gate(self, client, connection, rkey) -> bool:
        try:
            client.com.atproto.repo.get_record(
                models.ComAtprotoRepoGetRecord.Params(repo=connection.did, collection=records.THREADGATE, rkey=rkey)
            )
        except Exception as error:  # noqa: BLE001 (not found)
            problem = bluesky.describe(error)
            if problem.field or problem.retry_after:
                raise problem from None
            return False
        return True
