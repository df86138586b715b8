"""Plans' parts of the kernel's pages (``staff.registry``), registered by ``PlansConfig.ready()``:
the Plans drop-down of the menu and the Today panel (targets against actuals so far, plans waiting
for the viewer's approval)."""

from django.utils.translation import gettext_lazy as _

from kernel.urls import reverse
from staff import registry
from staff.access import is_manager

from . import access

MENU_ORDER = 420  # after Meetings 400, before Documents 450 and Club 500
TODAY_ORDER = 55  # after meetings' panel (50), before the reports' (60)
REPORT_ORDER = 10  # the first of the apps' sections after the report's own


def register():
    from reports import feeds

    from .report import report_section, report_tables, summary_part, summary_tables
    from .today import today_panel

    # The report page's targets section: a plan's or a target's change draws it again for every month kept
    # (a campaign may cover several months, a quarter's targets are approved after its first month ends).
    feeds.add(
        feeds.Feed("plans.Plan", "club_id", every_month=True, why="the report page's targets", page=True),
        feeds.Feed("plans.Target", "plan__club_id", every_month=True, why="the report page's targets", page=True),
    )

    registry.add_links(order=MENU_ORDER, links=links_for, menu=_("Plans"))
    registry.add_today_panel(order=TODAY_ORDER, template="plans/_today.html", context=today_panel)
    registry.add_report_section(order=REPORT_ORDER, template="plans/_report_targets.html", context=report_section,
                                 tables=report_tables)
    registry.add_summary_figures(order=REPORT_ORDER, key="targets", build=summary_part, tables=summary_tables)


def links_for(person):
    if not (is_manager(person) or access.writes_plans(person)):
        return []
    links = [(_("Work plans"), reverse("plans:list"))]
    if access.writes_plans(person):
        links.append((_("New plan"), reverse("plans:add")))
    return links
