"""Posts, their immutable revisions, media and publications (3xx.3, 3xx.4, 3xx.5; general policy IV.B)."""

import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from socialgov import limits

from ..choices import PostStatus, RemovalState
from ..querysets import PostQuerySet


def content_sha256(body: str, media_hashes: list[str]) -> str:
    """The hash an approval binds to: the text byte for byte and every attachment (DESIGN.md lifecycle)."""
    canonical = json.dumps({"body": body, "media": sorted(media_hashes)}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


class Post(models.Model):
    """Content for the department's accounts, in one of the 3xx.4 authorized categories."""

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts")
    category = models.CharField(max_length=40)
    accounts = models.ManyToManyField("posts.SocialAccount", related_name="posts")
    incident = models.ForeignKey(
        "posts.Incident", null=True, blank=True, on_delete=models.PROTECT, related_name="posts"
    )
    publish_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=PostStatus.choices, default=PostStatus.DRAFT, db_index=True)
    current_revision = models.OneToOneField(
        "posts.PostRevision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status_note = models.TextField(
        max_length=limits.NOTE, blank=True, help_text="The last approver's note, or the reason for removal."
    )
    publish_error = models.TextField(max_length=limits.NOTE, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["department", "status", "submitted_at"]),
            # Every list ordering has its index, so a page is read in order and the read stops at its end
            # (issue 18.2): the post list and API (-updated_at), "mine" and an incident's posts.
            models.Index(fields=["department", "-updated_at", "-id"], name="posts_post_department_list"),
            models.Index(fields=["author", "-updated_at", "-id"], name="posts_post_author_list"),
            models.Index(fields=["incident", "created_at", "id"], name="posts_post_incident_list"),
        ]

    def __str__(self):
        return f"Post #{self.pk}"

    def get_absolute_url(self):
        return reverse("posts:detail", args=[self.pk])

    @property
    def body(self) -> str:
        return self.current_revision.body if self.current_revision_id else ""

    @property
    def is_editable(self) -> bool:
        return self.status in PostStatus.editable()

    def category_label(self) -> str:
        for category in self.department.categories:
            if category["key"] == self.category:
                return category["label"]
        return self.category


class PostRevision(models.Model):
    """One version of a post's text and media, never changed once written; approvals bind to its SHA-256."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    body = models.TextField(max_length=limits.POST)
    media = models.ManyToManyField("posts.MediaAttachment", blank=True, related_name="revisions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="post_revisions")
    # Why a supervisor rewrote another member's post (issue 17.5); empty for the author's own revisions.
    edit_reason = models.TextField(max_length=limits.NOTE, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["post", "number"]
        constraints = [models.UniqueConstraint(fields=["post", "number"], name="unique_revision_number")]

    def __str__(self):
        return f"Post #{self.post_id} revision {self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("A post revision is never changed; write a new revision instead.")
        super().save(*args, **kwargs)

    def compute_sha256(self) -> str:
        return content_sha256(self.body, [media.sha256 for media in self.media.all()])


def media_path(instance, filename):
    # Stored under the content's hash (posts.media names the file "<sha256>.<ext>").
    return f"posts/{instance.department_id}/{instance.sha256[:2]}/{filename}"


class MediaAttachment(models.Model):
    """An image or video attached to a post, with the uploader's attestation of the right to use it
    and its credit line (general policy IV.B: copyright, trademark and service marks)."""

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="media")
    file = models.FileField(upload_to=media_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    rights_attested = models.BooleanField(
        help_text="The uploader attests the department has the right to publish this (general policy IV.B)."
    )
    credit = models.CharField(max_length=300, blank=True)
    alt_text = models.TextField(
        blank=True,
        max_length=2000,
        help_text="What the image shows, for readers who cannot see it; required before an image is published "
        "through a connected channel.",
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="media")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=models.Q(rights_attested=True), name="media_rights_attested")]

    def __str__(self):
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class Publication(models.Model):
    """A post as it went out to one account: recorded exactly once (unique per post and account)."""

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="publications")
    account = models.ForeignKey("posts.SocialAccount", on_delete=models.PROTECT, related_name="publications")
    revision = models.ForeignKey(PostRevision, on_delete=models.PROTECT, related_name="publications")
    sha256 = models.CharField(max_length=64, help_text="The content hash that went out.")
    channel = models.CharField(max_length=20)
    external_id = models.CharField(max_length=200, blank=True)
    external_cid = models.CharField(
        max_length=200,
        blank=True,
        help_text="The platform's hash of the record that went out (Bluesky's CID), where it gives one.",
    )
    url = models.URLField(max_length=500, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="publications"
    )
    published_at = models.DateTimeField()
    removal_state = models.CharField(max_length=10, choices=RemovalState.choices, default=RemovalState.LIVE)
    removal_error = models.TextField(max_length=limits.NOTE, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["post", "account"]
        constraints = [models.UniqueConstraint(fields=["post", "account"], name="one_publication_per_account")]

    def __str__(self):
        return f"Post #{self.post_id} on {self.account}"
