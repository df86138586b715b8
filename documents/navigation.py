"""Documents' parts of the kernel's pages (``staff.registry``), registered by ``DocumentsConfig.ready()``:
the Documents drop-down, the Today panel and where a "new version to confirm" notice leads."""

from django.utils.translation import gettext_lazy as _

from kernel.urls import reverse
from staff import registry

from . import access
from .services import NOTICE_KIND

MENU_ORDER = 450  # after Meetings 400, before Club 500
TODAY_ORDER = 45  # after training's panel


def register():
    from .today import today_panel

    registry.add_links(order=MENU_ORDER, links=links_for, menu=_("Documents"))
    registry.add_today_panel(order=TODAY_ORDER, template="documents/_today.html", context=today_panel)
    registry.add_notice_link(notice_link)


def links_for(person):
    if not person.club_id and not access.writes_documents(person):
        return []
    links = [(_("Rules and procedures"), reverse("documents:list"))]
    if person.club_id:
        links.append((_("To confirm"), reverse("documents:list") + "?mine=1"))
    if access.writes_documents(person):
        links.append((_("New document"), reverse("documents:add")))
    return links


def notice_link(notice):
    """A "document:<id>:<version>" notice leads to the document."""
    parts = notice.kind.split(":")
    if len(parts) == 3 and parts[0] == NOTICE_KIND and parts[1].isdecimal():
        return reverse("documents:detail", args=[int(parts[1])])
    return ""
