"""Navigation by role: only links the signed-in person may open.

``nav_items`` holds dicts: ``{"label", "url"}`` for a plain link, ``{"label", "children"}`` for a
menu of ``(label, url)`` pairs.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from attendance.navigation import club_links_for
from attendance.navigation import links_for as floor_links
from meetings.navigation import links_for as meeting_links
from staff import access
from staff.models import Role
from training.navigation import links_for as training_links


def navigation(request):
    person = getattr(request, "person", None)
    items = []
    if person is None or not person.is_active:
        return {"nav_items": items, "viewer": person}
    items.append({"label": _("Today"), "url": reverse("home")})
    duties = [(_("My checklists"), reverse("duties:my_checklists"))]
    if person.position not in (Role.TECHNICIAN, Role.CUSTOMER_MANAGER):
        duties.append((_("Checklist review"), reverse("duties:review")))
    if access.may_see_club_pages(person):
        duties.append((_("Duty catalogue"), reverse("duties:catalogue")))
    items.append({"label": _("Duties"), "children": duties})
    floor = floor_links(person)
    if floor:
        items.append({"label": _("Floor"), "children": floor})
    training = training_links(person)
    if training:
        items.append({"label": _("Training"), "children": training})
    meetings = meeting_links(person)
    if meetings:
        items.append({"label": _("Meetings"), "children": meetings})
    club = club_links_for(person)
    if access.may_see_club_pages(person):
        club.insert(0, (_("Clubs"), reverse("staff:club_list")))
    if access.may_list_people(person):
        club.insert(1 if club else 0, (_("People"), reverse("staff:person_list")))
    if club:
        items.append({"label": _("Club"), "children": club})
    if person.position in (Role.OWNER, Role.STORE_MANAGER):  # reports: the owner's monthly report
        items.append({"label": _("Monthly report"), "url": reverse("reports:index")})
    items.append({"label": _("Notices"), "url": reverse("attendance:notices")})
    items.append({"label": _("My record"), "url": reverse("staff:person_detail", args=[person.pk])})
    return {"nav_items": items, "viewer": person}
