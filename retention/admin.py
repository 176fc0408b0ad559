"""Records retention in the Django admin: read-only (DESIGN.md "Interfaces").

Schedules, holds, batches and requests change only through retention.services and
retention.disposition, which check the legal minimum and the holds, and write the audit event;
an edit here would do neither. Department staff see their own department's rows.
"""

from django.contrib import admin

from audits.admin import ReadOnlyAdmin

from .models import (
    Certificate,
    DispositionBatch,
    LegalHold,
    RecordSeries,
    RecordsRequest,
    RetentionSchedule,
    Tombstone,
)


class DepartmentScoped(ReadOnlyAdmin):
    department_path = "department"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        department_id = getattr(request.user, "department_id", None)
        if request.user.is_superuser or department_id is None:
            return queryset
        return queryset.filter(**{f"{self.department_path}_id": department_id})


class ScheduleInline(admin.StackedInline):
    model = RetentionSchedule
    can_delete = False
    readonly_fields = ["retention_days", "trigger", "disposition", "note", "updated_by", "updated_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RecordSeries)
class RecordSeriesAdmin(DepartmentScoped):
    list_display = ["name", "key", "department", "record_type"]
    list_filter = [("department", admin.RelatedOnlyFieldListFilter)]
    inlines = [ScheduleInline]


@admin.register(LegalHold)
class LegalHoldAdmin(DepartmentScoped):
    list_display = ["matter", "department", "created_at", "released_at"]
    list_filter = [("department", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["matter", "reason", "requested_by"]


@admin.register(DispositionBatch)
class DispositionBatchAdmin(DepartmentScoped):
    list_display = ["id", "department", "status", "proposed_at", "record_count", "disposed_count", "decided_by"]
    list_filter = ["status", ("department", admin.RelatedOnlyFieldListFilter)]


@admin.register(Tombstone)
class TombstoneAdmin(DepartmentScoped):
    department_path = "series__department"
    list_display = ["id", "series", "record_type", "object_id", "disposition", "disposed_at", "batch", "sha256"]
    list_filter = ["disposition", "record_type"]
    search_fields = ["=object_id", "=sha256"]
    show_full_result_count = False


@admin.register(Certificate)
class CertificateAdmin(DepartmentScoped):
    department_path = "batch__department"
    list_display = ["batch", "issued_at", "json_sha256", "pdf_sha256"]


@admin.register(RecordsRequest)
class RecordsRequestAdmin(DepartmentScoped):
    list_display = ["id", "requester", "department", "received_on", "due_on", "status"]
    list_filter = ["status", ("department", admin.RelatedOnlyFieldListFilter)]
