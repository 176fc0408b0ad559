"""Connected accounts and what capture reads from them (issue 12; DESIGN.md "Records").

A `Connection` holds what socialgov needs to act on one account on its platform: the service, the identifier,
the app password and the session tokens, the last two encrypted (platforms.secrets), and where capture stands.

A `CapturedPost` is one post seen on an account (keyed by its platform id, the AT URI on Bluesky). What the
platform showed is kept in its `CapturedPostVersion`s, each with its exact record and SHA-256; a later capture
that sees different content adds a version and never changes one. A post gone from the platform keeps its
versions and gets `deleted_at`.
"""

import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from socialgov import limits


class ConnectionStatus(models.TextChoices):
    CONNECTED = "connected", "Connected"
    # The platform refused the app password (revoked, or the account suspended): the chief connects it again.
    BROKEN = "broken", "Broken: connect again"


class Connection(models.Model):
    account = models.OneToOneField("posts.SocialAccount", on_delete=models.CASCADE, related_name="connection")
    service = models.URLField(max_length=300, help_text="The account's server, e.g. https://bsky.social.")
    identifier = models.CharField(max_length=253, help_text="The handle (or e-mail) the app password belongs to.")
    did = models.CharField(max_length=200, help_text="The account's permanent identifier on the platform.")
    handle = models.CharField(max_length=253, blank=True)
    # Encrypted (platforms.secrets); never shown, logged or exported.
    app_password = models.TextField(editable=False)
    session = models.TextField(blank=True, editable=False)
    status = models.CharField(max_length=20, choices=ConnectionStatus.choices, default=ConnectionStatus.CONNECTED)
    error = models.TextField(max_length=limits.NOTE, blank=True)
    connected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    connected_at = models.DateTimeField()
    # Capture (platforms.capture): the repository revision last read whole, the listing's resume point while a
    # run is under way, and the run's number (each post seen in it carries it; one not seen by the end is gone).
    repo_rev = models.CharField(max_length=100, blank=True)
    capture_cursor = models.CharField(max_length=200, blank=True)
    capture_run = models.PositiveIntegerField(default=0)
    reply_run = models.PositiveIntegerField(default=0, help_text="The number of the last reading of the threads.")
    last_capture_at = models.DateTimeField(null=True, blank=True)
    last_capture_error = models.TextField(max_length=limits.NOTE, blank=True)
    capture_retry_at = models.DateTimeField(null=True, blank=True, help_text="The platform asked us to wait.")

    def __str__(self):
        return f"Connection of {self.account}"

    @property
    def is_connected(self) -> bool:
        return self.status == ConnectionStatus.CONNECTED


def record_sha256(*, uri: str, cid: str, author: str, record: dict) -> str:
    """SHA-256 of a captured record: canonical JSON (sorted keys, no spaces, UTF-8) of its id, content id,
    author and the record exactly as the platform returned it."""
    canonical = json.dumps(
        {"uri": uri, "cid": cid, "author": author, "record": record},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


class CapturedPostQuerySet(models.QuerySet):
    def in_department(self, department):
        return self.filter(department=department)


class CapturedPost(models.Model):
    """A post seen on one of the department's connected accounts, kept as a public record (3xx.7)."""

    department = models.ForeignKey("people.Department", on_delete=models.PROTECT, related_name="captured_posts")
    account = models.ForeignKey("posts.SocialAccount", on_delete=models.PROTECT, related_name="captured_posts")
    uri = models.CharField(max_length=300, help_text="The platform's id of the post (an AT URI on Bluesky).")
    url = models.URLField(max_length=500, blank=True)
    author = models.CharField(max_length=200, help_text="The author's platform id (a DID on Bluesky).")
    posted_at = models.DateTimeField(help_text="When the platform says it was posted.")
    captured_at = models.DateTimeField(help_text="When socialgov first captured it.")
    # The latest version's content (the versions keep every one).
    text = models.TextField(max_length=limits.TEXT, blank=True)
    cid = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    deleted_at = models.DateTimeField(null=True, blank=True, help_text="When capture found it gone.")
    seen_in_run = models.PositiveIntegerField(default=0)
    # What it matched: a publication made through socialgov (by platform id and content), or nothing.
    post = models.ForeignKey(
        "posts.Post", null=True, blank=True, on_delete=models.PROTECT, related_name="captured_posts"
    )
    authorized = models.BooleanField(default=False)
    findings = models.JSONField(default=list, blank=True, help_text="What the screener found in its text.")
    report = models.ForeignKey(
        "posts.ContentReport", null=True, blank=True, on_delete=models.PROTECT, related_name="captured_posts"
    )
    deletion_report = models.ForeignKey(
        "posts.ContentReport", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    removal_requested_at = models.DateTimeField(null=True, blank=True)

    objects = CapturedPostQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["account", "uri"], name="one_captured_post_per_uri")]

    def __str__(self):
        return f"Captured post {self.uri}"


class CapturedPostVersion(models.Model):
    """What the platform showed of a captured post at one capture; never changed afterwards."""

    captured_post = models.ForeignKey(CapturedPost, on_delete=models.CASCADE, related_name="versions")
    cid = models.CharField(max_length=200)
    text = models.TextField(max_length=limits.TEXT, blank=True)
    record = models.JSONField(help_text="The record exactly as the platform returned it.")
    sha256 = models.CharField(max_length=64)
    captured_at = models.DateTimeField()

    class Meta:
        ordering = ["captured_at", "id"]
        constraints = [models.UniqueConstraint(fields=["captured_post", "cid"], name="one_version_per_cid")]

    def __str__(self):
        return f"Version {self.cid} of {self.captured_post.uri}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("A captured version is never changed.")
        super().save(*args, **kwargs)


class CapturedReply(models.Model):
    """Which captured post a reply (kept as a posts.CapturedComment) was left on, and the capture run that last saw
    it in the post's thread: a reply not seen in a run that read the thread is gone from the platform."""

    comment = models.OneToOneField("posts.CapturedComment", on_delete=models.CASCADE, related_name="+")
    captured_post = models.ForeignKey(CapturedPost, on_delete=models.CASCADE, related_name="replies")
    seen_in_run = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"Reply {self.comment_id} to {self.captured_post_id}"
