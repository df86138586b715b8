"""The menu of every page: only the links the signed-in person may open.

The apps register their menus in ``registry`` from their ``AppConfig.ready()``; the kernel's own
links (Today, clubs and people, notices, one's record) are registered the same way by
``staff.apps`` and defined here.
"""

from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from kernel.urls import reverse

from . import access, registry

# The drop-down the kernel and the floor share for a club's settings.
CLUB_MENU = _("Club")


def navigation(request):
    """The menu, built once per request and only when a template shows it (a page rendering several
    templates, or none that shows the menu, asks the apps once or not at all)."""
    person = getattr(request, "person", None)
    if person is None or not person.is_active:
        return {"nav_items": [], "viewer": person}
    items = getattr(request, "_nav_items", None)
    if items is None or items[0] is not person:
        items = (person, SimpleLazyObject(lambda: registry.navigation(person)))
        request._nav_items = items
    return {"nav_items": items[1], "viewer": person}


def today_link(person):
    return [(_("Today"), reverse("home"))]


def club_links(person):
    links = []
    if access.may_see_club_pages(person):
        links.append((_("Clubs"), reverse("staff:club_list")))
    if access.may_list_people(person):
        links.append((_("People"), reverse("staff:person_list")))
    return links


def own_links(person):
    return [
        (_("Notices"), reverse("staff:notices")),
        (_("My record"), reverse("staff:person_detail", args=[person.pk])),
    ]
