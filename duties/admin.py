from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Checklist, ChecklistItem, Duty, DutyVersion


class DutyVersionInline(admin.TabularInline):
    model = DutyVersion
    extra = 0
    fields = ["number", "cadence", "text_zh_hans", "text_zh_hant", "text_en", "evidence", "created_by", "created_at"]
    readonly_fields = fields  # versions are made by the catalogue editor, never changed after


@admin.register(Duty)
class DutyAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "club", "position", "order", "is_active"]
    list_filter = ["club", "position", "is_active"]
    list_select_related = ["club", "current"]
    raw_id_fields = ["current"]
    inlines = [DutyVersionInline]


@admin.register(DutyVersion)
class DutyVersionAdmin(admin.ModelAdmin):
    list_display = ["duty", "number", "cadence", "created_at"]
    list_select_related = ["duty__current"]
    raw_id_fields = ["duty", "created_by"]


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0
    raw_id_fields = ["duty", "duty_version", "ticked_by"]


@admin.register(Checklist)
class ChecklistAdmin(SimpleHistoryAdmin):
    list_display = ["person", "cadence", "period_start", "period_end", "signed_off_at"]
    list_filter = ["club", "cadence"]
    date_hierarchy = "period_start"
    raw_id_fields = ["person", "signed_off_by"]
    list_select_related = ["person"]
    inlines = [ChecklistItemInline]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(SimpleHistoryAdmin):
    list_display = ["checklist", "state", "ticked_at"]
    list_filter = ["state"]
    raw_id_fields = ["checklist", "duty", "duty_version", "ticked_by"]
    list_select_related = ["checklist__person", "duty_version"]
