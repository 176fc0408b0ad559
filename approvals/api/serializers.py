import functools

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from people.models import Member
from posts.api.serializers import VisibleRelatedField
from posts.models import Incident, MediaAttachment, SocialAccount
from socialgov import limits

from ..choices import GuidelineMedia
from ..models import ApprovalDecision, ApprovalRule, Guideline, PostRequest, PostTemplate


# Named apart from PostSerializer's request body, which the schema calls "PostRequest".
@extend_schema_serializer(component_name="MemberPostRequest")
class PostRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = PostRequest
        fields = [
            "id",
            "category",
            "summary",
            "status",
            "requester",
            "supervisor",
            "decided_by",
            "decided_at",
            "decision_note",
            "post",
            "created_at",
        ]
        read_only_fields = [
            "id",
            "status",
            "requester",
            "supervisor",
            "decided_by",
            "decided_at",
            "decision_note",
            "post",
            "created_at",
        ]


class DecisionNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class DeclineSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000)


class DraftSerializer(serializers.Serializer):
    accounts = VisibleRelatedField(queryset=SocialAccount.objects.all(), many=True)
    body = serializers.CharField(max_length=100_000, trim_whitespace=False)
    category = serializers.CharField(required=False, max_length=40)


class ApprovalRuleSerializer(serializers.ModelSerializer):
    account = VisibleRelatedField(queryset=SocialAccount.objects.all(), required=False, allow_null=True)

    class Meta:
        model = ApprovalRule
        fields = ["id", "category", "account", "approver", "guideline", "created_by", "created_at"]
        read_only_fields = ["id", "created_by", "created_at"]


class DecisionSerializer(serializers.ModelSerializer):
    decided_by = serializers.CharField(source="decided_by.display_name", read_only=True)
    revision = serializers.IntegerField(source="revision.number", read_only=True)

    class Meta:
        model = ApprovalDecision
        fields = [
            "id",
            "decision",
            "approver_basis",
            "note",
            "decided_by",
            "decided_at",
            "revision",
            "sha256",
            "voided_at",
            "void_reason",
        ]
        read_only_fields = fields


class PostTemplateSerializer(serializers.ModelSerializer):
    """A template with named fields for a recurring post (3xx.3); the chief writes it, authors fill it in."""

    fields = serializers.ListField(
        source="field_names",
        child=serializers.CharField(),
        read_only=True,
        help_text="The names of the template's fields, in order.",
    )

    class Meta:
        model = PostTemplate
        fields = ["id", "guideline", "name", "text", "fields", "created_by", "created_at", "retired_at"]
        read_only_fields = ["id", "guideline", "fields", "created_by", "created_at", "retired_at"]
        extra_kwargs = {"text": {"trim_whitespace": False}}


@functools.cache
def _decision_fields():
    return DecisionSerializer().fields


_DECIDER = tuple(f"decided_by__{name}" for name in Member.NAME_FIELDS)
# What decision_data reads of a decision, its approver and its revision, as values() names.
DECISION_VALUES = (
    "id",
    "post_id",
    "decision",
    "approver_basis",
    "note",
    "decided_at",
    "revision__number",
    "sha256",
    "voided_at",
    "void_reason",
    *_DECIDER,
)


def decision_data(row: dict) -> dict:
    """DecisionSerializer's answer for a decision read as DECISION_VALUES, without DRF's per-row walk or a model
    instance (the post API's fast path, issue 18.2)."""
    fields = _decision_fields()

    def formatted(name):
        return None if (value := row[name]) is None else fields[name].to_representation(value)

    return {
        "id": row["id"],
        "decision": formatted("decision"),
        "approver_basis": formatted("approver_basis"),
        "note": formatted("note"),
        "decided_by": Member.name_from(*(row[name] for name in _DECIDER)),
        "decided_at": formatted("decided_at"),
        "revision": row["revision__number"],
        "sha256": formatted("sha256"),
        "voided_at": formatted("voided_at"),
        "void_reason": formatted("void_reason"),
    }


class GuidelineSerializer(serializers.ModelSerializer):
    """The chief's guideline for a category (3xx.3): its text and what makes a post strictly conform."""

    accounts = VisibleRelatedField(
        queryset=SocialAccount.objects.all(),
        many=True,
        required=False,
        help_text="The accounts conforming posts go to; none: every account.",
    )
    approved_media = VisibleRelatedField(queryset=MediaAttachment.objects.all(), many=True, required=False)
    media = serializers.ChoiceField(choices=GuidelineMedia.choices, required=False, default=GuidelineMedia.NONE)
    templates = PostTemplateSerializer(many=True, read_only=True)

    class Meta:
        model = Guideline
        fields = [
            "id",
            "category",
            "text",
            "accounts",
            "media",
            "approved_media",
            "templates",
            "written_by",
            "written_at",
        ]
        read_only_fields = ["id", "templates", "written_by", "written_at"]


class GuidelineChangeSerializer(GuidelineSerializer):
    media = serializers.ChoiceField(choices=GuidelineMedia.choices, required=False)

    class Meta(GuidelineSerializer.Meta):
        read_only_fields = ["id", "category", "templates", "written_by", "written_at"]


class TemplateDraftSerializer(serializers.Serializer):
    """A post written from a template: only its fields filled in (3xx.3)."""

    accounts = VisibleRelatedField(queryset=SocialAccount.objects.all(), many=True)
    fields = serializers.DictField(
        child=serializers.CharField(max_length=limits.NOTE, allow_blank=True),
        help_text="Each of the template's fields by name, filled in.",
    )
    incident = VisibleRelatedField(queryset=Incident.objects.all(), required=False, allow_null=True)
    publish_at = serializers.DateTimeField(required=False, allow_null=True)


class PostSubmitSerializer(serializers.Serializer):
    attests_conformance = serializers.BooleanField(
        required=False,
        default=False,
        help_text="The author attests that this revision strictly conforms to the chief's guideline for its "
        "category (3xx.3); kept in the decision record.",
    )


class ConformanceSerializer(serializers.Serializer):
    """Whether a post strictly conforms to the chief's guideline, and so who may approve it (3xx.3)."""

    guideline = serializers.IntegerField(allow_null=True)
    template = serializers.IntegerField(allow_null=True)
    fields = serializers.DictField(child=serializers.CharField())
    attested_by = serializers.PrimaryKeyRelatedField(queryset=Member.objects.none(), allow_null=True)
    attested_at = serializers.DateTimeField(allow_null=True)
    conforms = serializers.BooleanField()
    why_not = serializers.CharField(allow_blank=True)
    required_approver = serializers.CharField()
