from django.contrib import admin

from .models import CaseHold, FalsePositiveReport, Flag, RuleBook, RuleSetting


@admin.register(RuleSetting)
class RuleSettingAdmin(admin.ModelAdmin):
    list_display = ["department", "code", "enabled", "severity", "updated_by", "updated_at"]
    list_filter = ["department", "code", "enabled", "severity"]
    # Changes go through the chief's rules API so they are audited and recompiled.
    readonly_fields = [field.name for field in RuleSetting._meta.fields]


@admin.register(CaseHold)
class CaseHoldAdmin(admin.ModelAdmin):
    list_display = ["case_number", "department", "created_by", "created_at", "released_at"]
    list_filter = ["department"]
    search_fields = ["case_number"]
    readonly_fields = [field.name for field in CaseHold._meta.fields]


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["id", "post", "code", "severity", "excerpt", "created_at", "withdrawn_at"]
    list_filter = ["department", "code", "severity"]
    readonly_fields = [field.name for field in Flag._meta.fields]


@admin.register(FalsePositiveReport)
class FalsePositiveReportAdmin(admin.ModelAdmin):
    list_display = ["id", "flag", "reported_by", "created_at"]
    list_filter = ["department"]
    readonly_fields = [field.name for field in FalsePositiveReport._meta.fields]


@admin.register(RuleBook)
class RuleBookAdmin(admin.ModelAdmin):
    list_display = ["department", "version", "updated_at"]
    readonly_fields = [field.name for field in RuleBook._meta.fields]
