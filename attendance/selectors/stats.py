"""The floor's statistics: a day per team and department, the monthly sheet, a person's months.

Every count is made by the database with conditional aggregation; a page's query count does
not grow with the number of people.

Who is counted on a day: everyone (in the scope) with an attendance record that day, and
everyone employed that day (hired, not yet left) with no record: a rostered day off counts as
a day off, anything else as *not recorded*.
"""

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Avg, Count, Exists, F, FilteredRelation, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from kernel.months import month_days, month_range
from staff.models import Person

from ..models import Attendance, CustomerFeedback, GroomingCheck, LeaveType, RosterEntry, ServiceCheckScore, Status
from .daily import EARLY, FIRST_ROUND, LATE, MARKS, PLANNED_OFF, UNRECORDED, attendance_counts, flag

# --- Daily statistics -------------------------------------------------------------------------

# The columns of the daily figures; someone late and early counts in both columns.
DAY_COLUMNS = [
    ("on_time", Status.PRESENT.label),
    ("late", Status.LATE.label),
    ("left_early", Status.LEFT_EARLY.label),
    ("absent", Status.ABSENT.label),
    ("leave", Status.LEAVE.label),
    ("day_off", Status.DAY_OFF.label),
    ("not_recorded", Status.NOT_RECORDED.label),
]
DAY_ALERTS = {"late", "left_early", "absent", "not_recorded"}

_PLANNED_OFF = Q(rec__id__isnull=True, plan__id__isnull=False, plan__shift__isnull=True)
DAY_COUNTS = {
    "people": Count("id"),
    "on_time": Count("id", filter=Q(rec__status=Status.PRESENT)),
    "late": Count("id", filter=Q(rec__status__in=LATE)),
    "left_early": Count("id", filter=Q(rec__status__in=EARLY)),
    "absent": Count("id", filter=Q(rec__status=Status.ABSENT)),
    "leave": Count("id", filter=Q(rec__status=Status.LEAVE)),
    "day_off": Count("id", filter=Q(rec__status=Status.DAY_OFF) | _PLANNED_OFF),
    "not_recorded": Count(
        "id",
        filter=Q(rec__status=Status.NOT_RECORDED)
        | Q(rec__id__isnull=True, plan__id__isnull=True)
        | Q(rec__id__isnull=True, plan__shift__isnull=False),
    ),
}


def day_people(people, day):
    """Everyone of ``people`` (a Q over Person) who counts on ``day``, with that day's record and plan joined."""
    return (
        Person.objects.filter(people, hire_date__lte=day)
        .annotate(
            rec=FilteredRelation("attendance", condition=Q(attendance__date=day)),
            plan=FilteredRelation("roster", condition=Q(roster__date=day)),
        )
        .filter(Q(rec__id__isnull=False) | Q(status=Person.Status.ACTIVE) | Q(left_on__gt=day))
    )


@dataclass
class DayRow:
    label: str
    counts: dict
    query: str = ""  # to open this group's own page

    @property
    def people(self):
        return self.counts["people"]

    @property
    def cells(self):
        """(column, count, whether a manager should look at it) in the order of DAY_COLUMNS."""
        return [(key, self.counts[key], key in DAY_ALERTS and self.counts[key] > 0) for key, _label in DAY_COLUMNS]


@dataclass
class DayStats:
    day: datetime.date
    total: DayRow
    teams: list = field(default_factory=list)
    departments: list = field(default_factory=list)
    people: list = field(default_factory=list)


def _grouped(people, day, key):
    rows = day_people(people, day).values(key).order_by(key).annotate(**DAY_COUNTS)
    return {row[key]: row for row in rows}


def _zeros():
    return {name: 0 for name in DAY_COUNTS}


def day_stats(*, people, day, teams=(), departments=(), list_people=False):
    """One day's figures for ``people`` (a Q over Person): in total, per team, per department.

    ``teams`` and ``departments`` are the rows to show (objects); each row counts the people of
    ``people`` in it. ``list_people`` adds everyone's own status for the day (a team's page).
    """
    total = DayRow(_("Total"), day_people(people, day).aggregate(**DAY_COUNTS))
    stats = DayStats(day=day, total=total)
    if teams:
        by_team = _grouped(people & Q(team__in=[t.pk for t in teams]), day, "team_id")
        stats.teams = [DayRow(t.name, by_team.get(t.pk, _zeros()), f"team={t.pk}") for t in teams]
    if departments:
        by_department = _grouped(people & Q(department__in=[d.pk for d in departments]), day, "department_id")
        stats.departments = [
            DayRow(d.get_kind_display(), by_department.get(d.pk, _zeros()), f"department={d.pk}") for d in departments
        ]
    if list_people:
        stats.people = list(
            day_people(people, day)
            .annotate(
                day_status=F("rec__status"), day_late=F("rec__late_minutes"), day_early=F("rec__early_minutes"),
                day_leave=F("rec__leave_type"), day_shift=F("plan__shift__name"),
                planned_off=flag(_PLANNED_OFF),
            )
            .select_related("team")
            .order_by("name")
        )
        for person in stats.people:
            if person.day_status is None:
                person.day_status = Status.DAY_OFF if person.planned_off else Status.NOT_RECORDED
            person.day_status_label = Status(person.day_status).label
    return stats


# --- Monthly statistics ------------------------------------------------------------------------


# The totals of the monthly sheet, in the order the page and the spreadsheet show them.
MONTH_TOTALS = [
    ("worked", _("Days present")),
    ("late", _("Times late")),
    ("late_minutes", _("Minutes late")),
    ("early", _("Early leaves")),
    ("early_minutes", _("Minutes left early")),
    ("absent", _("Absences")),
    *[(f"leave_{value}", label) for value, label in LeaveType.choices],
    ("day_off", _("Days off")),
    ("not_recorded", _("Not recorded")),
]


class Cell:
    """One day of one person on the sheet: its day and its mark (shared by every cell with the same mark)."""

    __slots__ = ("day", "mark_of")

    def __init__(self, day, mark_of=None):
        self.day, self.mark_of = day, mark_of

    status = property(lambda self: self.mark_of.status if self.mark_of else "")
    mark = property(lambda self: self.mark_of.mark if self.mark_of else "")
    title = property(lambda self: self.mark_of.title if self.mark_of else "")
    tone = property(lambda self: self.mark_of.tone if self.mark_of else "")


@dataclass(frozen=True)
class Mark:
    """A distinct mark of the sheet with its title, translated once per sheet."""

    status: str
    mark: str
    title: str
    tone: str  # "bad", "warn", "muted" or "": how the page and the spreadsheet colour it


TONES = {
    Status.ABSENT: "bad", Status.NOT_RECORDED: "bad", UNRECORDED: "bad",
    Status.LATE: "warn", Status.LEFT_EARLY: "warn", Status.LATE_AND_LEFT_EARLY: "warn",
    Status.DAY_OFF: "muted", PLANNED_OFF: "muted", Status.LEAVE: "muted",
}


class Marks:
    """The sheet's marks in the reader's language: each status, leave kind and mark translated once.

    ``get(status, leave_type, late, early)`` returns the shared ``Mark``; a sheet of 30,000 days has
    a few dozen distinct ones.
    """

    def __init__(self):
        self.labels = {status: str(Status(status).label) for status in Status.values}
        self.leave = {value: str(label) for value, label in LeaveType.choices}
        self.marks = {str(status): str(mark) for status, mark in MARKS.items()}
        self.cache = {
            PLANNED_OFF: Mark(PLANNED_OFF, self.marks[Status.DAY_OFF], self.labels[Status.DAY_OFF], "muted"),
            UNRECORDED: Mark(UNRECORDED, self.marks[Status.NOT_RECORDED], self.labels[Status.NOT_RECORDED], "bad"),
        }

    def get(self, status, leave_type="", late=0, early=0):
        key = (status, leave_type, late, early) if status not in (PLANNED_OFF, UNRECORDED) else status
        mark = self.cache.get(key)
        if mark is None:
            title = self.labels[status]
            if status == Status.LEAVE and leave_type:
                title = self.leave.get(leave_type, title)
            if late:
                title += f" {late}′"
            if early:
                title += f" −{early}′"
            mark = self.cache[key] = Mark(status, self.marks[status], title, TONES.get(status, ""))
        return mark


@dataclass
class SheetRow:
    person: "SheetPerson"
    cells: list

    @property
    def totals(self):
        return [getattr(self.person, key) for key, _label in MONTH_TOTALS]

    @property
    def labelled_totals(self):
        return [(label, getattr(self.person, key)) for key, label in MONTH_TOTALS]


@dataclass
class MonthSheet:
    month: datetime.date
    days: list
    rows: list  # SheetRow; an iterator for ``month_sheet_rows``
    page: object = None  # the Paginator page of ``month_sheet_page``


# One order for the people and for their records, so that both are read in step (``_rows``).
PERSON_ORDER = (F("team__name").asc(nulls_last=True), "name", "pk")
RECORD_ORDER = (F("person__team__name").asc(nulls_last=True), "person__name", "person_id", "date")


def _on_sheet(people, first, end):
    """Q over Person: the people of ``people`` employed in the month, or with a record in it."""
    employed = Q(hire_date__lt=end) & (Q(status=Person.Status.ACTIVE) | Q(left_on__gte=first))
    has_records = Exists(Attendance.objects.filter(person=OuterRef("pk"), date__gte=first, date__lt=end))
    return people & (employed | has_records)


class SheetPerson:
    """A person on the sheet: what the sheet shows of them, and the month's totals (``MONTH_TOTALS``)."""

    def __init__(self, pk, name, team_id, team_name, hire_date, left_on, totals):
        self.pk, self.name, self.team_id, self.hire_date, self.left_on = pk, name, team_id, hire_date, left_on
        self.team = SimpleNamespace(pk=team_id, name=team_name) if team_id else None
        self.__dict__.update(totals)

    def __str__(self):
        return self.name


def _raw(queryset, size=2000):
    """The rows of a ``values_list`` query straight from the cursor, ``size`` at a time (no converter per value).

    A date comes as a date or, on SQLite, as its ISO text: the caller reads both.
    """
    try:
        sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:
        return
    cursor = connections[queryset.db].cursor()
    try:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(size):
            yield from rows
    finally:
        cursor.close()


def _rows(chosen, first, end, today, marks):
    """The rows of the people ``Person.objects.filter(chosen)``, in ``PERSON_ORDER``, as a generator.

    Four queries whatever the number of people. The month's totals are counted by the database
    (``attendance_counts``, grouped by person); the people, their totals, their records and their
    rostered days off are read in step, each ordered by person the same way, so memory holds one
    person's month at a time.
    """
    chosen_ids = Person.objects.filter(chosen).values("pk")
    totals = (  # in the people's order too: taken person by person, never all at once
        Attendance.objects.filter(person__in=chosen_ids, date__gte=first, date__lt=end)
        .values("person_id").order_by(*RECORD_ORDER[:-1]).annotate(**attendance_counts())
    )
    zeros = dict.fromkeys(attendance_counts(), 0)
    persons = (
        Person.objects.filter(chosen).order_by(*PERSON_ORDER)
        .values_list("pk", "name", "team_id", "team__name", "hire_date", "left_on")
    )
    records = (
        Attendance.objects.filter(person__in=chosen_ids, date__gte=first, date__lt=end)
        .order_by(*RECORD_ORDER)
        .values_list("person_id", "date", "status", "leave_type", "late_minutes", "early_minutes")
    )
    planned_off = (
        RosterEntry.objects.filter(person__in=chosen_ids, date__gte=first, date__lt=end, shift__isnull=True)
        .order_by(*RECORD_ORDER)
        .values_list("person_id", "date")
    )
    days = month_days(first)
    day_of = {**{day: day for day in days}, **{day.isoformat(): day for day in days}}
    record_stream, off_stream = _Stream(_raw(records)), _Stream(_raw(planned_off))
    total_stream = _Stream((row.pop("person_id"), row) for row in totals.iterator(2000))
    get = marks.get
    planned, unrecorded = get(PLANNED_OFF), get(UNRECORDED)
    for pk, name, team_id, team_name, hired, left_on in persons.iterator(500):
        counted = total_stream.take(pk)
        person = SheetPerson(pk, name, team_id, team_name, hired, left_on, counted[0][1] if counted else zeros)
        recorded = {day_of[row[1]]: row for row in record_stream.take(pk)}
        offs = {day_of[row[1]] for row in off_stream.take(pk)}
        row = []
        for day in days:
            record = recorded.get(day)
            if record is not None:
                row.append(Cell(day, get(record[2], record[3] or "", record[4] or 0, record[5] or 0)))
            elif hired <= day <= today and (left_on is None or day < left_on):
                if day in offs:
                    row.append(Cell(day, planned))
                    person.day_off += 1
                else:
                    row.append(Cell(day, unrecorded))
                    person.not_recorded += 1
            else:
                row.append(Cell(day))
        yield SheetRow(person, row)


class _Stream:
    """Rows ordered by person, taken one person at a time."""

    def __init__(self, rows):
        self.rows = iter(rows)
        self.head = next(self.rows, None)

    def take(self, person_id):
        taken = []
        while self.head is not None and self.head[0] == person_id:
            taken.append(self.head)
            self.head = next(self.rows, None)
        return taken


def month_sheet(*, people, month, today, marks=None):
    """The monthly sheet of ``people`` (a Q over Person): per person a cell per day and the month's totals.

    Recorded days are counted by the database. Days with no record follow the daily rule: a
    rostered day off counts as a day off, any other day the person was employed, up to
    ``today``, as not recorded. Three queries whatever the number of people: the people with
    their totals, the month's records, and the rostered days off.
    """
    sheet = month_sheet_rows(people=people, month=month, today=today, marks=marks)
    sheet.rows = list(sheet.rows)
    return sheet


def month_sheet_rows(*, people, month, today, marks=None):
    """``month_sheet`` with ``rows`` a generator: for the whole club streamed, and the spreadsheet."""
    first, end = month_range(month)
    rows = _rows(_on_sheet(people, first, end), first, end, today, marks or Marks())
    return MonthSheet(month=first, days=month_days(first), rows=rows)


def month_sheet_page(*, people, month, today, page=1, per_page=50, marks=None):
    """One page of ``month_sheet`` (``per_page`` people; Django's Paginator): five queries at any headcount.

    The page's people are chosen first by their ids (count, then ids of the page), so the
    counting and reading that follow touch only them.
    """
    first, end = month_range(month)
    ids = Person.objects.filter(_on_sheet(people, first, end)).order_by(*PERSON_ORDER).values_list("pk", flat=True)
    chosen = Paginator(ids, per_page).get_page(page)
    rows = list(_rows(Q(pk__in=list(chosen.object_list)), first, end, today, marks or Marks()))
    return MonthSheet(month=first, days=month_days(first), rows=rows, page=chosen)


# --- For the owner's monthly report (reports/) ----------------------------------------------------
#
# Chain-wide reads: each function answers for many clubs at once, grouped by club in SQL, so that
# the report's query count does not grow with the number of clubs or people.


def person_by_month(*, person, first, end):
    """One person's months in [first, end): attendance counts, first-round grooming, service score and feedback.

    {month first day: {...}}; four queries, each grouped by month in SQL (``TruncMonth`` of a
    local date, so no time zone is involved).
    """
    months = {}

    def put(rows, **rename):
        for row in rows:
            bucket = months.setdefault(row.pop("month"), {})
            bucket.update({rename.get(k, k): v for k, v in row.items()})

    put(
        Attendance.objects.filter(person=person, date__gte=first, date__lt=end)
        .annotate(month=TruncMonth("date")).values("month").order_by("month").annotate(**attendance_counts())
    )
    put(
        GroomingCheck.objects.filter(FIRST_ROUND, person=person, date__gte=first, date__lt=end)
        .annotate(month=TruncMonth("date")).values("month").order_by("month")
        .annotate(grooming_checks=Count("id"), grooming_passed=Count("id", filter=Q(passed=True)))
    )
    put(
        ServiceCheckScore.objects.filter(
            check_record__technician=person, check_record__date__gte=first, check_record__date__lt=end
        )
        .annotate(month=TruncMonth("check_record__date")).values("month").order_by("month")
        .annotate(quality_checks=Count("check_record", distinct=True), quality_average=Avg("score"))
    )
    put(
        CustomerFeedback.objects.filter(technician=person, date__gte=first, date__lt=end)
        .annotate(month=TruncMonth("date")).values("month").order_by("month")
        .annotate(
            praise=Count("id", filter=Q(kind=CustomerFeedback.Kind.PRAISE)),
            complaints=Count("id", filter=Q(kind=CustomerFeedback.Kind.COMPLAINT)),
        )
    )
    return months

