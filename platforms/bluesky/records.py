"""The records socialgov writes to an account's repository: the post (text, facets, images with their alt text)
and, where the department's pack forbids posting by the public (§3xx.5.1), its thread gate.

Each publication's record key is derived from the approved revision (a TID of its time and the account), so a
publishing task run twice writes the same key: the repository refuses the second, and the first is recorded.
"""

from atproto import models
from django.utils import timezone

POST = "app.bsky.feed.post"
THREADGATE = "app.bsky.feed.threadgate"
BASE32_SORTABLE = "234567abcdefghijklmnopqrstuvwxyz"
MAX_IMAGES = 4
MAX_IMAGE_BYTES = 1_000_000  # what Bluesky's AppView accepts for one image


def tid(microseconds: int, clock_id: int) -> str:
    """A timestamp identifier (the AT Protocol's record key for posts): 53 bits of microseconds since the epoch
    and 10 bits of clock id, in base32-sortable, 13 characters."""
    value = ((microseconds & ((1 << 53) - 1)) << 10) | (clock_id & 0x3FF)
    return "".join(BASE32_SORTABLE[(value >> shift) & 31] for shift in range(60, -1, -5))


def record_key(revision, account) -> str:
    moment = revision.created_at
    return tid(int(moment.timestamp()) * 1_000_000 + moment.microsecond, account.pk)


def forbids_public_posting(account) -> bool:
    """Whether the department's pack requires public posting to be off on its pages (§3xx.5.1)."""
    optional = {
        item["key"] for item in account.department.policy.get("page_requirements", []) if item.get("required") is False
    }
    return "public_posting_disabled" not in optional and not account.is_covert


def post_url(handle: str, uri: str) -> str:
    return f"https://bsky.app/profile/{handle}/post/{uri.rsplit('/', 1)[-1]}"


def images_embed(client_call, client, media) -> models.AppBskyEmbedImages.Main | None:
    """Upload each image as a blob and embed it with its alt text."""
    images = []
    for attachment in media:
        with attachment.file.open("rb") as file:
            data = file.read()
        blob = client_call(client.upload_blob, data).blob
        images.append(models.AppBskyEmbedImages.Image(alt=attachment.alt_text, image=blob))
    return models.AppBskyEmbedImages.Main(images=images) if images else None


def post_record(text: str, facets, embed) -> models.AppBskyFeedPost.Record:
    return models.AppBskyFeedPost.Record(
        text=text,
        facets=facets or None,
        embed=embed,
        langs=["en"],
        created_at=timezone.now().isoformat().replace("+00:00", "Z"),
    )


def threadgate_record(uri: str) -> models.AppBskyFeedThreadgate.Record:
    """Nobody may reply (an empty allow list)."""
    return models.AppBskyFeedThreadgate.Record(
        post=uri, allow=[], created_at=timezone.now().isoformat().replace("+00:00", "Z")
    )
