"""Customers' parts of the kernel's pages (``staff.registry``), registered by ``CustomersConfig.ready()``:
the Customers drop-down, the Today panel of due follow-ups, the marketing figures of the meetings'
summary reports and of the owner's monthly report."""

from django.utils.translation import gettext_lazy as _

from kernel.clock import club_today
from kernel.months import next_month
from kernel.urls import reverse
from staff import registry
from staff.models import Role

from . import access, selectors

MENU_ORDER = 420  # after Meetings 400, before Documents 450
TODAY_ORDER = 35  # after the duties' panel
TODAY_FIGURES_ORDER = 36  # the month's marketing figures, after the follow-ups
REPORT_ORDER = 80
SHOWN = 8


def register():
    registry.add_links(order=MENU_ORDER, links=links_for, menu=_("Customers"))
    registry.add_today_panel(order=TODAY_ORDER, template="customers/_today.html", context=today_panel)
    registry.add_today_panel(order=TODAY_FIGURES_ORDER, template="customers/_today_figures.html",
                             context=today_figures)
    registry.add_summary_figures(order=REPORT_ORDER, key="customers", build=summary_part, tables=summary_tables)
    registry.add_report_section(order=REPORT_ORDER, template="customers/_report.html", context=report_section,
                                tables=report_tables)


def links_for(person):
    if not access.sees_any_customers(person):
        return []
    links = [(_("Customers"), reverse("customers:list"))]
    if person.position in access.MARKETING:
        links.append((_("My customers"), reverse("customers:list") + "?mine=1"))
    links += [(_("VIP arrivals"), reverse("customers:arrivals")), (_("Events"), reverse("customers:events")),
              (_("Outside visits"), reverse("customers:visits")),
              (_("Marketing figures"), reverse("customers:figures"))]
    if person.position != Role.CUSTOMER_MANAGER:
        links.append((_("Personal data log"), reverse("customers:access_log")))
    return links


def today_panel(viewer):
    """The viewer's follow-ups due today or overdue, and the VIP and key customers expected today (those they
    receive; the marketing director and the store manager: all of them) — for the marketing people and the
    store manager."""
    if viewer.club_id is None or viewer.position not in access.MARKETING and viewer.position != Role.STORE_MANAGER:
        return None
    today = club_today(viewer.club)
    due = selectors.due_follow_ups(viewer, today)
    arrivals = selectors.arrivals_today(viewer, today, every=access.leads_marketing(viewer, viewer.club))
    if not (due or arrivals):
        return None
    return {"customers_today": {"due": due[:SHOWN], "more": len(due) > SHOWN, "count": len(due), "today": today,
                                "overdue": sum(1 for c in due if c.next_due < today), "arrivals": arrivals},
            "today_urgent": any(c.next_due < today for c in due)}


def today_figures(viewer):
    """The running month's marketing figures: per marketing person with the club's total for the marketing
    director and the store manager; a customer manager's own row. It informs, it asks nothing."""
    club = viewer.club
    if club is None or not access.sees_figures_on_today(viewer):
        return None
    month = club_today(club).replace(day=1)
    every = access.leads_marketing(viewer, club)
    rows = selectors.month_figures(club, month, person=None if every else viewer)
    if not rows:
        return None
    figures = [{"key": key, "label": label} for key, label in selectors.FIGURES.items()]
    lines = [{"person": row["person"], "values": [row[key] for key in selectors.FIGURES]} for row in rows]
    main = lines[-1]  # the club's total (or the customer manager's own row)
    return {"customers_figures": {"month": month, "every": every, "people": lines[:-1] if every else [],
                                  "main": [dict(f, value=v) for f, v in zip(figures, main["values"])],
                                  "labels": [f["label"] for f in figures]},
            "today_needs": False}


def _months(start, end):
    month = start.replace(day=1)
    while month <= end:
        yield month
        month = next_month(month)


def summary_part(author, start, end):
    """The marketing figures per customer manager over the report's period, for the marketing director's (and
    the store manager's) summary reports; a customer manager's own report carries their own row."""
    if author.club_id is None or author.position not in (Role.MARKETING_DIRECTOR, Role.STORE_MANAGER,
                                                         Role.CUSTOMER_MANAGER):
        return None
    only = author if author.position == Role.CUSTOMER_MANAGER else None
    totals = {}
    for month in _months(start, end):
        for row in selectors.month_figures(author.club, month, person=only):
            key = row["person"].name if row["person"] else ""
            into = totals.setdefault(key, dict.fromkeys(selectors.FIGURES, 0))
            for figure in selectors.FIGURES:
                into[figure] += row[figure]
    if not any(any(values.values()) for values in totals.values()):
        return None
    return {"rows": [[name, [values[k] for k in selectors.FIGURES]] for name, values in totals.items()]}


def summary_tables(data):
    from django.utils.translation import gettext as gettext

    rows = [(name or gettext("The whole club"), values) for name, values in data.get("rows", [])]
    return [(gettext("Marketing figures per customer manager"), [str(v) for v in selectors.FIGURES.values()], rows)]


def report_section(viewer, clubs, month):
    """The owner's monthly report: each club's marketing figures (its total row) for the month."""
    clubs = [club for club in clubs if access.leads_marketing(viewer, club)]
    totals = selectors.club_totals(clubs, month)
    rows = [{"club": club, "figures": totals[club.pk]} for club in clubs]
    rows = [row for row in rows if any(row["figures"][k] for k in selectors.FIGURES)]
    if not rows:
        return None
    return {"customers_report": rows, "customers_columns": list(selectors.FIGURES.values())}


def report_tables(clubs, month):
    from django.utils.translation import gettext as gettext

    rows = []
    totals = selectors.club_totals(clubs, month)
    for club in clubs:
        total = totals[club.pk]
        if any(total[k] for k in selectors.FIGURES):
            rows.append([club.name, *[total[k] for k in selectors.FIGURES]])
    if not rows:
        return []
    return [(gettext("Marketing figures"), [gettext("Club"), *[str(v) for v in selectors.FIGURES.values()]], rows)]
