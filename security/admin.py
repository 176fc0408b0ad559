"""API tokens and sign-ins in the admin: read-only (tokens are made and revoked in the app, which audits it)."""

from axes.models import AccessFailureLog
from django.contrib import admin

from audits.admin import ReadOnlyAdmin

from .models import ApiToken, SignIn


class MemberScopedAdmin(ReadOnlyAdmin):
    """Department staff see their own department's members' rows; superusers and system administrators all."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        department_id = getattr(request.user, "department_id", None)
        if request.user.is_superuser or department_id is None:
            return queryset
        return queryset.filter(member__department_id=department_id)


@admin.register(ApiToken)
class ApiTokenAdmin(MemberScopedAdmin):
    list_display = ["prefix", "member", "name", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_select_related = ["member"]
    exclude = ["key_hash"]


@admin.register(SignIn)
class SignInAdmin(MemberScopedAdmin):
    list_display = ["member", "started_at", "second_factor", "remote_addr", "ended_at"]
    list_select_related = ["member"]
    exclude = ["session_key"]


@admin.register(AccessFailureLog)
class FailedSignInAdmin(ReadOnlyAdmin):
    """Failed sign-ins (django-axes' log, which security.lockout counts), for system administrators only.
    Read-only: an unlock goes through the app (security.services.unlock), which audits it."""

    list_display = ["attempt_time", "username", "ip_address", "path_info", "locked_out"]
    list_filter = ["locked_out"]
    search_fields = ["=username", "=ip_address"]

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self.has_view_permission(request)
