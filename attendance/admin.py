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


# --- Area hygiene, consumables, service quality -------------------------------------


@admin.register(models.HygieneItem)
class HygieneItemAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "key", "club", "order", "is_active"]
    list_filter = ["club"]


@admin.register(models.Area)
class AreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "club", "responsible", "order", "is_active"]
    list_filter = ["club", "is_active"]
    raw_id_fields = ["responsible"]
    list_select_related = ["club", "responsible"]


class HygieneFailureInline(admin.TabularInline):
    model = models.HygieneFailure
    extra = 0


@admin.register(models.HygieneCheck)
class HygieneCheckAdmin(SimpleHistoryAdmin):
    list_display = ["area", "date", "passed", "responsible", "checked_by"]
    list_filter = ["passed", "area__club"]
    date_hierarchy = "date"
    raw_id_fields = ["area", "responsible", "checked_by"]
    list_select_related = ["area", "responsible", "checked_by"]
    inlines = [HygieneFailureInline]


@admin.register(models.HygieneFailure)
class HygieneFailureAdmin(SimpleHistoryAdmin):
    list_display = ["check_record", "item"]
    raw_id_fields = ["check_record"]
    list_select_related = ["check_record__area", "item"]


@admin.register(models.ConsumableItem)
class ConsumableItemAdmin(SimpleHistoryAdmin):
    """The stock changes only by receiving and issuing (attendance.services.consumables)."""

    list_display = ["name", "unit", "club", "stock", "low_stock_threshold", "is_active"]
    list_filter = ["club", "is_active"]
    readonly_fields = ["stock"]


class _StockMovementAdmin(SimpleHistoryAdmin):
    """Stock movements are read here; they are made on the consumables page, which keeps the stock right."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.StockReceipt)
class StockReceiptAdmin(_StockMovementAdmin):
    list_display = ["item", "quantity", "received_on", "received_by"]
    list_filter = ["item__club"]
    date_hierarchy = "received_on"
    list_select_related = ["item", "received_by"]


@admin.register(models.ConsumableIssue)
class ConsumableIssueAdmin(_StockMovementAdmin):
    list_display = ["item", "technician", "quantity", "issued_at", "issued_by"]
    list_filter = ["item__club"]
    date_hierarchy = "issued_at"
    list_select_related = ["item", "technician", "issued_by"]


@admin.register(models.QualityCriterion)
class QualityCriterionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "key", "club", "order", "is_active"]
    list_filter = ["club"]


class ServiceCheckScoreInline(admin.TabularInline):
    model = models.ServiceCheckScore
    extra = 0


@admin.register(models.ServiceCheck)
class ServiceCheckAdmin(SimpleHistoryAdmin):
    list_display = ["technician", "date", "club", "checked_by"]
    list_filter = ["club"]
    date_hierarchy = "date"
    raw_id_fields = ["technician", "checked_by"]
    list_select_related = ["technician", "club", "checked_by"]
    inlines = [ServiceCheckScoreInline]


@admin.register(models.ServiceCheckScore)
class ServiceCheckScoreAdmin(SimpleHistoryAdmin):
    list_display = ["check_record", "criterion", "score"]
    raw_id_fields = ["check_record"]
    list_select_related = ["check_record__technician", "criterion"]


@admin.register(models.CustomerFeedback)
class CustomerFeedbackAdmin(SimpleHistoryAdmin):
    list_display = ["technician", "date", "kind", "club", "recorded_by"]
    list_filter = ["club", "kind"]
    date_hierarchy = "date"
    raw_id_fields = ["technician", "recorded_by"]
    list_select_related = ["technician", "club", "recorded_by"]


# --- Follow-up: attendance talks and the runs of the floor's jobs


@admin.register(models.AttendanceTalk)
class AttendanceTalkAdmin(SimpleHistoryAdmin):
    list_display = ["person", "month", "held_on", "held_by", "follow_up_on", "club"]
    list_filter = ["club"]
    date_hierarchy = "month"
    search_fields = ["person__name"]
    raw_id_fields = ["person", "held_by"]
    list_select_related = ["person", "held_by", "club"]


@admin.register(models.JobRun)
class JobRunAdmin(admin.ModelAdmin):
    """Deleting a run makes the dispatcher run that job again on its next tick (it is idempotent)."""

    list_display = ["club", "job", "period", "ran_at", "summary"]
    list_filter = ["club", "job"]
    date_hierarchy = "period"


@admin.register(models.GroomingFailure)
class GroomingFailureAdmin(admin.ModelAdmin):
    list_display = ["check_record", "item", "note"]
    raw_id_fields = ["check_record"]
    list_select_related = ["check_record__person", "item"]


@admin.register(models.TeamSubmission)
class TeamSubmissionAdmin(SimpleHistoryAdmin):
    list_display = ["sent_by", "date", "club", "received_at", "key"]
    list_filter = ["club"]
    date_hierarchy = "date"
    raw_id_fields = ["sent_by"]
    readonly_fields = ["key", "answer", "received_at"]
