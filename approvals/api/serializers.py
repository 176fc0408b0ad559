from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from posts.api.serializers import VisibleRelatedField
from posts.models import SocialAccount

from ..models import ApprovalDecision, ApprovalRule, PostRequest


# Named apart from PostSerializer's request body, which the schema calls "PostRequest".
@extend_schema_serializer(component_name="MemberPostRequest")
class PostRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = PostRequest
        fields = ["id", "category", "summary", "status", "requester", "supervisor", "decided_by", "decided_at",
                  "decision_note", "post", "created_at"]
        read_only_fields = ["id", "status", "requester", "supervisor", "decided_by", "decided_at", "decision_note",
                            "post", "created_at"]


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
        fields = ["id", "decision", "approver_basis", "note", "decided_by", "decided_at", "revision", "sha256",
                  "voided_at", "void_reason"]
        read_only_fields = fields
