"""The floor's links in the top navigation, shown only to those who may open them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from staff import access
from staff.models import Role

from .groups import direct_reports
from .locks import may_open_lock_page


def links_for(person):
    """``(label, url)`` pairs for the floor menu."""
    records_people = access.visible_teams(person).exists() or direct_reports(person).exists()
    links = []
    if records_people:
        links.append((_("Team screen"), reverse("attendance:team_day")))
        links.append((_("Roster"), reverse("attendance:roster_week")))
    if access.may_keep_floor_records(person):
        links.append((_("Area hygiene"), reverse("attendance:hygiene_day")))
        links.append((_("Consumables"), reverse("attendance:consumable_list")))
    if access.may_keep_floor_records(person) or person.position == Role.TECHNICIAN:
        links.append((_("Service quality"), reverse("attendance:quality")))
    if access.may_see_floor_figures(person):
        links.append((_("Attendance figures"), reverse("attendance:stats_daily")))
        links.append((_("Follow-up"), reverse("attendance:followup")))
    return links


def club_links_for(person):
    """``(label, url)`` pairs for the club settings menu."""
    links = []
    if access.may_see_club_pages(person):
        links.append((_("Shifts and holidays"), reverse("attendance:shift_list")))
    if may_open_lock_page(person):
        links.append((_("Month lock"), reverse("attendance:month_lock")))
    return links
