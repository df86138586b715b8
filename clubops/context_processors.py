"""Navigation by role: only links the signed-in person may open."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from attendance.navigation import links_for as floor_links
from staff import access
from staff.models import Role


def navigation(request):
    person = getattr(request, "person", None)
    items = []
    if person is not None and person.is_active:
        items.append((_("Today"), reverse("home")))
        items.append((_("My checklists"), reverse("duties:my_checklists")))
        if person.position not in (Role.TECHNICIAN, Role.CUSTOMER_MANAGER):
            items.append((_("Checklist review"), reverse("duties:review")))
        items += floor_links(person)
        if access.may_see_club_pages(person):
            items.append((_("Clubs"), reverse("staff:club_list")))
        if access.may_list_people(person):
            items.append((_("People"), reverse("staff:person_list")))
        items.append((_("My record"), reverse("staff:person_detail", args=[person.pk])))
    return {"nav_items": items, "viewer": person}
