"""Departments, members, training and authorizations in the Django admin (DESIGN.md "Interfaces").

The admin is for system administrators and the records custodian. It is not a
way around the rules:
- Authorizations are read-only here. They are granted and revoked in the app
  (people.services), which checks 3xx.3 and 3xx.8, keeps the derived guardian
  permissions in step and writes the audit event; an edit here would do none of that.
- What comes from the policy pack (a department's name, sections, categories) is
  read-only; `manage.py load_policy_pack` updates it. Designees are named by the
  chief in the app.
- Every add, change and delete the admin does allow writes an AuditEvent in the
  same transaction (AuditedModelAdmin), so the trail covers the admin too
  (STYLE.md §4). Nothing governed is deleted here: members are deactivated.
- Department staff see only their own department's rows; superusers and system
  administrators (members of no department) see all, as in the audit-trail admin.
"""

import json

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db import models, transaction
from django.utils.html import format_html

from audits.models import AuditEvent

from .models import Authorization, Department, Member, TrainingRecord


def _json_value(value):
    """A form's cleaned value as the audit trail stores it (ids for records, lists for many-to-many)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple | set):
        return sorted(_json_value(item) for item in value)
    return value


def pretty_json(value):
    if value in (None, "", [], {}):
        return "—"
    return format_html("<pre>{}</pre>", json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False))


class AuditedModelAdmin(admin.ModelAdmin):
    """Writes an AuditEvent (actions "admin.<app>.<model>.add|change|delete") for every save and delete.

    `department_path` names the lookup from the model to its department, for
    scoping department staff to their own department's rows.
    """

    department_path = "department"
    # Secrets never go into the trail; that they changed does.
    secret_fields = frozenset({"password", "password1", "password2"})
    # No bulk actions: the only one, bulk delete, would skip the audit trail, and
    # governed records are kept, not deleted (retention, 3xx.7).
    actions = None
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        department_id = getattr(request.user, "department_id", None)
        if request.user.is_superuser or department_id is None or not self.department_path:
            return queryset
        return queryset.filter(**{self.department_path: department_id})

    def has_delete_permission(self, request, obj=None):
        return False

    def _action(self, verb: str) -> str:
        return f"admin.{self.model._meta.app_label}.{self.model._meta.model_name}.{verb}"

    def _department_of(self, obj):
        return obj if isinstance(obj, Department) else None

    @staticmethod
    def _snapshot(obj, fields) -> dict:
        snapshot = {}
        for name in fields:
            field = obj._meta.get_field(name)
            if field.many_to_many:
                snapshot[name] = sorted(getattr(obj, name).values_list("pk", flat=True)) if obj.pk else []
            elif field.is_relation:
                snapshot[name] = getattr(obj, field.attname)
            else:
                snapshot[name] = getattr(obj, name)
        return snapshot

    def save_model(self, request, obj, form, change):
        stored = {field.name for field in obj._meta.get_fields() if field.concrete or field.many_to_many}
        changed = [name for name in form.changed_data if name in stored and name not in self.secret_fields]
        secret_changed = any(name in self.secret_fields for name in form.changed_data)
        before = None
        if change and obj.pk:
            # Read the stored row: `obj` already carries the form's new values. Many-to-many
            # fields are saved after this method returns, so the stored ones are still the old.
            before = self._snapshot(type(obj)._default_manager.get(pk=obj.pk), changed)
        super().save_model(request, obj, form, change)
        after = {name: _json_value(form.cleaned_data.get(name)) for name in changed}
        if secret_changed:
            after["password"] = "(secret)"
        AuditEvent.record(
            actor=request.user,
            action=self._action("change" if change else "add"),
            target=obj,
            department=self._department_of(obj),
            before=before,
            after=after,
        )

    def delete_model(self, request, obj):
        AuditEvent.record(
            actor=request.user,
            action=self._action("delete"),
            target=obj,
            department=self._department_of(obj),
            before={"repr": str(obj)},
        )
        super().delete_model(request, obj)


class ReadOnlyModelAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Department)
class DepartmentAdmin(AuditedModelAdmin):
    """Created and updated from policy packs (`manage.py load_policy_pack NAME`); only its public contacts
    and how long a post may wait for approval before reminders go out are edited here."""

    department_path = "pk"
    list_display = ["name", "slug", "policy_number", "retention_commander_title", "updated_at"]
    search_fields = ["name", "slug"]
    fields = [
        "name",
        "slug",
        "policy_number",
        "policy_title",
        "retention_commander_title",
        "legal_minimum_retention_months",
        "public_phone_numbers",
        "public_emails",
        "approval_limit_hours",
        "designee_names",
        "policy_json",
        "created_at",
        "updated_at",
    ]
    readonly_fields = [
        "name",
        "slug",
        "policy_number",
        "policy_title",
        "retention_commander_title",
        "legal_minimum_retention_months",
        "designee_names",
        "policy_json",
        "created_at",
        "updated_at",
    ]

    def has_add_permission(self, request):
        return False

    @admin.display(description="designees (named by the chief in the app, 3xx.3)")
    def designee_names(self, department):
        return ", ".join(str(d.member) for d in department.designations.filter(revoked_at__isnull=True)) or "—"

    @admin.display(description="policy (from the policy pack)")
    def policy_json(self, department):
        return pretty_json(department.policy)


class TrainingInline(admin.TabularInline):
    model = TrainingRecord
    fk_name = "member"
    fields = ["topic", "completed_on", "expires_on", "recorded_by", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class AuthorizationInline(admin.TabularInline):
    model = Authorization
    fk_name = "member"
    fields = ["starts_on", "expires_on", "granted_by", "revoked_at", "revoke_reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class MemberCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = Member
        fields = ("username",)


class MemberChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = Member


@admin.register(Member)
class MemberAdmin(AuditedModelAdmin, UserAdmin):
    """Members and their roles (groups). Training is recorded and authorizations granted in the app;
    a member who leaves is deactivated, not deleted, so the records they made keep their name."""

    form = MemberChangeForm
    add_form = MemberCreationForm

    list_display = [
        "username",
        "first_name",
        "last_name",
        "rank",
        "badge_number",
        "department",
        "is_active",
        "is_staff",
    ]
    list_filter = [("department", admin.RelatedOnlyFieldListFilter), "groups", "is_active", "is_staff", "is_superuser"]
    search_fields = ["username", "first_name", "last_name", "email", "badge_number"]
    list_select_related = ["department"]
    autocomplete_fields = ["supervisor"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        ("Department", {"fields": ("department", "rank", "badge_number", "division", "supervisor")}),
        ("Roles and access", {"fields": ("is_active", "groups", "is_staff", "is_superuser")}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        (
            "Department",
            {
                "fields": (
                    "department",
                    "first_name",
                    "last_name",
                    "email",
                    "rank",
                    "badge_number",
                    "division",
                    "supervisor",
                    "groups",
                )
            },
        ),
    )
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = ["groups"]
    inlines = [TrainingInline, AuthorizationInline]

    def get_inlines(self, request, obj):
        # A new member has no training or authorizations yet.
        return self.inlines if obj is not None else []

    def user_change_password(self, request, id, form_url=""):
        # Django's password form saves outside save_model; record that the password changed.
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                member = Member.objects.get(pk=id)
                AuditEvent.record(
                    actor=request.user,
                    action=self._action("set_password"),
                    target=member,
                    after={"password": "(secret)"},
                )
        return response


@admin.register(TrainingRecord)
class TrainingRecordAdmin(ReadOnlyModelAdmin):
    """Read-only: training is recorded in the app by a chief or supervisor (3xx.8), with its audit event."""

    list_display = ["member", "topic", "completed_on", "expires_on", "recorded_by"]
    list_filter = ["topic", ("member__department", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["member__username", "member__first_name", "member__last_name"]
    list_select_related = ["member", "recorded_by"]
    date_hierarchy = "completed_on"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        department_id = getattr(request.user, "department_id", None)
        if request.user.is_superuser or department_id is None:
            return queryset
        return queryset.filter(member__department_id=department_id)


@admin.register(Authorization)
class AuthorizationAdmin(ReadOnlyModelAdmin):
    """Read-only: authorizations are granted and revoked in the app (people.services) so that each is
    checked against 3xx.3 and 3xx.8, audited, and the derived posting permissions follow."""

    list_display = ["id", "member", "department", "starts_on", "expires_on", "status_label", "granted_by", "revoked_at"]
    list_filter = [("department", admin.RelatedOnlyFieldListFilter), "starts_on", "expires_on"]
    search_fields = ["member__username", "member__first_name", "member__last_name"]
    list_select_related = ["member", "department", "granted_by"]
    fields = [
        "department",
        "member",
        "account_list",
        "starts_on",
        "expires_on",
        "status_label",
        "granted_by",
        "revoked_at",
        "revoked_by",
        "revoke_reason",
        "created_at",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        department_id = getattr(request.user, "department_id", None)
        if request.user.is_superuser or department_id is None:
            return queryset
        return queryset.filter(department_id=department_id)

    @admin.display(description="status")
    def status_label(self, authorization):
        return authorization.status

    @admin.display(description="accounts")
    def account_list(self, authorization):
        return ", ".join(str(account) for account in authorization.accounts.all()) or "—"
