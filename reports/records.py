"""The records behind each figure: what a click on "12 late arrivals" lists.

Each drill-down filters the records with the same rule its figure counts with (the status
groups of ``attendance.selectors``, its first grooming round, ``selectors.employed_before``,
the checklists of ``duties.selectors.completion_by``), so the list has as many rows as the
figure says.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from attendance import selectors as floor
from attendance.models import (
    Attendance,
    AttendanceTalk,
    ConsumableIssue,
    CustomerFeedback,
    GroomingCheck,
    HygieneCheck,
    LeaveType,
    ServiceCheck,
    Status,
)
from attendance.months import month_range
from duties.models import ChecklistItem
from staff.models import Person, Role

from .selectors import employed_before, local_bounds


@dataclass
class Cell:
    text: object
    url: str = ""


@dataclass
class Drill:
    label: object
    columns: list
    rows: object  # a queryset or a list, turned into cells by ``cells``
    cells: object


def _person(person):
    return Cell(person.name, reverse("staff:person_detail", args=[person.pk])) if person else Cell("—")


def _local(moment, zone):
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else ""


def _param_int(params, name):
    raw = params.get(name, "")
    return int(raw) if raw.isdigit() else None


ATTENDANCE = {
    "due_days": (gettext_lazy("Days due at work"), Q(status__in=[*floor.WORKED, Status.ABSENT, Status.LEAVE,
                                                                  Status.NOT_RECORDED])),
    "worked": (gettext_lazy("Days worked"), Q(status__in=floor.WORKED)),
    "late": (gettext_lazy("Late arrivals"), Q(status__in=floor.LATE)),
    "early": (gettext_lazy("Early leaves"), Q(status__in=floor.EARLY)),
    "absent": (gettext_lazy("Absences"), Q(status=Status.ABSENT)),
    "leave": (gettext_lazy("Days on leave"), Q(status=Status.LEAVE)),
    "day_off": (gettext_lazy("Days off"), Q(status=Status.DAY_OFF)),
    "not_recorded": (gettext_lazy("Days not recorded"), Q(status=Status.NOT_RECORDED)),
}
HEADCOUNT = {
    "headcount_start": gettext_lazy("People at the month's start"),
    "headcount_end": gettext_lazy("People at the month's end"),
    "joined": gettext_lazy("Joined"),
    "left": gettext_lazy("Left"),
}
OTHER = {
    "honour_roll": gettext_lazy("Honour roll"),
    "needs_talk": gettext_lazy("Need a talk"),
    "talks": gettext_lazy("Talks held"),
    "grooming": gettext_lazy("Grooming checks (first round)"),
    "hygiene": gettext_lazy("Hygiene checks"),
    "consumables": gettext_lazy("Consumables issued"),
    "low_stock": gettext_lazy("Items low on stock at the month's end"),
    "quality": gettext_lazy("Service checks"),
    "complaints": gettext_lazy("Complaints"),
    "praise": gettext_lazy("Praise"),
    "checklists": gettext_lazy("Checklist items"),
}
FIGURES = set(ATTENDANCE) | set(HEADCOUNT) | set(OTHER)


def drill(figure, *, clubs, month, params, person=None):
    """The records behind ``figure`` for ``clubs`` in ``month`` (``person``: only theirs), or None for an unknown figure.

    ``params`` narrow it as the page's links do: ``position``, ``type`` (leave), ``item``,
    ``result=failed``, ``state`` (checklists).
    """
    if figure not in FIGURES:
        return None
    clubs = list(clubs)
    ids = [c.pk for c in clubs]
    zones = {c.pk: c.zone for c in clubs}
    first, end = month_range(month)
    if figure in ATTENDANCE:
        label, q = ATTENDANCE[figure]
        rows = Attendance.objects.filter(q, club_id__in=ids, date__gte=first, date__lt=end)
        if figure == "leave" and params.get("type") in LeaveType.values:
            rows = rows.filter(leave_type=params["type"])
            label = f"{label} · {LeaveType(params['type']).label}"
        if person is not None:
            rows = rows.filter(person=person)
        rows = rows.select_related("person", "person__team", "shift").order_by("date", "person__name")
        columns = [_("Date"), _("Name"), _("Team"), _("Status"), _("Minutes late"), _("Minutes left early"),
                   _("Shift"), _("Arrived"), _("Left"), _("Note")]
        return Drill(label, columns, rows, lambda a: [
            Cell(a.date.isoformat()), _person(a.person), Cell(a.person.team.name if a.person.team_id else ""),
            Cell(a.get_leave_type_display() if a.status == Status.LEAVE and a.leave_type else a.get_status_display()),
            Cell(a.late_minutes or ""), Cell(a.early_minutes or ""), Cell(a.shift.name if a.shift_id else ""),
            Cell(_local(a.arrived_at, zones[a.club_id])), Cell(_local(a.left_at, zones[a.club_id])), Cell(a.note),
        ])
    if figure in HEADCOUNT:
        rows = Person.objects.filter(club_id__in=ids).exclude(position=Role.OWNER)
        rows = rows.filter({
            "headcount_start": employed_before(first),
            "headcount_end": employed_before(end),
            "joined": Q(hire_date__gte=first, hire_date__lt=end),
            "left": Q(left_on__gte=first, left_on__lt=end),
        }[figure])
        label = HEADCOUNT[figure]
        if params.get("position") in Role.values:
            rows = rows.filter(position=params["position"])
            label = f"{label} · {Role(params['position']).label}"
        rows = rows.select_related("club", "team").order_by("club__name", "position", "name")
        columns = [_("Name"), _("Club"), _("Position"), _("Team"), _("Hire date"), _("Left on")]
        return Drill(label, columns, rows, lambda p: [
            _person(p), Cell(p.club.name), Cell(p.get_position_display()), Cell(p.team.name if p.team_id else ""),
            Cell(p.hire_date.isoformat()), Cell(p.left_on.isoformat() if p.left_on else ""),
        ])
    return _OTHER[figure](clubs=clubs, ids=ids, zones=zones, first=first, end=end, params=params, person=person)


def _followup(listed):
    def make(*, clubs, first, person, **_kw):
        people = [p for f in floor.followup_by_club(clubs=clubs, month=first).values() for p in getattr(f, listed)]
        if person is not None:
            people = [p for p in people if p.pk == person.pk]
        columns = [_("Name"), _("Team"), _("Days worked"), _("Times late"), _("Minutes late"), _("Early leaves"),
                   _("Absences"), _("Talk held")]
        return Drill(OTHER[listed], columns, people, lambda p: [
            _person(p), Cell(p.team.name if p.team_id else ""), Cell(p.worked), Cell(p.late), Cell(p.late_minutes),
            Cell(p.early), Cell(p.absent),
            Cell((p.talk.held_on.isoformat() if p.talk else _("no")) if listed == "needs_talk" else ""),
        ])
    return make


def _talks(*, ids, first, person, **_kw):
    rows = AttendanceTalk.objects.filter(club_id__in=ids, month=first)
    if person is not None:
        rows = rows.filter(person=person)
    rows = rows.select_related("person", "held_by").order_by("person__name")
    columns = [_("Name"), _("Held on"), _("Held by"), _("Real cause found"), _("Help agreed")]
    return Drill(OTHER["talks"], columns, rows, lambda t: [
        _person(t.person), Cell(t.held_on.isoformat()), Cell(t.held_by.name if t.held_by_id else ""), Cell(t.cause),
        Cell(t.help_agreed),
    ])


def _grooming(*, ids, first, end, params, person, **_kw):
    rows = GroomingCheck.objects.filter(floor.FIRST_ROUND, person__club_id__in=ids, date__gte=first, date__lt=end)
    label = OTHER["grooming"]
    if params.get("result") == "failed":
        rows = rows.filter(passed=False)
        label = _("Failed grooming checks (first round)")
    item = _param_int(params, "item")
    if item is not None:
        rows = rows.filter(failures__item_id=item)
    if person is not None:
        rows = rows.filter(person=person)
    rows = rows.select_related("person", "person__team", "checked_by").prefetch_related("failures__item")
    columns = [_("Date"), _("Name"), _("Team"), _("Passed"), _("Failed items"), _("Checked by")]
    return Drill(label, columns, rows.order_by("date", "person__name"), lambda g: [
        Cell(g.date.isoformat()), _person(g.person), Cell(g.person.team.name if g.person.team_id else ""),
        Cell(_("yes") if g.passed else _("no")),
        Cell("; ".join(f"{f.item.label}: {f.note}" for f in g.failures.all())),
        Cell(g.checked_by.name if g.checked_by_id else ""),
    ])


def _hygiene(*, ids, first, end, params, person, **_kw):
    rows = HygieneCheck.objects.filter(area__club_id__in=ids, date__gte=first, date__lt=end)
    label = OTHER["hygiene"]
    if params.get("result") == "failed":
        rows = rows.filter(passed=False)
        label = _("Failed hygiene checks")
    item = _param_int(params, "item")
    if item is not None:
        rows = rows.filter(failures__item_id=item)
    if person is not None:
        rows = rows.filter(responsible=person)
    rows = rows.select_related("area", "responsible", "checked_by").prefetch_related("failures__item")
    columns = [_("Date"), _("Area"), _("Responsible"), _("Passed"), _("Failed items"), _("What was wrong")]
    return Drill(label, columns, rows.order_by("date", "area__name"), lambda h: [
        Cell(h.date.isoformat()), Cell(h.area.name), _person(h.responsible), Cell(_("yes") if h.passed else _("no")),
        Cell(", ".join(str(f.item.label) for f in h.failures.all())), Cell(h.note),
    ])


def _consumables(*, clubs, zones, first, params, person, **_kw):
    rows = ConsumableIssue.objects.filter(
        floor.in_club_bounds("issued_at", "item__club_id", {c.pk: local_bounds(c, first) for c in clubs})
    )
    item = _param_int(params, "item")
    if item is not None:
        rows = rows.filter(item_id=item)
    if person is not None:
        rows = rows.filter(technician=person)
    rows = rows.select_related("item", "technician", "issued_by").order_by("issued_at", "pk")
    columns = [_("Issued at"), _("Item"), _("Quantity"), _("Technician"), _("Issued by"), _("Note")]
    return Drill(OTHER["consumables"], columns, rows, lambda i: [
        Cell(_local(i.issued_at, zones[i.item.club_id])), Cell(i.item.name), Cell(f"{i.quantity} {i.item.unit}"),
        _person(i.technician), Cell(i.issued_by.name if i.issued_by_id else ""), Cell(i.note),
    ])


def _low_stock(*, clubs, first, **_kw):
    rows = floor.low_stock_by_club(moments={c.pk: local_bounds(c, first)[1] for c in clubs})
    names = {c.pk: c.name for c in clubs}
    columns = [_("Club"), _("Item"), _("In stock at the month's end"), _("Warning at"), _("Item page")]
    return Drill(OTHER["low_stock"], columns, rows, lambda r: [
        Cell(names[r["club_id"]]), Cell(r["name"]), Cell(f"{r['stock_then']} {r['unit']}"),
        Cell(r["low_stock_threshold"]),
        Cell(_("open"), reverse("attendance:consumable_item_edit", args=[r["id"]])),
    ])


def _quality(*, ids, first, end, person, **_kw):
    rows = ServiceCheck.objects.filter(club_id__in=ids, date__gte=first, date__lt=end).with_average()
    if person is not None:
        rows = rows.filter(technician=person)
    rows = rows.filter(average__isnull=False).select_related("technician", "checked_by").order_by("date", "pk")
    columns = [_("Date"), _("Technician"), _("Average score"), _("Checked by"), _("Note")]
    return Drill(OTHER["quality"], columns, rows, lambda s: [
        Cell(s.date.isoformat()), _person(s.technician), Cell(f"{s.average:.2f}"),
        Cell(s.checked_by.name if s.checked_by_id else ""), Cell(s.note),
    ])


def _feedback(kind):
    def make(*, ids, first, end, person, **_kw):
        rows = CustomerFeedback.objects.filter(club_id__in=ids, date__gte=first, date__lt=end, kind=kind)
        if person is not None:
            rows = rows.filter(technician=person)
        rows = rows.select_related("technician").order_by("date", "pk")
        columns = [_("Date"), _("Technician"), _("What the customer said"), _("What was done about it")]
        return Drill(OTHER["complaints" if kind == CustomerFeedback.Kind.COMPLAINT else "praise"], columns, rows,
                     lambda f: [Cell(f.date.isoformat()), _person(f.technician), Cell(f.said), Cell(f.action)])
    return make


def _checklists(*, ids, first, end, params, person, **_kw):
    rows = ChecklistItem.objects.filter(
        checklist__club_id__in=ids, checklist__period_start__gte=first,
        checklist__period_end__lte=end - datetime.timedelta(days=1),
    )
    label = OTHER["checklists"]
    if params.get("position") in Role.values:
        rows = rows.filter(checklist__person__position=params["position"])
        label = f"{label} · {Role(params['position']).label}"
    if params.get("state") in ChecklistItem.State.values:
        rows = rows.filter(state=params["state"])
    if person is not None:
        rows = rows.filter(checklist__person=person)
    rows = rows.select_related("checklist", "checklist__person", "duty_version").order_by(
        "checklist__period_start", "checklist__person__name", "order")
    columns = [_("Period"), _("Name"), _("Duty"), _("State"), _("Note"), _("Checklist")]
    return Drill(label, columns, rows, lambda i: [
        Cell(f"{i.checklist.period_start:%Y-%m-%d}–{i.checklist.period_end:%m-%d}"), _person(i.checklist.person),
        Cell(i.duty_version.text), Cell(i.get_state_display()), Cell(i.note),
        Cell(_("open"), reverse("duties:checklist_detail", args=[i.checklist_id])),
    ])


_OTHER = {
    "honour_roll": _followup("honour_roll"),
    "needs_talk": _followup("needs_talk"),
    "talks": _talks,
    "grooming": _grooming,
    "hygiene": _hygiene,
    "consumables": _consumables,
    "low_stock": _low_stock,
    "quality": _quality,
    "complaints": _feedback(CustomerFeedback.Kind.COMPLAINT),
    "praise": _feedback(CustomerFeedback.Kind.PRAISE),
    "checklists": _checklists,
}
