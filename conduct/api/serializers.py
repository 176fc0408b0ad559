from rest_framework import serializers

from socialgov import limits
from socialgov.query import MAX_ID

from ..choices import PermissionKind, ReviewKind, ReviewOutcome, Validation
from ..models import (
    Candidate,
    ConductReview,
    MemberReport,
    PermissionRequest,
    PolicyAcknowledgment,
    PolicyVersion,
    ReviewEntry,
    VettingInformation,
    VettingRound,
    VettingSearch,
)


def optional_id():
    """A record's id, or nothing: never past a bigint, so a hostile number is a 400, not a database error."""
    return serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=MAX_ID)


class PolicyVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PolicyVersion
        fields = ["version", "sha256", "text", "effective_on"]


class AcknowledgmentSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(source="version.version", read_only=True)
    version_sha256 = serializers.CharField(source="version.sha256", read_only=True)

    class Meta:
        model = PolicyAcknowledgment
        fields = ["id", "member", "version", "version_sha256", "signature", "shown", "shown_sha256", "acknowledged_at"]


class SignPolicySerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    signature = serializers.CharField(max_length=200)


class PendingMemberSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="display_name")
    version = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    pending_since = serializers.DateField()


class PermissionRequestSerializer(serializers.ModelSerializer):
    url = serializers.CharField(read_only=True, help_text="The link, if the member gave one (may be empty).")

    class Meta:
        model = PermissionRequest
        fields = [
            "id",
            "kind",
            "description",
            "platform",
            "url",
            "until",
            "subject_member",
            "requester",
            "status",
            "citation",
            "conditions",
            "expires_on",
            "reason",
            "decided_by",
            "decided_at",
            "created_at",
        ]
        read_only_fields = fields


class PermissionRequestInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PermissionKind.choices)
    description = serializers.CharField(max_length=5000)
    platform = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    until = serializers.DateField()
    subject_member = optional_id()


class GrantSerializer(serializers.Serializer):
    conditions = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    expires_on = serializers.DateField()


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000)


class OptionalReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class ReviewEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewEntry
        fields = ["id", "member", "url", "captured_text", "sha256", "clause", "finding", "recorded_by", "recorded_at"]
        read_only_fields = ["id", "sha256", "recorded_by", "recorded_at"]
        extra_kwargs = {"member": {"read_only": True}}


class ReviewEntryInput(serializers.Serializer):
    url = serializers.URLField(max_length=500)
    captured_text = serializers.CharField(
        required=False, allow_blank=True, default="", trim_whitespace=False, max_length=limits.TEXT
    )
    clause = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    finding = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    member = optional_id()


class ConductReviewSerializer(serializers.ModelSerializer):
    entries = ReviewEntrySerializer(many=True, read_only=True)
    outcome = serializers.CharField(
        read_only=True, help_text='Empty while open; then "no_concern", "counselling" or "internal_affairs".'
    )

    class Meta:
        model = ConductReview
        fields = [
            "id",
            "kind",
            "supervisor",
            "members",
            "seed",
            "sample_size",
            "population",
            "reason",
            "report",
            "status",
            "outcome",
            "findings",
            "opened_at",
            "closed_at",
            "entries",
        ]
        read_only_fields = fields


class ConductReviewInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReviewKind.choices)
    sample_size = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=100_000
    )
    seed = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    report = optional_id()
    members = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False, default=list, max_length=1000
    )


class CloseReviewSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=ReviewOutcome.choices)
    findings = serializers.CharField(max_length=20_000, required=False, allow_blank=True, default="")


class MemberReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = MemberReport
        fields = ["id", "reporter", "supervisor", "subject_member", "url", "description", "status", "created_at"]
        read_only_fields = fields


class MemberReportInput(serializers.Serializer):
    url = serializers.URLField(max_length=500)
    description = serializers.CharField(max_length=5000)
    subject_member = optional_id()


class VettingSearchSerializer(serializers.ModelSerializer):
    check = serializers.CharField(source="check_key", read_only=True)

    class Meta:
        model = VettingSearch
        fields = ["id", "check", "method", "lawful_attested", "attestation", "performed_by", "performed_at"]
        read_only_fields = fields


class VettingInformationSerializer(serializers.ModelSerializer):
    class Meta:
        model = VettingInformation
        fields = ["id", "search", "summary", "source", "validation", "recorded_by", "recorded_at"]
        read_only_fields = fields


class CandidateSerializer(serializers.ModelSerializer):
    searches = VettingSearchSerializer(many=True, read_only=True)
    information = VettingInformationSerializer(many=True, read_only=True)

    class Meta:
        model = Candidate
        fields = ["id", "round", "name", "started_at", "searches", "information"]
        read_only_fields = fields


class CandidateInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)


class VettingRoundSerializer(serializers.ModelSerializer):
    candidates = serializers.SerializerMethodField()

    class Meta:
        model = VettingRound
        fields = ["id", "name", "checklist", "attestation", "created_by", "created_at", "candidates"]
        read_only_fields = ["id", "created_by", "created_at", "candidates"]

    def get_candidates(self, round_) -> list[int]:
        return [candidate.pk for candidate in round_.candidates.all()]


class VettingRoundInput(serializers.Serializer):
    # Blank passes here so that the service names every missing field at once.
    name = serializers.CharField(max_length=200, allow_blank=True)
    checklist = serializers.JSONField()
    attestation = serializers.CharField(max_length=5000, allow_blank=True)


class ChecklistInput(serializers.Serializer):
    checklist = serializers.JSONField()
    attestation = serializers.CharField(max_length=5000, required=False)


class SearchInput(serializers.Serializer):
    check = serializers.CharField(max_length=60)
    method = serializers.CharField(max_length=5000)
    lawful_attested = serializers.BooleanField()


class InformationInput(serializers.Serializer):
    summary = serializers.CharField(max_length=5000)
    source = serializers.CharField(max_length=500)
    validation = serializers.ChoiceField(choices=Validation.choices)
    search = optional_id()
