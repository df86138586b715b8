from django.contrib import admin

from .models import MonthlySnapshot, ReportDelivery, SectionMark, StaleMonth


@admin.register(MonthlySnapshot)
class MonthlySnapshotAdmin(admin.ModelAdmin):
    list_display = ["club", "month", "built_at", "builds", "reason"]
    list_filter = ["club", "month"]
    readonly_fields = ["built_at", "builds"]


@admin.register(ReportDelivery)
class ReportDeliveryAdmin(admin.ModelAdmin):
    list_display = ["month", "person", "club", "email", "status", "attempts", "sent_at", "next_try_at"]
    list_filter = ["status", "month"]
    search_fields = ["person__name", "email"]
    raw_id_fields = ["person", "requested_by"]


class MarkAdmin(admin.ModelAdmin):
    """Read-only: the records' writes keep the marks."""

    list_filter = ["club"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(StaleMonth)
class StaleMonthAdmin(MarkAdmin):
    """Which months' snapshots wait for a rebuild."""

    list_display = ["club", "month", "changed_at"]


@admin.register(SectionMark)
class SectionMarkAdmin(MarkAdmin):
    """When the records of the report page's other sections (customers, the till, plans) last changed, per month."""

    list_display = ["club", "month", "changed_at", "changes"]
