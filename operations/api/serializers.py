"""The API's shapes for undercover operations (issue 16.1). Serializers only type the input; operations.services
decides and writes. Relations accept only members of the requester's department and covert accounts they see."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from people.models import Member
from posts.api.serializers import VisibleRelatedField
from posts.models import SocialAccount

from ..models import ExternalPosting, MonitoringEntry, Operation


class MonitoringEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = MonitoringEntry
        fields = ["id", "author", "note", "created_at"]
        read_only_fields = fields


class ExternalPostingSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExternalPosting
        fields = ["id", "url", "text", "sha256", "recorded_by", "captured_at"]
        read_only_fields = fields


class OperationSerializer(serializers.ModelSerializer):
    """An undercover operation (general policy IV.E.2). A supervisor or the chief posts `name`, `case_number`,
    `monitoring_supervisor`, `members`, `accounts`, `starts_on` and `ends_on`."""

    monitoring_supervisor = VisibleRelatedField(queryset=Member.objects.all())
    members = VisibleRelatedField(queryset=Member.objects.all(), many=True, required=False, write_only=True)
    accounts = VisibleRelatedField(queryset=SocialAccount.objects.all(), many=True)
    assigned = serializers.SerializerMethodField()
    log = MonitoringEntrySerializer(many=True, read_only=True)
    external_postings = ExternalPostingSerializer(many=True, read_only=True)

    class Meta:
        model = Operation
        fields = [
            "id",
            "name",
            "case_number",
            "status",
            "monitoring_supervisor",
            "members",
            "assigned",
            "accounts",
            "starts_on",
            "ends_on",
            "created_by",
            "created_at",
            "approved_by",
            "approved_at",
            "approved_as_designee",
            "closed_by",
            "closed_at",
            "close_note",
            "log",
            "external_postings",
        ]
        read_only_fields = [
            "id",
            "status",
            "created_by",
            "created_at",
            "approved_by",
            "approved_at",
            "approved_as_designee",
            "closed_by",
            "closed_at",
            "close_note",
        ]
        extra_kwargs = {"name": {"max_length": 200}, "case_number": {"max_length": 60}}

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_assigned(self, operation) -> list[dict]:
        return [
            {"member": a.member_id, "assigned_at": a.assigned_at, "ended_at": a.ended_at}
            for a in operation.assignments.all()
        ]


class OperationNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=10_000)


class ExternalPostingInputSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=500)
    text = serializers.CharField(max_length=100_000)
