from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from audits.choices import EngagementPlatform
from audits.models import AnnualReview, EngagementImport
from people.models import Member


class DepartmentMemberField(serializers.PrimaryKeyRelatedField):
    """A member of the requester's own department; anyone else "does not exist"."""

    def get_queryset(self):
        user = getattr(self.context.get("request"), "user", None)
        if user is None or not user.is_authenticated or user.department_id is None:
            return Member.objects.none()
        return Member.objects.filter(department_id=user.department_id)


class ReviewSerializer(serializers.ModelSerializer):
    """An annual review (3xx.6). The chief creates one naming the reviewer and the period; nothing about its
    state is writable here: it moves by submit/, acknowledge/ and return/."""

    reviewer = DepartmentMemberField()
    reviewer_name = serializers.CharField(source="reviewer.display_name", read_only=True)
    appointed_by_name = serializers.CharField(source="appointed_by.display_name", read_only=True)
    decided_by_name = serializers.CharField(source="decided_by.display_name", read_only=True, default="")
    links = serializers.SerializerMethodField()

    class Meta:
        model = AnnualReview
        fields = [
            "id",
            "reviewer",
            "reviewer_name",
            "appointed_by",
            "appointed_by_name",
            "appointed_at",
            "period_start",
            "period_end",
            "due_on",
            "status",
            "findings",
            "recommendations",
            "submitted_at",
            "figures_sha256",
            "decided_by",
            "decided_by_name",
            "decided_at",
            "chief_note",
            "links",
        ]
        read_only_fields = [
            "id",
            "appointed_by",
            "appointed_at",
            "status",
            "findings",
            "recommendations",
            "submitted_at",
            "figures_sha256",
            "decided_by",
            "decided_at",
            "chief_note",
        ]

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "string"}})
    def get_links(self, review) -> dict:
        base = f"/api/v1/reviews/{review.pk}/"
        return {"pdf": base + "pdf/", "csv": base + "csv/", "page": f"/reviews/{review.pk}/"}


class ReviewDetailSerializer(ReviewSerializer):
    report = serializers.SerializerMethodField(
        help_text="The compiled figures: frozen at submission, or live for a draft."
    )

    class Meta(ReviewSerializer.Meta):
        fields = [*ReviewSerializer.Meta.fields, "report"]

    @extend_schema_field({"type": "object"})
    def get_report(self, review) -> dict:
        return self.context["report"]


class DraftSerializer(serializers.Serializer):
    findings = serializers.CharField(required=False, allow_blank=True, max_length=50_000)
    recommendations = serializers.CharField(required=False, allow_blank=True, max_length=50_000)


class SubmitSerializer(serializers.Serializer):
    # Blank lets the service answer first for state (409) and permission (403), then name what is missing.
    findings = serializers.CharField(allow_blank=True, max_length=50_000)
    recommendations = serializers.CharField(allow_blank=True, max_length=50_000)


class AcknowledgeSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class ReturnSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, max_length=5000)


class EngagementImportSerializer(serializers.ModelSerializer):
    file = serializers.FileField(write_only=True, help_text="The platform's analytics export, as CSV.")
    platform = serializers.ChoiceField(
        choices=EngagementPlatform.choices,
        required=False,
        allow_blank=True,
        help_text="The platform the export is from; found from the column names when left out.",
    )
    imported_by_name = serializers.CharField(source="imported_by.display_name", read_only=True)

    class Meta:
        model = EngagementImport
        fields = [
            "id",
            "review",
            "platform",
            "file",
            "filename",
            "sha256",
            "rows",
            "matched",
            "skipped",
            "imported_by",
            "imported_by_name",
            "imported_at",
        ]
        read_only_fields = [
            "id",
            "review",
            "filename",
            "sha256",
            "rows",
            "matched",
            "skipped",
            "imported_by",
            "imported_at",
        ]
