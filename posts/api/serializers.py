"""The API's shapes for accounts, posts, incidents, removals and reports.

Serializers only type the input; posts.services decides and writes. Relation
fields accept only what the requester may see (posts.permissions.visible), so
another department's row is answered like one that does not exist. No status
field is writable.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from people.models import Member
from socialgov import limits

from .. import hooks as posts_hooks
from .. import permissions
from ..choices import CommentState
from ..models import (
    CapturedComment,
    ContentReport,
    Incident,
    MediaAttachment,
    Post,
    PostRevision,
    RemovalInvestigation,
    SocialAccount,
)


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """A relation that accepts only rows the requester sees; anything else is "does not exist"."""

    def get_queryset(self):
        user = getattr(self.context.get("request"), "user", None)
        if user is None or not user.is_authenticated:
            return self.queryset.none()
        if self.queryset.model is Member:
            return self.queryset.filter(department_id=user.department_id, department__isnull=False)
        return permissions.visible(user, self.queryset)


class ChecklistSerializer(serializers.Serializer):
    """The page checklist (general policy IV.A; public posting §3xx.5.1)."""

    public_posting_disabled = serializers.BooleanField(required=False)
    introductory_statement = serializers.BooleanField(required=False)
    official_website_link = serializers.BooleanField(required=False)
    contact_information = serializers.BooleanField(required=False)
    visitor_opinion_disclaimer = serializers.BooleanField(required=False)
    comment_moderation_notice = serializers.BooleanField(required=False)
    public_disclosure_notice = serializers.BooleanField(required=False)


class AccountSerializer(serializers.ModelSerializer):
    approved = serializers.BooleanField(source="is_approved", read_only=True)
    checklist = ChecklistSerializer(required=False)
    publishable = serializers.BooleanField(read_only=True)
    monitoring_supervisor = VisibleRelatedField(queryset=Member.objects.all(), required=False, allow_null=True)
    webhook_secret = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=200)

    class Meta:
        model = SocialAccount
        fields = [
            "id",
            "platform",
            "handle",
            "url",
            "kind",
            "approved",
            "approved_at",
            "checklist",
            "publishable",
            "channel",
            "webhook_url",
            "webhook_secret",
            "monitoring_supervisor",
            "character_limit",
        ]
        read_only_fields = ["id", "approved_at", "character_limit"]

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        values.update(values.pop("checklist", {}))
        return values


class MediaSerializer(serializers.ModelSerializer):
    file = serializers.FileField(write_only=True)
    rights_attested = serializers.BooleanField(
        help_text="The uploader attests the department has the right to publish this (general policy IV.B)."
    )

    class Meta:
        model = MediaAttachment
        fields = [
            "id",
            "file",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "rights_attested",
            "credit",
            "alt_text",
            "uploaded_by",
            "created_at",
        ]
        read_only_fields = ["id", "original_name", "content_type", "size", "sha256", "uploaded_by", "created_at"]


class RevisionSerializer(serializers.ModelSerializer):
    """One revision and who wrote it: the author's, or a supervisor's with the reason (issue 17.5)."""

    author = serializers.CharField(source="author.display_name", read_only=True)
    author_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = PostRevision
        fields = ["number", "sha256", "body", "media", "author", "author_id", "edit_reason", "created_at"]
        read_only_fields = fields


class RevisionRefSerializer(serializers.Serializer):
    number = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    sha256 = serializers.CharField()


_PLAIN_FIELDS: dict = {}  # PostSerializer.plain_fields, per serializer class


class PostSerializer(serializers.ModelSerializer):
    body = serializers.CharField(max_length=100_000, trim_whitespace=False)
    accounts = VisibleRelatedField(queryset=SocialAccount.objects.all(), many=True)
    media = VisibleRelatedField(
        queryset=MediaAttachment.objects.all(), many=True, required=False, source="current_revision.media"
    )
    incident = VisibleRelatedField(queryset=Incident.objects.all(), required=False, allow_null=True)
    author = serializers.PrimaryKeyRelatedField(read_only=True)
    author_name = serializers.CharField(source="author.display_name", read_only=True)
    revision = serializers.SerializerMethodField()
    external_url = serializers.SerializerMethodField()
    reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=limits.NOTE,
        help_text="Required when a supervisor edits another member's post: why. Kept with the revision.",
    )

    class Meta:
        model = Post
        fields = [
            "id",
            "body",
            "category",
            "accounts",
            "media",
            "incident",
            "publish_at",
            "status",
            "status_note",
            "author",
            "author_name",
            "revision",
            "external_url",
            "publish_error",
            "submitted_at",
            "published_at",
            "removed_at",
            "created_at",
            "updated_at",
            "reason",
        ]
        read_only_fields = [
            "id",
            "status",
            "status_note",
            "author",
            "publish_error",
            "submitted_at",
            "published_at",
            "removed_at",
            "created_at",
            "updated_at",
        ]

    # The read-only scalar fields the fast path formats with their own field objects (to_representation).
    PLAIN = (
        "id",
        "body",
        "category",
        "publish_at",
        "status",
        "status_note",
        "publish_error",
        "submitted_at",
        "published_at",
        "removed_at",
        "created_at",
        "updated_at",
    )

    def get_fields(self):
        """The fields the apps above add (posts.hooks.api_field: screening's `flags`, approvals' `approvals`),
        after `revision`."""
        fields, added = {}, posts_hooks.api_fields()
        for name, field in super().get_fields().items():
            fields[name] = field
            if name == "revision":
                fields.update(added)
        return fields

    def to_representation(self, post):
        """What DRF's field-by-field walk gives, written out for posts fetched by posts.api.views.detailed_posts:
        their relations are prefetched into lists, so nothing here queries or builds a queryset (issue 18.2); the
        fields the apps above add are written by their own `fast` function (posts.hooks.api_field).
        tests/api/test_query_counts.py holds the two paths to the same answer."""
        if not hasattr(post, "listed_accounts"):
            return super().to_representation(post)
        fields = self.plain_fields()
        plain = {
            name: (None if (value := getattr(post, name)) is None else fields[name].to_representation(value))
            for name in self.PLAIN
        }
        revision = post.current_revision
        answer = {
            "id": plain["id"],
            "body": plain["body"],
            "category": plain["category"],
            "accounts": post.listed_accounts,
            "media": revision.listed_media if revision is not None else [],
            "incident": post.incident_id,
            "publish_at": plain["publish_at"],
            "status": plain["status"],
            "status_note": plain["status_note"],
            "author": post.author_id,
            "author_name": post.author.display_name,
            "revision": self.get_revision(post),
            **posts_hooks.api_fast(post),
            "external_url": post.first_publication_url,
            "publish_error": plain["publish_error"],
            "submitted_at": plain["submitted_at"],
            "published_at": plain["published_at"],
            "removed_at": plain["removed_at"],
            "created_at": plain["created_at"],
            "updated_at": plain["updated_at"],
        }
        if revision is None:
            del answer["media"]  # as DRF skips a non-required field whose source is missing
        return answer

    def plain_fields(self) -> dict:
        """The PLAIN fields' objects, built once per serializer class and process: `self.fields` builds every field
        from the model again (ModelSerializer.get_fields, the related fields' querysets, the apps' added fields),
        about a tenth of a post detail's time (issue 18.2). These fields format a value and keep no state."""
        cached = _PLAIN_FIELDS.get(type(self))
        if cached is None:
            fields = self.fields
            cached = _PLAIN_FIELDS[type(self)] = {name: fields[name] for name in self.PLAIN}
        return cached

    @extend_schema_field(RevisionRefSerializer)
    def get_revision(self, post):
        revision = post.current_revision
        return {"number": revision.number, "sha256": revision.sha256} if revision else None

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_external_url(self, post):
        urls = [p.url for p in post.publications.all() if p.url]
        return urls[0] if urls else None


SEEN_HELP = (
    "Required: the `revision.sha256` you reviewed. If another revision is current the decision is refused "
    "(409), so a stale or replayed decision never lands on text its approver did not read."
)
SEEN_REQUIRED = "Send the revision.sha256 of the text you read: a decision binds the revision its approver read."


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    revision = serializers.CharField(
        max_length=64, help_text=SEEN_HELP, error_messages={"required": SEEN_REQUIRED, "blank": SEEN_REQUIRED}
    )


class RequiredNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000)
    revision = serializers.CharField(
        max_length=64, help_text=SEEN_HELP, error_messages={"required": SEEN_REQUIRED, "blank": SEEN_REQUIRED}
    )


class PublishSerializer(serializers.Serializer):
    url = serializers.URLField(
        required=False,
        max_length=500,
        help_text="The post's URL on the platform, for a post to one account published by hand.",
    )
    urls = serializers.DictField(
        child=serializers.URLField(max_length=500),
        required=False,
        help_text="Account id to URL, for several accounts published by hand.",
    )


class RemoveSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000)


class IncidentSerializer(serializers.ModelSerializer):
    commander = VisibleRelatedField(queryset=Member.objects.all())
    pio = VisibleRelatedField(queryset=Member.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Incident
        fields = ["id", "name", "status", "commander", "pio", "opened_by", "opened_at", "closed_by", "closed_at"]
        read_only_fields = ["id", "status", "opened_by", "opened_at", "closed_by", "closed_at"]


class InvestigationSerializer(serializers.ModelSerializer):
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = RemovalInvestigation
        fields = [
            "id",
            "post",
            "report",
            "removed_by",
            "reason",
            "opened_at",
            "cause",
            "findings",
            "resolution",
            "resolved_by",
            "resolved_at",
            "is_open",
        ]
        read_only_fields = fields


class ResolveSerializer(serializers.Serializer):
    cause = serializers.CharField(max_length=5000)
    findings = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    resolution = serializers.CharField(max_length=5000)


class ContentReportSerializer(serializers.ModelSerializer):
    post = VisibleRelatedField(queryset=Post.objects.all(), required=False, allow_null=True)

    class Meta:
        model = ContentReport
        fields = [
            "id",
            "post",
            "url",
            "description",
            "status",
            "action_taken",
            "reporter",
            "found_by",
            "captured_uri",
            "closed_by",
            "closed_at",
            "created_at",
            "removed_at",
            "removal_how",
        ]
        read_only_fields = [
            "id",
            "status",
            "action_taken",
            "reporter",
            "found_by",
            "captured_uri",
            "closed_by",
            "closed_at",
            "created_at",
            "removed_at",
            "removal_how",
        ]


class CloseReportSerializer(serializers.Serializer):
    action_taken = serializers.CharField(max_length=5000)


class OutsideRemovalSerializer(serializers.Serializer):
    """Content socialgov did not publish was removed from public view: how, and when (issue 16.6)."""

    how = serializers.CharField(max_length=2000)
    removed_at = serializers.DateTimeField()


class CapturedCommentSerializer(serializers.ModelSerializer):
    """A captured public comment (3xx.7). Only what the platform showed is written, once; the moderation
    fields change only through the moderate action."""

    account = VisibleRelatedField(queryset=SocialAccount.objects.all())
    post = VisibleRelatedField(
        queryset=Post.objects.all(),
        required=False,
        allow_null=True,
        help_text="The post it was left on; null for a comment on the page itself.",
    )
    platform_comment_id = serializers.CharField(max_length=200)
    author_name = serializers.CharField(max_length=200, allow_blank=True)
    text = serializers.CharField(max_length=100000)
    posted_at = serializers.DateTimeField()
    moderated_by = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    moderated_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = CapturedComment
        fields = [
            "id",
            "account",
            "post",
            "platform_comment_id",
            "author_name",
            "text",
            "posted_at",
            "captured_at",
            "captured_by",
            "sha256",
            "state",
            "moderated_by",
            "moderated_at",
            "moderation_reason",
            "moderation_citation",
        ]
        read_only_fields = [
            "id",
            "captured_at",
            "captured_by",
            "sha256",
            "state",
            "moderated_by",
            "moderated_at",
            "moderation_reason",
            "moderation_citation",
        ]
        # Capturing a comment already captured is not an error: posts.comments returns the record kept.
        validators = []


class ModerateCommentSerializer(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=[CommentState.HIDDEN, CommentState.DELETED],
        help_text="What was done on the platform under the comment-moderation notice.",
    )
    reason = serializers.CharField(max_length=5000)
