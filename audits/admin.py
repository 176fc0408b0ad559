"""The audit trail in the Django admin: read-only for everyone, superusers included (DESIGN.md "Interfaces")."""

import json

from django.contrib import admin
from django.utils.html import format_html

from .models import AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """No add, change or delete: the trail is append-only and written only by AuditEvent.record."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "created_at",
        "department",
        "actor_name",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "request_id",
        "place",
    ]
    list_display_links = ["id", "created_at"]
    list_filter = [("department", admin.RelatedOnlyFieldListFilter), "action", "created_at"]
    search_fields = ["action", "actor_name", "object_type", "=object_id", "object_repr", "=request_id", "=remote_addr"]
    list_select_related = ["department"]
    # The trail grows without end: skip the unfiltered COUNT(*) on every page.
    show_full_result_count = False
    fields = [
        "id",
        "created_at",
        "department",
        "actor_id",
        "actor_name",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "before_json",
        "after_json",
        "request_id",
        "remote_addr",
        "chain",
        "sequence",
        "sequenced_at",
        "previous_hash",
        "hash",
    ]
    readonly_fields = fields
    change_list_template = "admin/audits/auditevent/change_list.html"

    def changelist_view(self, request, extra_context=None):
        # Pending events are committed but not chained yet (audits.sequencer); the count uses a partial index.
        extra_context = {**(extra_context or {}), "pending": AuditEvent.objects.pending().count()}
        return super().changelist_view(request, extra_context)

    @admin.display(description="place in chain")
    def place(self, event):
        return "pending" if event.is_pending else event.sequence

    def get_queryset(self, request):
        # A department's staff see their own department's events only; system
        # administrators (members of no department) and superusers see all.
        queryset = super().get_queryset(request)
        department_id = getattr(request.user, "department_id", None)
        if request.user.is_superuser or department_id is None:
            return queryset
        return queryset.filter(department_id=department_id)

    @admin.display(description="before")
    def before_json(self, event):
        return _pretty(event.before)

    @admin.display(description="after")
    def after_json(self, event):
        return _pretty(event.after)


def _pretty(value):
    if value is None:
        return "—"
    return format_html("<pre>{}</pre>", json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False))
