from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Club, Department, Holiday, Notice, Person, Team


@admin.register(Club)
class ClubAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "time_zone", "is_active"]
    search_fields = ["name", "code"]


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["club", "kind"]
    list_filter = ["club", "kind"]


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "club", "department", "supervisor"]
    list_filter = ["club"]
    list_select_related = ["club", "department", "supervisor"]
    raw_id_fields = ["supervisor"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "club", "department", "position", "team", "status"]
    list_filter = ["club", "position", "status"]
    list_select_related = ["club", "department", "team"]
    search_fields = ["name", "phone", "user__username"]
    raw_id_fields = ["user", "reports_to", "team"]


@admin.register(Holiday)
class HolidayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "kind", "name", "club"]
    list_filter = ["club", "kind"]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "date", "read_at"]
    raw_id_fields = ["person"]
