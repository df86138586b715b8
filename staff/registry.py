"""What the apps built on the kernel add to the kernel's own pages.

The kernel (``staff``) must not import the apps above it, yet its pages show their parts: the
menu lists the floor's, training's and meetings' pages, the Today page shows the floor's "my
day", the person page shows their follow-up, scorecard and training record, and the notices
page links a notice to where something can be done. So each app registers its parts here from
its ``AppConfig.ready()``, and the kernel only walks the registry. A new app (plans,
customers) plugs in the same way without the kernel knowing it.

Every contribution carries an explicit ``order`` so that the menu and the pages keep one stable
arrangement whatever order the apps are loaded in:

* ``add_links(order=, links=, menu=None)``: ``links(person)`` gives the ``(label, url)`` pairs
  the person may open. With a ``menu`` label they go into that drop-down (contributions with the
  same label share one, placed at the lowest order among them); without, each pair is a link of
  its own in the bar.
* ``add_today_panel(order=, template=, context=)`` and ``add_person_section(order=, template=,
  context=)``: ``context(viewer)`` / ``context(viewer, person)`` gives the variables the
  template needs, or None to leave the part out (a Today panel with nothing to show is left
  out, not drawn empty). Two keys of a Today panel's variables are the page's, not the
  template's: ``today_urgent`` (true: the panel goes to the top, before the calm ones, each
  group in order) and ``today_needs`` (false: the panel only informs — a level, a figure — so
  with no other panel the page still says "nothing needs you now"; default true).
* ``add_customer_section(order=, template=, context=)``: ``context(viewer, customer)`` for a part of
  a customer's file page (customers' ``detail``) from an app above customers (the floor's feedback).
* ``add_notice_link(link)``: ``link(notice)`` gives the address a notice leads to, or "".

Orders in use: menu — Today 0, Duties 100, Floor 200, Training 300, Meetings 400, Club 500
(the kernel's links) and 510 (the floor's), Monthly report 600, Notices and My record 700;
Today page — the floor 10–29 (my day 10, my week 12, supervisor 14, club floor 16, owner's
clubs 18, low stock 20), duties 30–39, training 40–49,
meetings 50–59, reports 60–69, notices 70; person page — follow-up 10, scorecard 20, training 30;
club setup steps — staff 10–40, the floor 50–70, duties 80; the Club menu's setup link 505.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Contribution:
    order: int
    build: Callable[..., Any]
    template: str = ""
    menu: Any = None  # the drop-down's label, for menu links


_registry: dict[str, list[Contribution]] = {"links": [], "today": [], "person": [], "notice_link": [], "setup": [],
                                            "report": [], "report_tables": [], "summary": [], "evidence": [],
                                            "customer": []}


def _add(kind, contribution):
    if contribution not in _registry[kind]:  # ready() twice (e.g. a test re-populating apps) adds nothing twice
        _registry[kind].append(contribution)
        _registry[kind].sort(key=lambda c: c.order)


def add_links(*, order, links, menu=None):
    _add("links", Contribution(order=order, build=links, menu=menu))


def add_today_panel(*, order, template, context):
    _add("today", Contribution(order=order, build=context, template=template))


def add_person_section(*, order, template, context):
    _add("person", Contribution(order=order, build=context, template=template))


def add_customer_section(*, order, template, context):
    """A part of a customer's file page from an app above customers: ``context(viewer, customer)`` or None."""
    _add("customer", Contribution(order=order, build=context, template=template))


def add_report_section(*, order, template, context, tables=None):
    """A section of the owner's monthly report page from an app above reports: ``context(viewer, clubs, month)``
    answers the template's variables, or None to leave the section out. It is never read from the month's
    snapshot: it is read when the page is opened, and a finished month's page keeps it per reader until one of the
    records it reads changes, which each app registers in ``reports.feeds`` with ``page=True`` (a test there
    fails for a table read that is not registered). ``tables(clubs, month)`` answers the same
    section for the report's PDF, spreadsheet and e-mail: ``[(title, columns, rows)]`` in the active language,
    each row a list of plain values; a kept file is made again when they change."""
    _add("report", Contribution(order=order, build=context, template=template))
    if tables is not None:
        _add("report_tables", Contribution(order=order, build=tables))


def report_tables(clubs, month):
    """``[(title, columns, rows)]`` of the apps' sections of the monthly report, for its files and e-mail."""
    found = []
    for contribution in _registry["report_tables"]:
        found += contribution.build(clubs, month) or []
    return found


@dataclass(frozen=True)
class SummaryPart:
    key: str
    build: Callable[..., Any]
    tables: Callable[..., Any]


def add_summary_figures(*, order, key, build, tables):
    """A part of the meetings' summary reports from an app above meetings. ``build(author, start, end)`` answers
    JSON-safe data (or None), kept under ``key`` with the report's figures, so a submitted report keeps what its
    author read; ``tables(data)`` answers ``[(title, columns, rows)]`` in the active language, rows being
    ``(label, [value per column])``."""
    _add("summary", Contribution(order=order, build=SummaryPart(key=key, build=build, tables=tables)))


def summary_figures(author, start, end):
    """``{key: data}`` of the apps' parts for a summary report by ``author`` over ``start``…``end``."""
    parts = {}
    for contribution in _registry["summary"]:
        data = contribution.build.build(author, start, end) if author is not None else None
        if data is not None:
            parts[contribution.build.key] = data
    return parts


def summary_tables(figures):
    """``[(title, columns, rows)]`` of the apps' parts kept in a summary report's ``figures``."""
    tables = []
    for contribution in _registry["summary"]:
        data = (figures or {}).get(contribution.build.key)
        if data is not None:
            tables += contribution.build.tables(data)
    return tables


def add_evidence_handler(handler, *, order=0):
    """``handler(person=, kind=, day=, note=)`` hears of a record that proves a duty done (duties ticks the
    person's open checklist items ticked by that kind of record)."""
    _add("evidence", Contribution(order=order, build=handler))


def record_evidence(*, person, kind, day, note=""):
    """Tell the handlers that ``person`` did what ``kind`` proves on ``day`` — for the apps that may not import
    duties (its own layer, or the same)."""
    for contribution in _registry["evidence"]:
        contribution.build(person=person, kind=kind, day=day, note=note)


def add_notice_link(link, *, order=0):
    _add("notice_link", Contribution(order=order, build=link))


def navigation(person):
    """The menu: ``{"label", "url"}`` for a link, ``{"label", "children": [(label, url), ...]}`` for a drop-down."""
    items, menus = [], {}
    for contribution in _registry["links"]:
        links = list(contribution.build(person))
        if not links:
            continue
        if contribution.menu is None:
            items.extend({"label": label, "url": url} for label, url in links)
        elif str(contribution.menu) in menus:
            menus[str(contribution.menu)]["children"].extend(links)
        else:
            menus[str(contribution.menu)] = {"label": contribution.menu, "children": links}
            items.append(menus[str(contribution.menu)])
    return items


def _parts(kind, *args):
    """The templates to include, in order, and the variables they need (merged into the page's context)."""
    templates, context = [], {}
    for contribution in _registry[kind]:
        part = contribution.build(*args)
        if part is not None:
            templates.append(contribution.template)
            context.update(part)
    return templates, context


def today_panels(viewer):
    """``(templates, context)`` of the Today page's panels (see ``today_page`` for the arrangement)."""
    page = today_page(viewer)
    return page.templates, page.context


@dataclass
class TodayPage:
    templates: list  # urgent panels first, then the rest, each group in order
    context: dict
    needs: bool  # some panel asks something of the viewer


def today_page(viewer):
    """The Today page's panels for ``viewer``: urgent first, empty ones left out, and whether any needs them."""
    urgent, calm, context, needs = [], [], {}, False
    for contribution in _registry["today"]:
        part = contribution.build(viewer)
        if part is None:
            continue
        part = dict(part)
        is_urgent = bool(part.pop("today_urgent", False))
        needs = needs or bool(part.pop("today_needs", True))
        (urgent if is_urgent else calm).append(contribution.template)
        context.update(part)
    return TodayPage(templates=urgent + calm, context=context, needs=needs)


def person_sections(viewer, person):
    return _parts("person", viewer, person)


def customer_sections(viewer, customer):
    return _parts("customer", viewer, customer)


def report_sections(viewer, clubs, month):
    """``(templates, context)`` of the apps' sections of the monthly report page for ``clubs`` and ``month``."""
    return _parts("report", viewer, clubs, month)


def notice_link(notice):
    for contribution in _registry["notice_link"]:
        link = contribution.build(notice)
        if link:
            return link
    return ""


# --- A new club's setup checklist (``staff.setup_views``) ------------------------------------------


@dataclass(frozen=True)
class SetupStep:
    order: int
    label: Any
    done: Callable[..., Any]
    url: Callable[..., Any]


def add_setup_step(*, order, label, done, url):
    """One step of a new club's setup checklist: ``done(club)`` says whether it is done, ``url(club)`` where it is done.

    Orders in use: club 10, departments 20, teams 30, people and logins 40 (staff); shifts 50,
    holidays 60, grooming and hygiene 70 (attendance); duty catalogue 80 (duties).
    """
    _add("setup", SetupStep(order=order, label=label, done=done, url=url))


def setup_steps(club):
    """The checklist of ``club``, in order: ``{"label", "done", "url"}`` for each step."""
    return [
        {"label": step.label, "done": bool(step.done(club)), "url": step.url(club)} for step in _registry["setup"]
    ]


def _unread_notices(viewer):
    from .today import notices_panel

    return notices_panel(viewer)


# The kernel's own panel: the person's unread notices, after the apps' panels.
add_today_panel(order=70, template="staff/_today_notices.html", context=_unread_notices)
