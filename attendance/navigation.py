"""The floor's parts of the kernel's pages (``staff.registry``), registered by ``AttendanceConfig.ready()``.

The menu's Floor drop-down and the club settings links, the Today page's floor panels, the person
page's follow-up, and where a floor notice leads — each shown only to those who may open it.

Today page (orders 10–29 are the floor's): 10 my day (self check-in), 12 my week (a technician's
or customer manager's shift, roster and month), 14 a supervisor's floor (the team screen, late and
absent, grooming, hygiene), 16 a manager's club floor (department heads, technical manager, store
manager), 18 the owner's clubs, 20 low stock. Each reads ``today.py``.
"""

from django.utils.translation import gettext_lazy as _

from kernel.urls import reverse
from staff import access, registry
from staff.context_processors import CLUB_MENU

from .access import may_keep_floor_records, may_read_service_quality, may_receive_stock, may_see_floor_figures
from .groups import records_people
from .locks import may_open_lock_page


def register():
    registry.add_links(order=200, links=links_for, menu=_("Floor"))
    registry.add_links(order=510, links=club_links_for, menu=CLUB_MENU)
    registry.add_today_panel(order=10, template="attendance/_my_day.html", context=my_day)
    registry.add_today_panel(order=12, template="attendance/_today_my_week.html", context=my_week)
    registry.add_today_panel(order=14, template="attendance/_today_supervisor.html", context=supervisor_floor)
    registry.add_today_panel(order=16, template="attendance/_today_club.html", context=club_floor)
    registry.add_today_panel(order=18, template="attendance/_today_clubs.html", context=clubs_floor)
    registry.add_today_panel(order=20, template="attendance/_low_stock.html", context=low_stock)
    registry.add_person_section(order=10, template="attendance/_person_followup.html", context=person_followup)
    registry.add_notice_link(notice_link)
    registry.add_customer_section(order=10, template="attendance/_customer_feedback.html", context=customer_feedback)


def customer_feedback(viewer, customer):
    """A customer's file page (only those who may see the customer open it): the praise and complaints linked to
    them, newest first."""
    from .models import CustomerFeedback

    rows = list(CustomerFeedback.objects.filter(customer=customer, club_id=customer.club_id)
                .select_related("technician").order_by("-date", "-pk")[:20])
    return {"customer_feedback": rows} if rows else None


def links_for(person):
    """``(label, url)`` pairs for the floor menu."""
    links = []
    if records_people(person):
        links.append((_("Team screen"), reverse("attendance:team_day")))
        links.append((_("Roster"), reverse("attendance:roster_week")))
    if may_keep_floor_records(person):
        links.append((_("Area hygiene"), reverse("attendance:hygiene_day")))
        links.append((_("Consumables"), reverse("attendance:consumable_list")))
    if may_read_service_quality(person):
        links.append((_("Service quality"), reverse("attendance:quality")))
    if may_see_floor_figures(person):
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


def my_day(viewer):
    """Check in and out on the Today page, where the club lets people record their own day."""
    from .checkin import today_panel

    panel = today_panel(viewer)
    if not panel:
        return None
    return {"my_day": panel, "today_needs": panel["can_in"] or panel["can_out"]}


def my_week(viewer):
    """Someone who leads nobody (a technician, a customer manager): today's shift, the week's roster, the month so far."""
    from .today import my_week as week

    if access.leads_people(viewer) or not viewer.club_id:
        return None
    return {"floor_week": week(viewer), "today_needs": False}  # it informs; checking in is "my day"'s


def supervisor_floor(viewer):
    """A supervisor: the team screen with recorded / not yet, late and absent, grooming failures, areas to check."""
    from .today import supervisor_today

    if not access.leads_a_team(viewer) or not viewer.club_id:
        return None
    floor = supervisor_today(viewer)
    if not floor.teams:
        return None  # no team yet: the page says whom to ask
    return {"floor_supervisor": floor, "today_urgent": floor.needs_now, "today_needs": floor.needs_now}


def club_floor(viewer):
    """A manager of one club (department heads, the technical manager, the store manager): the club's floor today."""
    from .today import club_today_for

    if not access.is_manager(viewer) or access.sees_every_club(viewer) or not viewer.club_id:
        return None
    floor = club_today_for(viewer)
    if not floor.groups and not floor.total["people"]:
        return None  # nobody on the floor they see
    return {"floor_club": floor, "today_urgent": floor.needs_now, "today_needs": floor.needs_anything}


def clubs_floor(viewer):
    """The owner: every club's floor today on one screen."""
    from .today import clubs_today

    if not access.sees_every_club(viewer):
        return None
    lines = clubs_today(viewer)
    # The owner reads the clubs' day; the people on the floor act on it.
    return {"floor_clubs": lines, "today_needs": False} if lines else None


def low_stock(viewer):
    """The consumables at or below their threshold in the viewer's club: for supervisors, who issue them,
    and for those who receive stock (the store manager, the heads who see the massage floor)."""
    from .models import ConsumableItem

    if not viewer.club_id or not may_keep_floor_records(viewer):
        return None
    if not access.leads_a_team(viewer) and not may_receive_stock(viewer, viewer.club):
        return None
    low = list(ConsumableItem.objects.filter(club_id=viewer.club_id, is_active=True).low())
    return {"low_stock": low, "club_qs": ""} if low else None


def person_followup(viewer, person):
    from .selectors.followup import followup_for_person

    if not person.club_id:
        return None
    followup = followup_for_person(person)
    return {"followup": followup} if followup else None


def notice_link(notice):
    """Where a floor notice leads: the day's team screen, or the month's follow-up."""
    if notice.kind == "nothing_recorded":
        return f"{reverse('attendance:team_day')}?date={notice.date.isoformat()}"
    if notice.kind == "monthly_followup":
        return f"{reverse('attendance:followup')}?month={notice.date:%Y-%m}"
    return ""
