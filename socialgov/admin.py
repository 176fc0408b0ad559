"""The outbox in the admin, read-only: operators see what waits for the broker and since when (issue 19.1)."""

from django.contrib import admin
from django.utils import timezone

from . import outbox
from .models import Heartbeat, OutboxMessage


class PendingFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("pending", "Waiting for the broker"), ("sent", "Sent")]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.filter(sent_at__isnull=True)
        if self.value() == "sent":
            return queryset.filter(sent_at__isnull=False)
        return queryset


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["pk", "task", "args", "created_at", "age", "sent_at", "attempts", "last_error"]
    list_filter = [PendingFilter, "task"]
    search_fields = ["task"]
    date_hierarchy = "created_at"

    @admin.display(description="waiting")
    def age(self, obj):
        if obj.sent_at:
            return ""
        return f"{(timezone.now() - obj.created_at).total_seconds():.0f} s"

    def changelist_view(self, request, extra_context=None):
        # Depth and age of what waits, above the list.
        depth = outbox.depth()
        self.message_user(
            request, f"Outbox: {depth['pending']} waiting; the oldest for {depth['oldest_pending_seconds']:.0f} s."
        )
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
