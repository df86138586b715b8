from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models


@admin.register(models.AttendancePolicy)
class AttendancePolicyAdmin(SimpleHistoryAdmin):
    list_display = ["club", "arrival_grace_minutes", "leaving_grace_minutes", "self_check_in"]


@admin.register(models.ShiftTemplate)
class ShiftTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["name", "club", "start", "end", "is_active"]
    list_filter = ["club", "is_active"]


@admin.register(models.RosterEntry)
class RosterEntryAdmin(SimpleHistoryAdmin):
    list_display = ["person", "date", "shift"]
    list_filter = ["person__club"]
    date_hierarchy = "date"
    raw_id_fields = ["person"]
    list_select_related = ["person", "shift"]


@admin.register(models.Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "club"]
    list_filter = ["club", "kind"]


@admin.register(models.Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["person", "date", "status", "late_minutes", "early_minutes", "club"]
    list_filter = ["club", "status"]
    date_hierarchy = "date"
    search_fields = ["person__name"]
    raw_id_fields = ["person", "recorded_by"]
    list_select_related = ["person", "club"]


@admin.register(models.GroomingItem)
class GroomingItemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "key", "club", "applies_to", "order", "is_active"]
    list_filter = ["club"]


class GroomingFailureInline(admin.TabularInline):
    model = models.GroomingFailure
    extra = 0


@admin.register(models.GroomingCheck)
class GroomingCheckAdmin(SimpleHistoryAdmin):
    list_display = ["person", "date", "round", "passed"]
    list_filter = ["passed"]
    date_hierarchy = "date"
    raw_id_fields = ["person", "checked_by"]
    inlines = [GroomingFailureInline]


@admin.register(models.MonthLock)
class MonthLockAdmin(admin.ModelAdmin):
    list_display = ["club", "month", "locked_by", "locked_at"]


@admin.register(models.Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "date", "read_at"]
    raw_id_fields = ["person"]
