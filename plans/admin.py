from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Plan, PlanStep, Target


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    raw_id_fields = ["team", "person"]


class StepInline(admin.TabularInline):
    model = PlanStep
    extra = 0
    raw_id_fields = ["by"]


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "club", "department", "period", "starts_on", "ends_on", "status", "author"]
    list_filter = ["status", "period", "club"]
    search_fields = ["title"]
    raw_id_fields = ["author", "approver", "decided_by", "parent"]
    inlines = [TargetInline, StepInline]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "metric", "value", "team", "person", "month"]
    raw_id_fields = ["plan", "team", "person"]


@admin.register(PlanStep)
class PlanStepAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "action", "by", "at"]
    raw_id_fields = ["plan", "by"]
