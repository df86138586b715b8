"""Reading meetings: the meeting and series pages, lists, "my action items", and a report's figures.

Every page reads a fixed number of queries whatever the number of attendees, decisions or
action items. A report's figures come from the other apps' query functions —
``attendance.selectors.daily.attendance_counts``, ``duties.selectors.completion_by`` and, where it
exists, ``training.selectors.department_figures`` — and from the meetings' own records.
"""

import datetime
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from attendance.models import Attendance
from attendance.selectors.daily import attendance_counts, attendance_rate
from duties.selectors import completion_by
from kernel import rates
from staff import registry
from staff.access import HEAD_DEPARTMENTS
from staff.models import Club, Department
from training import selectors as training_selectors

from . import access, recurrence
from .models import ActionItem, Attendee, Meeting, MeetingSeries, Report

OPEN = ActionItem.Status.OPEN


# --- One meeting ---------------------------------------------------------------------------------


def carried_items(meeting):
    """The series' action items raised at earlier meetings that were still open at this one.

    Open items, items closed after this meeting began, and items closed at this meeting: so a
    held meeting keeps showing what was carried to it, and the next one what is still open.
    """
    return (
        ActionItem.objects.filter(series_id=meeting.series_id, meeting__starts_at__lt=meeting.starts_at)
        .exclude(meeting_id=meeting.pk)
        .filter(Q(status=OPEN) | Q(closed_at__gte=meeting.starts_at) | Q(closed_in_id=meeting.pk))
        .select_related("owner", "meeting", "closed_in")
        .order_by("due", "pk")
    )


def item_histories(items):
    """``{item id: [history rows, newest first]}`` for ``items``, in one query."""
    ids = [item.pk for item in items]
    rows = (
        ActionItem.history.filter(id__in=ids)
        .select_related("history_user__person")
        .order_by("-history_date", "-history_id")
    )
    by_item = {}
    for row in rows:
        by_item.setdefault(row.id, []).append(row)
    return by_item


@dataclass
class MeetingPage:
    meeting: Meeting
    attendees: list
    decisions: list
    raised: list
    carried: list
    report: Report | None
    corrections: list
    previous: Meeting | None = None
    next: Meeting | None = None
    counts: dict = field(default_factory=dict)


def meeting_page(meeting):
    """Everything the meeting page shows, in a fixed number of queries."""
    attendees = list(meeting.attendees.select_related("person").order_by("-expected", "person__name"))
    raised = list(meeting.raised_items.select_related("owner", "closed_in").order_by("pk"))
    carried = list(carried_items(meeting))
    counts = {status: 0 for status in Attendee.Status.values}
    for row in attendees:
        if row.status:
            counts[row.status] += 1
    counts["not_taken"] = sum(1 for row in attendees if not row.status)
    histories = item_histories(raised + carried)
    for item in raised + carried:
        item.history_rows = histories.get(item.pk, [])
    siblings = Meeting.objects.filter(series_id=meeting.series_id).exclude(pk=meeting.pk)
    return MeetingPage(
        meeting=meeting,
        attendees=attendees,
        decisions=list(meeting.decisions.select_related("created_by").order_by("order", "pk")),
        raised=raised,
        carried=carried,
        report=Report.objects.filter(meeting=meeting).select_related("to").first(),
        corrections=list(meeting.corrections.select_related("by")),
        previous=siblings.filter(starts_at__lt=meeting.starts_at).order_by("-starts_at").first(),
        next=siblings.filter(starts_at__gt=meeting.starts_at).order_by("starts_at").first(),
        counts=counts,
    )


# --- Lists -----------------------------------------------------------------------------------------


def meeting_list(viewer, *, start, end, club=None, mine=False):
    """Meetings ``viewer`` may read that start in [start, end) (aware datetimes), oldest first."""
    meetings = access.visible_meetings(viewer).filter(starts_at__gte=start, starts_at__lt=end)
    if club is not None:
        meetings = meetings.filter(club=club)
    if mine:
        meetings = meetings.filter(Q(chair=viewer) | Q(attendees__person=viewer)).distinct()
    return (
        meetings.select_related("club", "department", "chair", "series")
        .annotate(
            n_expected=Count("attendees", filter=Q(attendees__expected=True), distinct=True),
            n_there=Count("attendees", filter=Q(attendees__status__in=["present", "late"]), distinct=True),
        )
        .order_by("starts_at", "pk")
    )


def my_action_items(person, today, *, closed_days=30):
    """The person's open items across series, overdue first (earliest due first), and those closed lately."""
    base = ActionItem.objects.filter(owner=person).select_related("meeting", "series", "club", "closed_in")
    open_items = list(base.filter(status=OPEN).order_by("due", "pk"))
    since = timezone.now() - datetime.timedelta(days=closed_days)
    closed = list(base.exclude(status=OPEN).filter(closed_at__gte=since).order_by("-closed_at"))
    readable = set(
        access.visible_meetings(person).filter(pk__in={i.meeting_id for i in open_items + closed}).values_list("pk", flat=True)
    )
    for item in open_items + closed:
        item.overdue = item.is_overdue(today)
        item.meeting_readable = item.meeting_id in readable
    return open_items, closed


def series_page(series, now):
    """The series with its meetings to come, its last meetings and its open action items (fixed queries)."""
    meetings = Meeting.objects.filter(series=series).annotate(
        n_expected=Count("attendees", filter=Q(attendees__expected=True), distinct=True),
        n_there=Count("attendees", filter=Q(attendees__status__in=["present", "late"]), distinct=True),
    ).select_related("chair")
    return {
        "upcoming": list(meetings.filter(starts_at__gte=now).order_by("starts_at")[:20]),
        "past": list(meetings.filter(starts_at__lt=now).order_by("-starts_at")[:20]),
        "open_items": list(series.action_items.filter(status=OPEN).select_related("owner", "meeting").order_by("due")),
        "teams": list(series.teams.all()),
        "people": list(series.people.all()),
        "changes": list(series.history.select_related("history_user__person").order_by("-history_date")[:10]),
    }


def visible_reports(viewer):
    return (
        Report.objects.filter(access.reports_filter(viewer))
        .select_related("meeting", "club", "department", "to", "author")
        .order_by("-period_end", "-pk")
    )


# --- A report's figures ---------------------------------------------------------------------------


def report_kinds(meeting):
    """The departments a report speaks for: the meeting's, then the others its chair heads."""
    kinds = []
    if meeting.department_id:
        kinds.append(meeting.department.kind)
    if meeting.chair_id:
        kinds += sorted(k for k in HEAD_DEPARTMENTS.get(meeting.chair.position, ()) if k not in kinds)
    if not kinds:
        kinds = list(Department.objects.filter(club=meeting.club_id).values_list("kind", flat=True).order_by("kind"))
    return [str(k) for k in kinds]


_rate = rates.rate


def _attendance(club, kinds, start, end):
    rows = (
        Attendance.objects.filter(club=club, date__gte=start, date__lte=end, person__department__kind__in=kinds)
        .values("person__department__kind")
        .order_by("person__department__kind")
        .annotate(**attendance_counts())
    )
    found = {row.pop("person__department__kind"): row for row in rows}
    result = {}
    for kind in kinds:
        row = found.get(kind, {})
        figures = {key: row.get(key, 0) for key in ("worked", "late", "early", "absent", "leave", "not_recorded")}
        figures["rate"] = attendance_rate(figures)
        result[kind] = figures
    return result


def _checklists(club, kinds, start, end, today):
    rows = completion_by(club_ids=[club.pk], start=start, end=end, today=today, group="department")
    found = {row["checklist__person__department__kind"]: row for row in rows}
    return {
        kind: {key: found[kind][key] for key in ("done", "not_done", "na", "overdue", "total", "rate")}
        if kind in found else None
        for kind in kinds
    }


def training_figures(club, kind, start, end):
    """The training figures of a department for the report's period, or None when it has none."""
    figures = training_selectors.department_figures(club=club, department_kind=kind, start=start, end=end)
    if figures is None:
        return None
    keys = ("sessions_held", "attendance_rate", "assessments_taken", "pass_rate")
    # Stored as JSON with the report: a Decimal rate becomes a float.
    return {key: float(v) if isinstance(v := figures.get(key), Decimal) else v for key in keys}


def _period_bounds(club, start, end):
    zone = club.zone
    return (recurrence.local_start(start, datetime.time(0), zone),
            recurrence.local_start(end + datetime.timedelta(days=1), datetime.time(0), zone))


def _meetings(club, department_id, since, until):
    series = MeetingSeries.objects.filter(club=club, department_id=department_id)
    row = Meeting.objects.filter(series__in=series, starts_at__gte=since, starts_at__lt=until).aggregate(
        scheduled=Count("pk"),
        held=Count("pk", filter=Q(status=Meeting.Status.HELD)),
        cancelled=Count("pk", filter=Q(status=Meeting.Status.CANCELLED)),
        finalised=Count("pk", filter=Q(finalised_at__isnull=False)),
    )
    row["rate"] = _rate(row["held"], row["scheduled"] - row["cancelled"])
    return row


def _action_items(club, department_id, since, until, end, today):
    items = ActionItem.objects.filter(series__club=club, series__department_id=department_id, meeting__starts_at__lt=until)
    overdue_before = min(end + datetime.timedelta(days=1), today)
    still_open = Q(status=OPEN) | Q(closed_at__gte=until)
    return items.aggregate(
        raised=Count("pk", filter=Q(meeting__starts_at__gte=since)),
        done=Count("pk", filter=Q(status=ActionItem.Status.DONE, closed_at__gte=since, closed_at__lt=until)),
        dropped=Count("pk", filter=Q(status=ActionItem.Status.DROPPED, closed_at__gte=since, closed_at__lt=until)),
        open=Count("pk", filter=still_open),
        overdue=Count("pk", filter=still_open & Q(due__lt=overdue_before)),
    )


def report_figures(*, meeting, start, end, today):
    """The period's figures for the report of ``meeting``: per department, and for its meetings.

    Stored with the report (a JSON snapshot), so a submitted report keeps saying what its
    author read. ``None`` for a department's part means the source has no figures.
    """
    club = meeting.club
    kinds = report_kinds(meeting)
    since, until = _period_bounds(club, start, end)
    attendance = _attendance(club, kinds, start, end)
    checklists = _checklists(club, kinds, start, end, today)
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "departments": [
            {"kind": kind, "attendance": attendance[kind], "checklists": checklists[kind],
             "training": training_figures(club, kind, start, end)}
            for kind in kinds
        ],
        "meetings": _meetings(club, meeting.department_id, since, until),
        "action_items": _action_items(club, meeting.department_id, since, until, end, today),
        # the apps above meetings (plans: the chair's targets against actuals), kept with the report alike
        **registry.summary_figures(meeting.chair, start, end),
    }


@dataclass
class FigureTable:
    title: str
    columns: list
    rows: list  # (label, [value per column])
    missing: str = ""


def _show(value, percent=False):
    if percent:
        return rates.percent(value)
    return rates.NO_VALUE if value is None else str(value)


def _with_rates(part, values):
    """A department's figures with its rate worked out from the counts beside it, the one way ClubOps does.

    A report submitted before the rate had one definition keeps its counts; its rate is read again
    from them, so the table never contradicts itself.
    """
    if part == "attendance" and values is not None:
        return {**values, "rate": attendance_rate(values)}
    return values


def figure_tables(figures):
    """A report's figures as labelled tables, for the page and the PDF alike (in the active language)."""
    if not figures:
        return []
    departments = figures.get("departments", [])
    columns = [str(Department.Kind(d["kind"]).label) if d["kind"] in Department.Kind.values else d["kind"]
               for d in departments]
    not_yet = _("not available yet")

    def per_department(part, spec):
        rows = []
        for key, label, percent in spec:
            rows.append((label, [
                _show(_with_rates(part, d[part]).get(key), percent) if d.get(part) is not None else not_yet
                for d in departments
            ]))
        return rows

    tables = [
        FigureTable(_("Attendance"), columns, per_department("attendance", [
            ("worked", _("Days worked"), False), ("late", _("Times late"), False),
            ("early", _("Early leaves"), False), ("absent", _("Absences"), False), ("leave", _("Days on leave"), False),
            ("not_recorded", _("Not recorded"), False), ("rate", _("Attendance rate"), True),
        ])),
        FigureTable(_("Checklist completion"), columns, per_department("checklists", [
            ("done", _("Done"), False), ("not_done", _("Not done"), False), ("na", _("Not applicable"), False),
            ("overdue", _("Overdue"), False), ("rate", _("Completion rate"), True),
        ])),
        FigureTable(_("Training"), columns, per_department("training", [
            ("sessions_held", _("Sessions held"), False), ("attendance_rate", _("Training attendance"), True),
            ("assessments_taken", _("Assessments taken"), False), ("pass_rate", _("Pass rate"), True),
        ])),
    ]
    meetings = figures.get("meetings") or {}
    tables.append(FigureTable(_("Meetings"), [_("Count")], [
        (_("Scheduled"), [_show(meetings.get("scheduled"))]),
        (_("Held"), [_show(meetings.get("held"))]),
        (_("Cancelled"), [_show(meetings.get("cancelled"))]),
        (_("Minutes finalised"), [_show(meetings.get("finalised"))]),
        (_("Held of those not cancelled"), [_show(meetings.get("rate"), True)]),
    ]))
    items = figures.get("action_items") or {}
    tables.append(FigureTable(_("Action items"), [_("Count")], [
        (_("Raised"), [_show(items.get("raised"))]),
        (_("Done"), [_show(items.get("done"))]),
        (_("Dropped"), [_show(items.get("dropped"))]),
        (_("Open at the end of the period"), [_show(items.get("open"))]),
        (_("Overdue"), [_show(items.get("overdue"))]),
    ]))
    tables += [FigureTable(title, columns, rows) for title, columns, rows in registry.summary_tables(figures)]
    return tables


# --- For the owner's monthly report -------------------------------------------------------------


def _on_days(club_ids, start, end, prefix=""):
    """A Q over meetings (``prefix`` = the path to one) whose day falls from ``start`` to ``end``:
    a series' date, or for a meeting added by hand the day it starts in its club's time zone."""
    clubs = Club.objects.all() if club_ids is None else Club.objects.filter(pk__in=club_ids)
    by_hand = Q(pk__in=[])
    for zone in clubs.values_list("time_zone", flat=True).distinct().order_by():
        tz = zoneinfo.ZoneInfo(zone)
        by_hand |= Q(**{
            f"{prefix}club__time_zone": zone,
            f"{prefix}starts_at__gte": datetime.datetime.combine(start, datetime.time(0), tzinfo=tz),
            f"{prefix}starts_at__lt": datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(0), tzinfo=tz),
        })
    return Q(**{f"{prefix}occurrence__gte": start, f"{prefix}occurrence__lte": end}) | (
        Q(**{f"{prefix}occurrence__isnull": True}) & by_hand
    )


def month_meetings(*, club_ids, start, end):
    """The meetings of a day from ``start`` to ``end`` (both included): ``meetings_scheduled``."""
    meetings = Meeting.objects.filter(_on_days(club_ids, start, end))
    return meetings if club_ids is None else meetings.filter(club_id__in=club_ids)


def month_action_items(*, club_ids, start, end):
    """The action items raised at those meetings: ``action_items_raised``."""
    items = ActionItem.objects.filter(_on_days(club_ids, start, end, prefix="meeting__"))
    return items if club_ids is None else items.filter(series__club_id__in=club_ids)


def overdue_items(end):
    """A Q over ActionItem: still open and due before ``end``'s next day (``action_items_overdue``)."""
    return Q(status=OPEN, due__lt=end + datetime.timedelta(days=1))


def meeting_figures(*, club_ids, start, end):
    """Per club, for the meetings whose day falls from ``start`` to ``end`` (both included, club-local dates):
    ``{club id: {meetings_scheduled, meetings_held, meetings_cancelled, minutes_finalised, held_rate,
    action_items_raised, action_items_done, action_items_dropped, action_items_open, action_items_overdue}}``.

    Two queries, whatever the number of clubs. An item is overdue when it is still open and its due
    date is before ``end``'s next day.
    """
    meetings = month_meetings(club_ids=club_ids, start=start, end=end)
    items = month_action_items(club_ids=club_ids, start=start, end=end)
    result = {}
    for row in meetings.values("club_id").annotate(
        meetings_scheduled=Count("pk"),
        meetings_held=Count("pk", filter=Q(status=Meeting.Status.HELD)),
        meetings_cancelled=Count("pk", filter=Q(status=Meeting.Status.CANCELLED)),
        minutes_finalised=Count("pk", filter=Q(finalised_at__isnull=False)),
    ):
        club_id = row.pop("club_id")
        row["held_rate"] = _rate(row["meetings_held"], row["meetings_scheduled"] - row["meetings_cancelled"])
        result[club_id] = row
    for row in items.values("series__club_id").annotate(
        action_items_raised=Count("pk"),
        action_items_done=Count("pk", filter=Q(status=ActionItem.Status.DONE)),
        action_items_dropped=Count("pk", filter=Q(status=ActionItem.Status.DROPPED)),
        action_items_open=Count("pk", filter=Q(status=OPEN)),
        action_items_overdue=Count("pk", filter=overdue_items(end)),
    ):
        result.setdefault(row.pop("series__club_id"), {}).update(row)
    return result
