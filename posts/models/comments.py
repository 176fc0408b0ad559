"""Public comments left on the department's official pages, captured as records (3xx.7; general policy
IV.A.7, IV.A.9; DESIGN.md "Records": captured comments are a record series of their own).

A comment is captured once and its text never changes afterwards (like a PostRevision): the SHA-256
binds what was captured. Hiding or deleting it on the platform under the page's comment-moderation
notice (general policy IV.A.9) changes only its moderation fields; the record itself is kept.
"""

import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from socialgov import limits

from ..choices import CommentState

# What the capture binds: none of these changes after the comment is captured.
CAPTURED_FIELDS = (
    "department_id",
    "account_id",
    "post_id",
    "platform_comment_id",
    "author_name",
    "text",
    "posted_at",
    "captured_at",
    "captured_by_id",
    "sha256",
)


def comment_sha256(
    *, platform: str, handle: str, platform_comment_id: str, author_name: str, text: str, posted_at
) -> str:
    """The hash of a captured comment: canonical JSON of what the platform showed (sorted keys, UTF-8)."""
    canonical = json.dumps(
        {
            "platform": platform,
            "account": handle,
            "id": platform_comment_id,
            "author": author_name,
            "text": text,
            "posted_at": posted_at.isoformat(),
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


class CapturedCommentQuerySet(models.QuerySet):
    def in_department(self, department):
        return self.filter(department=department)

    def moderated(self):
        return self.filter(state__in=CommentState.moderated())


class CapturedComment(models.Model):
    """A public comment on one of the department's accounts, kept as a public record (3xx.7, general policy
    IV.A.7) whatever the department did with it on the platform under its comment-moderation notice (IV.A.9)."""

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="captured_comments")
    account = models.ForeignKey("posts.SocialAccount", on_delete=models.PROTECT, related_name="captured_comments")
    post = models.ForeignKey(
        "posts.Post",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="captured_comments",
        help_text="The post it was left on; empty for a comment on the page itself.",
    )
    platform_comment_id = models.CharField(max_length=200, help_text="The platform's id of the comment.")
    author_name = models.CharField(max_length=200, help_text="The author's name as the platform showed it.")
    text = models.TextField(max_length=limits.TEXT)
    posted_at = models.DateTimeField()
    captured_at = models.DateTimeField()
    # Empty for a comment capture of a connected account read from the platform (platforms.capture).
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="comments_captured"
    )
    sha256 = models.CharField(max_length=64)
    state = models.CharField(max_length=10, choices=CommentState.choices, default=CommentState.SHOWN)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="comments_moderated"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_reason = models.TextField(max_length=limits.NOTE, blank=True)
    moderation_citation = models.CharField(
        max_length=60, blank=True, help_text="The department's comment-moderation terms the moderation cites."
    )

    objects = CapturedCommentQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_at", "-id"]
        indexes = [models.Index(fields=["department", "state", "posted_at"])]
        constraints = [
            models.UniqueConstraint(fields=["account", "platform_comment_id"], name="one_capture_per_platform_comment")
        ]

    def __str__(self):
        return f"Comment #{self.pk}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values(*CAPTURED_FIELDS).first()
            if stored and any(stored[name] != getattr(self, name) for name in CAPTURED_FIELDS):
                raise ValidationError("A captured comment is never changed; only its moderation is recorded.")
        super().save(*args, **kwargs)

    def compute_sha256(self) -> str:
        return comment_sha256(
            platform=self.account.platform,
            handle=self.account.handle,
            platform_comment_id=self.platform_comment_id,
            author_name=self.author_name,
            text=self.text,
            posted_at=self.posted_at,
        )

    @property
    def is_moderated(self) -> bool:
        return self.state in CommentState.moderated()
