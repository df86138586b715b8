from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Access, Arrival, Contact, Customer, Event, OutsideVisit


@admin.register(Customer)
class CustomerAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "club", "level", "source", "manager", "joined_on", "consent", "anonymised_at"]
    list_filter = ["club", "level", "source"]
    raw_id_fields = ["manager", "event", "created_by"]
    filter_horizontal = ["technicians"]


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ["date", "club", "customer", "by", "kind", "next_due", "next_done"]
    list_filter = ["club", "kind", "next_done"]
    raw_id_fields = ["customer", "by", "next_by"]


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["date", "club", "title", "kind", "owner", "attended", "held"]
    list_filter = ["club", "kind", "held"]


@admin.register(OutsideVisit)
class OutsideVisitAdmin(SimpleHistoryAdmin):
    list_display = ["date", "club", "organisation", "kind", "by"]
    list_filter = ["club", "kind"]


@admin.register(Access)
class AccessAdmin(SimpleHistoryAdmin):
    list_display = ["at", "club", "by", "action", "customer", "rows"]
    list_filter = ["club", "action"]
    raw_id_fields = ["customer", "by"]


@admin.register(Arrival)
class ArrivalAdmin(SimpleHistoryAdmin):
    list_display = ["date", "time", "club", "customer", "receiver", "arrived"]
    list_filter = ["club", "arrived"]
    raw_id_fields = ["customer", "receiver"]
