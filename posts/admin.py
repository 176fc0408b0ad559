"""Social media accounts in the Django admin (general policy IV.A, IV.E).

Adding or correcting an account here is audited like any other change
(people.admin.AuditedModelAdmin). Approval is not: only the chief approves an
account, in the app (people.services.approve_account), so approval is read-only here.
Nothing is deleted: the posts, revisions and records of an account are kept (3xx.7).
"""

from django.contrib import admin

from people.admin import AuditedModelAdmin

from .models import SocialAccount


@admin.register(SocialAccount)
class SocialAccountAdmin(AuditedModelAdmin):
    list_display = ["handle", "platform", "kind", "department", "approved_at", "approved_by"]
    list_filter = [("department", admin.RelatedOnlyFieldListFilter), "platform", "kind"]
    search_fields = ["handle", "url"]
    list_select_related = ["department", "approved_by"]
    fields = [
        "department",
        "platform",
        "handle",
        "url",
        "kind",
        "approved_by",
        "approved_at",
        "created_at",
        "updated_at",
    ]
    readonly_fields = ["approved_by", "approved_at", "created_at", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        # An account's department never changes: its posts and authorizations belong to that department.
        if obj is not None:
            return [*self.readonly_fields, "department"]
        return self.readonly_fields
