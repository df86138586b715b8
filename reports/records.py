"""The records behind each figure: what a click on "12 late arrivals" lists.

Each drill-down filters the records with the same rule its figure counts with (the status
groups of ``attendance.selectors.daily``, its first grooming round, ``selectors.employed_before``,
the checklists of ``duties.selectors.completion_by``), so the list has as many rows as the
figure says.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.utils.translation import gettext_lazy

from attendance.selectors import consumables as floor_consumables
from attendance.selectors import daily as floor
from attendance.selectors import followup as floor_followup
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
from kernel.months import month_range, next_month
from business.selectors import services_by_person
from duties.models import Checklist, ChecklistItem
from staff.models import Person, Role

from .selectors import checklists_with_position_at, employed_before, local_bounds, with_position_at


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
    return int(raw) if raw.isdecimal() else None


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
MODULES = {
    "training_sessions": gettext_lazy("Training sessions held"),
    "training_attendance": gettext_lazy("Expected at training sessions held"),
    "assessments": gettext_lazy("Assessment results"),
    "levels": gettext_lazy("Levels gained"),
    "competitions": gettext_lazy("Competition results"),
    "rewards": gettext_lazy("Rewards (approved)"),
    "penalties": gettext_lazy("Penalties (approved)"),
    "meetings": gettext_lazy("Meetings"),
    "action_items": gettext_lazy("Action items raised"),
}
FIGURES = set(ATTENDANCE) | set(HEADCOUNT) | set(OTHER) | set(MODULES)
# A person's records (their scorecard's lists) exist for every figure but the club's stock.
PERSONAL = FIGURES - {"low_stock"}


def drill(figure, *, clubs, month, params, person=None):
    """The records behind ``figure`` for ``clubs`` in ``month`` (``person``: only theirs), or None for an unknown figure.

    A list reached from a person's scorecard holds that person's rows and nobody else's, for
    every figure (reports/tests/test_records_scope.py walks them all); a figure that is not
    about a person (the club's stock) has no list for a person.

    ``params`` narrow it as the page's links do: ``position``, ``type`` (leave), ``item``,
    ``result=failed``, ``state`` (checklists).
    """
    if figure not in (FIGURES if person is None else PERSONAL):
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
                   _("Shift"), _("Arrived"), pgettext("clock time", "Left"), _("Note")]
        return Drill(label, columns, rows, lambda a: [
            Cell(a.date.isoformat()), _person(a.person), Cell(a.person.team.name if a.person.team_id else ""),
            Cell(a.get_leave_type_display() if a.status == Status.LEAVE and a.leave_type else a.get_status_display()),
            Cell(a.late_minutes or ""), Cell(a.early_minutes or ""), Cell(a.shift.name if a.shift_id else ""),
            Cell(_local(a.arrived_at, zones[a.club_id])), Cell(_local(a.left_at, zones[a.club_id])), Cell(a.note),
        ])
    if figure in HEADCOUNT:
        rows = with_position_at(Person.objects.filter(club_id__in=ids).exclude(position=Role.OWNER),
                                {c.pk: local_bounds(c, first)[1] for c in clubs})
        rows = rows.filter({
            "headcount_start": employed_before(first),
            "headcount_end": employed_before(end),
            "joined": Q(hire_date__gte=first, hire_date__lt=end),
            "left": Q(left_on__gte=first, left_on__lt=end),
        }[figure])
        if person is not None:
            rows = rows.filter(pk=person.pk)
        label = HEADCOUNT[figure]
        if params.get("position") in Role.values:
            rows = rows.filter(position_then=params["position"])
            label = f"{label} · {Role(params['position']).label}"
        rows = rows.select_related("club", "team").order_by("club__name", "position_then", "name")
        columns = [_("Name"), _("Club"), _("Position at the month's end"), _("Team"), _("Hire date"), _("Left on")]
        return Drill(label, columns, rows, lambda p: [
            _person(p), Cell(p.club.name), Cell(str(Role(p.position_then).label) if p.position_then in Role.values
                                                else p.position_then),
            Cell(p.team.name if p.team_id else ""),
            Cell(p.hire_date.isoformat()), Cell(p.left_on.isoformat() if p.left_on else ""),
        ])
    if figure in MODULES:
        return _MODULES[figure](ids=ids, zones=zones, start=first, last=end - datetime.timedelta(days=1), params=params,
                                person=person)
    return _OTHER[figure](clubs=clubs, ids=ids, zones=zones, first=first, end=end, params=params, person=person)


def _count(value):
    """A service count as read: "42", "41.5"; nothing entered: empty (not 0)."""
    if value is None:
        return ""
    return f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"


def _followup(listed):
    def make(*, clubs, first, person, **_kw):
        people = [p for f in floor_followup.followup_by_club(clubs=clubs, month=first).values() for p in getattr(f, listed)]
        if person is not None:
            people = [p for p in people if p.pk == person.pk]
        columns = [_("Name"), _("Team"), _("Days worked"), _("Times late"), _("Minutes late"), _("Early leaves"),
                   _("Absences"), _("Talk held")]
        services = {}
        if listed == "honour_roll":  # 鐘數 and 點鐘 beside each name, as on the report's page
            columns += [_("Services (鐘數)"), _("Requested services (點鐘)")]
            services = services_by_person([c.pk for c in clubs], first, next_month(first))
        return Drill(OTHER[listed], columns, people, lambda p: [
            _person(p), Cell(p.team.name if p.team_id else ""), Cell(p.worked), Cell(p.late), Cell(p.late_minutes),
            Cell(p.early), Cell(p.absent),
            Cell((p.talk.held_on.isoformat() if p.talk else _("no")) if listed == "needs_talk" else ""),
            *([Cell(_count(services.get(p.pk, {}).get(key))) for key in ("services", "requested_services")]
              if listed == "honour_roll" else []),
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
        floor_consumables.in_club_bounds("issued_at", "item__club_id", {c.pk: local_bounds(c, first) for c in clubs})
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
    rows = floor_consumables.low_stock_by_club(moments={c.pk: local_bounds(c, first)[1] for c in clubs})
    names = {c.pk: c.name for c in clubs}
    columns = [_("Club"), _("Item"), _("In stock at the month's end"), _("Warning at"), _("Item page")]
    return Drill(OTHER["low_stock"], columns, rows, lambda r: [
        Cell(names[r["club_id"]]), Cell(r["name"]), Cell(f"{r['stock_then']} {r['unit']}"),
        Cell(r["low_stock_threshold"]),
        Cell(_("Open"), reverse("attendance:consumable_item_edit", args=[r["id"]])),
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


def _checklists(*, clubs, ids, first, end, params, person, **_kw):
    rows = ChecklistItem.objects.filter(
        checklist__club_id__in=ids, checklist__period_start__gte=first,
        checklist__period_end__lte=end - datetime.timedelta(days=1),
    )
    label = OTHER["checklists"]
    if params.get("position") in Role.values:
        # The position held at the month's end, as the figure counts it (``selectors.completion_by_position_then``:
        # ``checklists_with_position_at`` at the checklist's club's local midnight after the month), not today's.
        held = checklists_with_position_at(Checklist.objects.filter(club_id__in=ids),
                                           {c.pk: local_bounds(c, first)[1] for c in clubs})
        rows = rows.filter(checklist__in=held.filter(position_then=params["position"]).values("pk"))
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
        Cell(_("Open"), reverse("duties:checklist_detail", args=[i.checklist_id])),
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


# --- Training and meetings: the records behind their modules' figures, read through the same query functions. ---


def _choice(params, name, choices):
    value = params.get(name, "")
    return value if value in choices.values else None


def _filtered_label(figure, *parts):
    return " · ".join(str(p) for p in (MODULES[figure], *parts) if p)


def _training_sessions(*, ids, start, last, person, **_kw):
    from training import selectors as training
    from training.selectors import attendance_counts

    rows = training.held_sessions(club_ids=ids, start=start, end=last)
    if person is not None:
        rows = rows.filter(attendance__person=person)
    rows = rows.select_related("plan", "trainer").annotate(**attendance_counts()).order_by("date", "start", "pk")
    columns = [_("Date"), _("Time"), _("Topic"), _("Plan"), _("Trainer"), _("Present"), _("Late"), _("Absent"),
               _("Session")]
    return Drill(MODULES["training_sessions"], columns, rows, lambda t: [
        Cell(t.date.isoformat()), Cell(f"{t.start:%H:%M}–{t.end:%H:%M}"), Cell(t.subject),
        Cell(t.plan.get_topic_display()), _person(t.trainer), Cell(t.present), Cell(t.late), Cell(t.absent),
        Cell(_("Open"), reverse("training:session_detail", args=[t.pk])),
    ])


def _training_attendance(*, ids, start, last, params, person, **_kw):
    from training import selectors as training
    from training.models import SessionAttendance

    rows = training.held_session_seats(club_ids=ids, start=start, end=last)
    status = _choice(params, "status", SessionAttendance.Status)
    if status:
        rows = rows.filter(status=status)
    if person is not None:
        rows = rows.filter(person=person)
    rows = rows.select_related("person", "person__team", "session").order_by("session__date", "session__start",
                                                                             "person__name")
    columns = [_("Date"), _("Session"), _("Name"), _("Team"), _("Attendance"), _("Note")]
    label = _filtered_label("training_attendance", SessionAttendance.Status(status).label if status else "")
    return Drill(label, columns, rows, lambda a: [
        Cell(a.session.date.isoformat()), Cell(a.session.subject, reverse("training:session_detail",
                                                                            args=[a.session_id])),
        _person(a.person), Cell(a.person.team.name if a.person.team_id else ""), Cell(a.get_status_display()),
        Cell(a.note),
    ])


def _assessments(*, ids, start, last, params, person, **_kw):
    from training import selectors as training
    from training.models import Topic

    rows = training.marked_attempts(club_ids=ids, start=start, end=last)
    result = params.get("result")
    if result in ("passed", "failed"):
        rows = rows.filter(passed=result == "passed")
    topic = _choice(params, "topic", Topic)
    if topic:
        rows = rows.filter(assessment__plan__topic=topic)
    if person is not None:
        rows = rows.filter(person=person)
    rows = rows.select_related("person", "person__team", "assessment", "assessment__plan").order_by(
        "finished_on", "person__name", "pk")
    label = _filtered_label("assessments", Topic(topic).label if topic else "",
                            {"passed": _("passed"), "failed": _("not passed")}.get(result, ""))
    columns = [_("Result on"), _("Name"), _("Team"), _("Assessment"), _("Topic"), _("Attempt"), _("Score (%)"),
               _("Passed")]
    return Drill(label, columns, rows, lambda a: [
        Cell(a.finished_on.isoformat()), _person(a.person), Cell(a.person.team.name if a.person.team_id else ""),
        Cell(a.assessment.title), Cell(a.assessment.plan.get_topic_display()), Cell(a.number), Cell(a.score),
        Cell(_("yes") if a.passed else _("no")),
    ])


def _levels(*, ids, start, last, params, person, **_kw):
    from training import selectors as training

    rows = training.promotions(club_ids=ids, start=start, end=last)
    if params.get("level"):
        rows = rows.filter(level=params["level"])
    if person is not None:
        rows = rows.filter(person=person)
    rows = rows.select_related("person", "person__team", "granted_by").order_by("granted_on", "person__name", "pk")
    columns = [_("Granted on"), _("Name"), _("Team"), _("Level"), _("Previous level"), _("Granted by"), _("Reason")]
    return Drill(MODULES["levels"], columns, rows, lambda a: [
        Cell(a.granted_on.isoformat()), _person(a.person), Cell(a.person.team.name if a.person.team_id else ""),
        Cell(a.get_level_display()), Cell(a.get_previous_level_display()),
        Cell(a.granted_by.name if a.granted_by_id else ""), Cell(a.reason),
    ])


def _competitions(*, ids, start, last, params, person, **_kw):
    """Each entrant of the clubs in the month's finished competitions, with their place among their club's entrants."""
    from training import competitions as rules
    from training import selectors as training

    competitions = training.finished_competitions(club_ids=ids, start=start, end=last)
    wanted = _param_int(params, "competition")
    if wanted is not None:
        competitions = competitions.filter(pk=wanted)
    winners_only = params.get("result") == "winners"
    rows = []
    for competition in competitions:
        standings = rules.ranking(competition)
        first = {s.entry.pk for club_id in ids for s in rules.winners(competition, standings, club_id=club_id)}
        for s in sorted(standings, key=lambda s: (s.entry.club.name, s.club_place or 0, s.entry.person.name)):
            if s.entry.club_id not in ids or (winners_only and s.entry.pk not in first):
                continue
            if person is not None and s.entry.person_id != person.pk:
                continue
            rows.append((competition, s, s.entry.pk in first))
    label = _filtered_label("competitions", _("first places") if winners_only else "")
    columns = [_("Held on"), _("Competition"), _("Club"), _("Name"), _("Place in the club"), pgettext("ranking", "Place"), _("Score"),
               _("First in the club")]
    return Drill(label, columns, rows, lambda r: [
        Cell(r[0].held_on.isoformat()),
        Cell(r[0].name, reverse("training:competition_detail", args=[r[0].pk])),
        Cell(r[1].entry.club.name), _person(r[1].entry.person), Cell(r[1].club_place or "–"),
        Cell(r[1].place or "–"), Cell(r[1].total if r[1].scored else "–"), Cell(_("yes") if r[2] else ""),
    ])


def _rewards(kind):
    def make(*, ids, start, last, person, **_kw):
        from training import selectors as training
        from training.models import RewardPenalty

        rows = training.dated_rewards(club_ids=ids, start=start, end=last).filter(
            kind=kind, status=RewardPenalty.Status.APPROVED)
        if person is not None:
            rows = rows.filter(person=person)
        rows = rows.select_related("person", "person__team", "decided_by").order_by("date", "person__name", "pk")
        columns = [_("Date"), _("Name"), _("Team"), _("Category"), _("Reason"), _("Points"), _("Amount (¥)"),
                   _("Approved by")]
        return Drill(MODULES["rewards" if kind == "reward" else "penalties"], columns, rows, lambda r: [
            Cell(r.date.isoformat()), _person(r.person), Cell(r.person.team.name if r.person.team_id else ""),
            Cell(r.get_category_display()), Cell(r.reason), Cell(r.points), Cell(r.amount),
            Cell(r.decided_by.name if r.decided_by_id else ""),
        ])
    return make


def _meetings(*, ids, zones, start, last, params, person, **_kw):
    from meetings import selectors as meeting_selectors
    from meetings.models import Meeting

    rows = meeting_selectors.month_meetings(club_ids=ids, start=start, end=last)
    status = _choice(params, "status", Meeting.Status)
    if status:
        rows = rows.filter(status=status)
    if params.get("finalised") == "1":
        rows = rows.filter(finalised_at__isnull=False)
    if person is not None:
        rows = rows.filter(attendees__person=person)
    rows = rows.select_related("chair", "department").order_by("occurrence", "starts_at", "pk")
    label = _filtered_label("meetings", Meeting.Status(status).label if status else "",
                            _("minutes finalised") if params.get("finalised") == "1" else "")
    columns = [_("Day"), _("Starts at"), _("Meeting"), _("Status"), _("Chair"), _("Minutes finalised")]
    return Drill(label, columns, rows, lambda m: [
        Cell(m.occurrence.isoformat()), Cell(_local(m.starts_at, zones[m.club_id])),
        Cell(m.title, reverse("meetings:meeting_detail", args=[m.pk])), Cell(m.get_status_display()),
        _person(m.chair), Cell(_local(m.finalised_at, zones[m.club_id])),
    ])


def _action_items(*, ids, zones, start, last, params, person, **_kw):
    from meetings import selectors as meeting_selectors
    from meetings.models import ActionItem

    rows = meeting_selectors.month_action_items(club_ids=ids, start=start, end=last)
    status = _choice(params, "status", ActionItem.Status)
    if status:
        rows = rows.filter(status=status)
    overdue = params.get("state") == "overdue"
    if overdue:
        rows = rows.filter(meeting_selectors.overdue_items(last))
    if person is not None:
        rows = rows.filter(owner=person)
    rows = rows.select_related("owner", "meeting").order_by("meeting__occurrence", "due", "pk")
    label = _filtered_label("action_items", ActionItem.Status(status).label if status else "",
                            _("overdue") if overdue else "")
    columns = [_("Raised at"), _("What"), pgettext("action item", "Owner"), _("Due"), _("Status"), _("Closed at"), _("Note")]
    return Drill(label, columns, rows, lambda i: [
        Cell(i.meeting.occurrence.isoformat(), reverse("meetings:meeting_detail", args=[i.meeting_id])),
        Cell(i.what), _person(i.owner), Cell(i.due.isoformat()), Cell(i.get_status_display()),
        Cell(_local(i.closed_at, zones[i.club_id]) if i.club_id in zones else ""), Cell(i.note),
    ])


_MODULES = {
    "training_sessions": _training_sessions,
    "training_attendance": _training_attendance,
    "assessments": _assessments,
    "levels": _levels,
    "competitions": _competitions,
    "rewards": _rewards("reward"),
    "penalties": _rewards("penalty"),
    "meetings": _meetings,
    "action_items": _action_items,
}
