"""Meetings' drop-down in the menu (``staff.registry``), registered by ``MeetingsConfig.ready()``:
``(label, url)`` pairs the person may open."""

from django.utils.translation import gettext_lazy as _

from kernel.urls import reverse
from staff import access, registry


def register():
    registry.add_links(order=400, links=links_for, menu=_("Meetings"))


def links_for(person):
    links = [
        (_("Meetings"), reverse("meetings:home")),
        (_("My action items"), reverse("meetings:my_action_items")),
    ]
    if access.may_see_club_pages(person):
        links.append((_("Meeting series"), reverse("meetings:series_list")))
        links.append((_("Summary reports"), reverse("meetings:report_list")))
    return links
