"""The captured comments of the security tests' world (tests/security/world.py).

Oakley: a comment still shown on the published post (`comment`, what the matrix moderates), a comment on the
page itself that a supervisor hid, both captured by the PIO. Azusa: one comment, under the same attribute name.
"""

from datetime import timedelta

from django.utils import timezone

from posts import comments
from posts.models import CapturedComment, comment_sha256


def build(w) -> None:
    """Add to `w` (Oakley) every comment record the matrix rows name."""
    now = timezone.now()
    w.comment, _ = comments.capture_comment(
        by=w.pio,
        account=w.account,
        post=w.published,
        platform_comment_id="fb-1001",
        author_name="Dana Whitcomb",
        text="Thanks for the update on the lobby hours.",
        posted_at=now - timedelta(hours=2),
    )
    w.hidden_comment, _ = comments.capture_comment(
        by=w.pio,
        account=w.account,
        platform_comment_id="fb-1002",
        author_name="Anonymous Visitor",
        text="Buy cheap watches at example.com",
        posted_at=now - timedelta(hours=1),
    )
    comments.moderate_comment(
        by=w.supervisor,
        comment=w.hidden_comment,
        state="hidden",
        reason="Commercial spam, which the comment-moderation notice says will be removed.",
    )


def build_other(w, other) -> None:
    """Add to `other` (Azusa) one comment."""
    now = timezone.now()
    account = w.other_account
    other.comment = CapturedComment.objects.create(
        department=w.other_department,
        account=account,
        platform_comment_id="az-1",
        author_name="Azusa Resident",
        text="Azusa comment.",
        posted_at=now,
        captured_at=now,
        captured_by=w.other_pio,
        sha256=comment_sha256(
            platform=account.platform,
            handle=account.handle,
            platform_comment_id="az-1",
            author_name="Azusa Resident",
            text="Azusa comment.",
            posted_at=now,
        ),
    )


def extra_pages(w) -> list[str]:
    """The moderated comment's page (its moderation shown) and the published post's page (its link), for the
    CSRF and XSS tests."""
    return [f"/comments/{w.hidden_comment.pk}/", f"/comments/?post={w.published.pk}", f"/posts/{w.published.pk}/"]


def fill_with_payload(w, text: str) -> None:
    """Store `text` in every comment text field a page shows (the XSS test)."""
    for comment in CapturedComment.objects.filter(department=w.department):  # the platform id is unique per account
        CapturedComment.objects.filter(pk=comment.pk).update(
            author_name=text[:200],
            text=text,
            platform_comment_id=f"{text[:190]}{comment.pk}",
            moderation_reason=text,
            moderation_citation=text[:60],
        )
