from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ActionItem, Attendee, Correction, Decision, Meeting, MeetingSeries, Report


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(SimpleHistoryAdmin):
    list_display = ["title", "club", "department", "kind", "frequency", "time", "chair", "is_active"]
    list_filter = ["club", "kind", "frequency", "is_active"]
    list_select_related = ["club", "department__club", "chair"]
    raw_id_fields = ["chair", "people"]
    filter_horizontal = ["teams"]


class AttendeeInline(admin.TabularInline):
    model = Attendee
    extra = 0
    raw_id_fields = ["person", "recorded_by"]


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0
    raw_id_fields = ["created_by"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "club", "starts_at", "status", "chair", "finalised_at"]
    list_filter = ["club", "kind", "status"]
    date_hierarchy = "starts_at"
    list_select_related = ["club", "chair"]
    raw_id_fields = ["series", "chair", "finalised_by", "created_by", "department"]
    inlines = [AttendeeInline, DecisionInline]


@admin.register(Attendee)
class AttendeeAdmin(SimpleHistoryAdmin):
    list_display = ["person", "meeting", "expected", "status"]
    list_filter = ["status", "expected"]
    list_select_related = ["person", "meeting"]
    raw_id_fields = ["meeting", "person", "recorded_by"]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "meeting", "created_at"]
    list_select_related = ["meeting"]
    raw_id_fields = ["meeting", "created_by"]


@admin.register(ActionItem)
class ActionItemAdmin(SimpleHistoryAdmin):
    list_display = ["what", "owner", "due", "status", "series"]
    list_filter = ["status", "club"]
    list_select_related = ["owner", "series"]
    raw_id_fields = ["series", "meeting", "owner", "closed_in", "created_by"]


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "period_start", "period_end", "author", "to", "status"]
    list_filter = ["status", "club"]
    list_select_related = ["meeting", "author", "to"]
    raw_id_fields = ["meeting", "author", "to", "reviewed_by", "department"]


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["meeting", "part", "by", "at"]
    list_select_related = ["meeting", "by"]
    raw_id_fields = ["meeting", "by"]
