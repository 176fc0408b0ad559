"""The captured posts of the security tests' world (tests/security/world.py): one post captured from Oakley's
account (not authorized, as capture would find a post made outside socialgov) and one from Azusa's."""

from django.utils import timezone

from platforms.models import CapturedPost, CapturedPostVersion, record_sha256


def _captured(department, account, text: str) -> CapturedPost:
    now = timezone.now()
    uri = f"at://did:plc:{account.pk:024d}/app.bsky.feed.post/3lbqtbl3n5k2a"
    record = {"$type": "app.bsky.feed.post", "text": text, "createdAt": now.isoformat()}
    sha256 = record_sha256(uri=uri, cid="bafyrei" + "a" * 52, author=f"did:plc:{account.pk:024d}", record=record)
    captured = CapturedPost.objects.create(
        department=department,
        account=account,
        uri=uri,
        url="https://bsky.app/profile/x/post/3lbqtbl3n5k2a",
        author=f"did:plc:{account.pk:024d}",
        posted_at=now,
        captured_at=now,
        text=text,
        cid="bafyrei" + "a" * 52,
        sha256=sha256,
    )
    CapturedPostVersion.objects.create(
        captured_post=captured, cid=captured.cid, text=text, record=record, sha256=sha256, captured_at=now
    )
    return captured


def build(w) -> None:
    w.captured_post = _captured(w.department, w.account, "Posted outside socialgov.")


def build_other(w, other) -> None:
    other.captured_post = _captured(w.other_department, w.other_account, "Azusa captured post.")


def extra_pages(w) -> list[str]:
    return [f"/accounts/{w.account.pk}/connection/"]


def fill_with_payload(w, text: str) -> None:
    CapturedPost.objects.filter(department=w.department).update(text=text)
