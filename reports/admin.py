from django.contrib import admin

from .models import MonthlySnapshot, ReportDelivery


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
