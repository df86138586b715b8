from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ApiToken, ClubDay, Entry, TechnicianDay


@admin.register(ClubDay)
class ClubDayAdmin(SimpleHistoryAdmin):
    list_display = ["club", "date", "customers_served", "revenue", "new_members", "revision"]
    list_filter = ["club"]
    date_hierarchy = "date"
    list_select_related = ["club"]
    raw_id_fields = ["entry"]


@admin.register(TechnicianDay)
class TechnicianDayAdmin(SimpleHistoryAdmin):
    list_display = ["person", "club", "date", "services", "requested_services"]
    list_filter = ["club"]
    date_hierarchy = "date"
    list_select_related = ["person", "club"]
    raw_id_fields = ["day", "person", "entry"]


@admin.register(Entry)
class EntryAdmin(SimpleHistoryAdmin):
    list_display = ["club", "source", "by", "token", "at", "file_name", "days", "rows"]
    list_filter = ["club", "source"]
    list_select_related = ["club", "by", "token"]
    raw_id_fields = ["by", "token"]


@admin.register(ApiToken)
class ApiTokenAdmin(SimpleHistoryAdmin):
    list_display = ["name", "club", "prefix", "created_by", "created_at", "revoked_at"]
    list_filter = ["club"]
    readonly_fields = ["prefix"]
    raw_id_fields = ["created_by", "revoked_by"]
