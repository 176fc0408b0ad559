"""The API's shapes for records retention. Serializers only type the input; retention.services and
retention.disposition decide and write. No status field is writable. Relation fields accept only
accounts and posts the requester may see, so another department's are answered like ones that do
not exist."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from people.models import Member
from posts import permissions as post_permissions
from posts.models import Post, SocialAccount
from socialgov import limits
from socialgov.query import MAX_ID

from .. import covert, lawful, services
from ..choices import BatchStatus, Disposition, ExportFormat, ExportStatus, RecordStatus, RecordType, RequestStatus
from ..models import DispositionBatch, DispositionBatchSeries, LegalHold, RecordSeries, RecordsRequest, ReportExport


def _user(field):
    return getattr(field.context.get("request"), "user", None)


class VisibleAccounts(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        user = _user(self)
        return post_permissions.visible(user, SocialAccount.objects.all()) if user else SocialAccount.objects.none()


class VisiblePosts(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        user = _user(self)
        return post_permissions.visible(user, Post.objects.all()) if user else Post.objects.none()


class DepartmentMembers(serializers.PrimaryKeyRelatedField):
    """Members of the asker's department (a hold on their conduct records, issue 15)."""

    def get_queryset(self):
        user = _user(self)
        if user is None or user.department_id is None:
            return Member.objects.none()
        return Member.objects.filter(department_id=user.department_id)


class SeriesSerializer(serializers.ModelSerializer):
    """A record series and its schedule. The records custodian may PATCH `retention_days` (not below the legal
    minimum, which the 400 cites) and `disposition`."""

    record_type = serializers.SerializerMethodField()
    # A thousand years at most: "keep for ever" is the permanent disposition, not a number of days.
    retention_days = serializers.IntegerField(source="schedule.retention_days", min_value=0, max_value=365_250)
    trigger = serializers.CharField(source="schedule.trigger", read_only=True)
    disposition = serializers.ChoiceField(source="schedule.disposition", choices=Disposition.choices)
    note = serializers.CharField(source="schedule.note", read_only=True)
    legal_minimum_days = serializers.SerializerMethodField()
    legal_minimum_citation = serializers.SerializerMethodField()

    class Meta:
        model = RecordSeries
        fields = [
            "id",
            "key",
            "name",
            "record_type",
            "retention_days",
            "trigger",
            "disposition",
            "note",
            "legal_minimum_days",
            "legal_minimum_citation",
        ]
        read_only_fields = ["id", "key", "name"]

    @extend_schema_field(serializers.ChoiceField(choices=[t.slug for t in RecordType]))
    def get_record_type(self, series) -> str:
        return RecordType(series.record_type).slug

    def get_legal_minimum_days(self, series) -> int:
        return services.legal_minimum_days(series.department)

    def get_legal_minimum_citation(self, series) -> str:
        return services.legal_minimum_citation(series.department)


class ScopeFields(serializers.Serializer):
    accounts = VisibleAccounts(many=True, required=False)
    posts = VisiblePosts(many=True, required=False)
    date_from = serializers.DateField(required=False, allow_null=True)
    date_to = serializers.DateField(required=False, allow_null=True)
    keywords = serializers.ListField(child=serializers.CharField(max_length=200), required=False)


class HoldSerializer(ScopeFields, serializers.ModelSerializer):
    """A legal hold: it freezes every record its scope matches, including records made while it is active."""

    active = serializers.BooleanField(source="is_active", read_only=True)
    created_by = serializers.PrimaryKeyRelatedField(read_only=True)
    released_by = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    confirmed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    confirmed_by = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    reconfirm_due_on = serializers.DateField(
        read_only=True, allow_null=True, help_text="When the next re-confirmation is due (null once released)."
    )
    request = serializers.SerializerMethodField()
    members = DepartmentMembers(
        many=True,
        required=False,
        help_text="Members whose conduct records (acknowledgments, permission requests, "
        "reviews of them) the hold covers.",
    )

    class Meta:
        model = LegalHold
        fields = [
            "id",
            "matter",
            "reason",
            "requested_by",
            "accounts",
            "date_from",
            "date_to",
            "keywords",
            "posts",
            "members",
            "active",
            "created_by",
            "created_at",
            "released_at",
            "released_by",
            "release_reason",
            "confirmed_at",
            "confirmed_by",
            "confirmation_note",
            "reconfirm_due_on",
            "request",
        ]
        read_only_fields = ["created_at", "released_at", "release_reason", "confirmation_note"]

    def get_request(self, hold) -> int | None:
        request = getattr(hold, "records_request", None)
        return request.pk if request else None


class RetentionReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=limits.NOTE)


class RetentionNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=limits.NOTE)


class BatchSeriesSerializer(serializers.ModelSerializer):
    series = serializers.CharField(source="series.key", read_only=True)
    name = serializers.CharField(source="series.name", read_only=True)
    record_type = serializers.SerializerMethodField()

    class Meta:
        model = DispositionBatchSeries
        fields = [
            "series",
            "name",
            "record_type",
            "retention_days",
            "trigger",
            "disposition",
            "boundary",
            "record_count",
            "held_count",
            "disposed_count",
            "skipped_count",
            "done",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=[t.slug for t in RecordType]))
    def get_record_type(self, part) -> str:
        return RecordType(part.record_type).slug


class AuthoritySerializer(serializers.Serializer):
    """A batch's authority under Government Code §34090 (issue 16.4), sent as multipart with both documents."""

    resolution_number = serializers.CharField(max_length=60)
    resolution_date = serializers.DateField()
    resolution_document = serializers.FileField()
    counsel_name = serializers.CharField(max_length=200)
    counsel_consent_date = serializers.DateField()
    counsel_document = serializers.FileField()


class BatchSerializer(serializers.ModelSerializer):
    """A disposition batch: records past retention that no hold covered when it was proposed."""

    status = serializers.CharField(read_only=True, help_text=f"One of: {', '.join(BatchStatus.values)}.")

    series = BatchSeriesSerializer(source="parts", many=True, read_only=True)
    certificate = serializers.SerializerMethodField()
    authority = serializers.SerializerMethodField()
    missing = serializers.SerializerMethodField()

    class Meta:
        model = DispositionBatch
        fields = [
            "id",
            "status",
            "cutoff_on",
            "proposed_at",
            "proposed_by",
            "record_count",
            "held_count",
            "decided_by",
            "decided_at",
            "decision_note",
            "started_at",
            "completed_at",
            "disposed_count",
            "skipped_count",
            "series",
            "certificate",
            "authority",
            "missing",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_authority(self, batch) -> dict | None:
        """The resolution, the city attorney's consent and the retention commander's sign-off (issue 16.4)."""
        return lawful.snapshot(getattr(batch, "authority", None))

    def get_missing(self, batch) -> list[str]:
        """What the batch lacks before the custodian may approve it (issue 16.4); empty once it has it all."""
        return lawful.missing(batch) if batch.status == BatchStatus.PROPOSED else []

    def get_certificate(self, batch) -> dict | None:
        certificate = getattr(batch, "certificate", None) if batch.status == "completed" else None
        if certificate is None:
            return None
        url = reverse("api-retention-batch-certificate", args=[batch.pk])
        return {
            "json": f"{url}?as=json",
            "json_sha256": certificate.json_sha256,
            "pdf": f"{url}?as=pdf",
            "pdf_sha256": certificate.pdf_sha256,
            "summary": certificate.summary,
        }


class RequestSerializer(ScopeFields, serializers.ModelSerializer):
    """A public-records or e-discovery request. `due_on` is received plus 10 days, plus any extension
    (California Public Records Act). With `place_hold`, a legal hold on its scope is placed as it is opened."""

    status = serializers.CharField(read_only=True, help_text=f"One of: {', '.join(RequestStatus.values)}.")
    place_hold = serializers.BooleanField(write_only=True, required=False, default=False)
    hold = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    days_left = serializers.SerializerMethodField()
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    created_by = serializers.PrimaryKeyRelatedField(read_only=True)
    covert_records = serializers.SerializerMethodField()

    class Meta:
        model = RecordsRequest
        fields = [
            "id",
            "requester",
            "description",
            "received_on",
            "due_on",
            "extension_days",
            "extension_reason",
            "days_left",
            "overdue",
            "status",
            "accounts",
            "date_from",
            "date_to",
            "keywords",
            "posts",
            "place_hold",
            "hold",
            "created_by",
            "created_at",
            "closed_at",
            "close_note",
            "covert_records",
        ]
        read_only_fields = [
            "due_on",
            "extension_days",
            "extension_reason",
            "status",
            "created_at",
            "closed_at",
            "close_note",
        ]

    def get_days_left(self, request) -> int:
        return request.days_left()

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_covert_records(self, request) -> dict | None:
        """Whether the package includes covert records: the custodian's choice and the chief's approval."""
        return covert.snapshot(getattr(request, "covert_inclusion", None))


class ExtendSerializer(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=services.MAX_EXTENSION_DAYS)
    reason = serializers.CharField(allow_blank=True, max_length=limits.NOTE)


class ExportSerializer(serializers.ModelSerializer):
    """A retention report written by a Celery job; poll it until `status` is "done", then download it."""

    status = serializers.CharField(read_only=True, help_text=f"One of: {', '.join(ExportStatus.values)}.")
    percent = serializers.IntegerField(read_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = ReportExport
        fields = [
            "id",
            "format",
            "filters",
            "status",
            "rows_total",
            "rows_done",
            "percent",
            "download",
            "sha256",
            "error",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_download(self, export) -> str | None:
        return reverse("api-retention-export-download", args=[export.pk]) if export.status == "done" else None


class ReportQuerySerializer(serializers.Serializer):
    """The retention report's query: ?format=csv|xlsx|pdf and the filters."""

    format = serializers.ChoiceField(choices=ExportFormat.choices, default=ExportFormat.CSV)
    series = serializers.CharField(required=False, help_text="Series keys or ids, comma-separated.")
    account = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    date_from = serializers.DateField(required=False, help_text="Trigger date from (inclusive).")
    date_to = serializers.DateField(required=False, help_text="Trigger date to (inclusive).")
    status = serializers.ChoiceField(choices=RecordStatus.choices, required=False)
