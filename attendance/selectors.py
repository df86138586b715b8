"""Reading the floor's figures: daily and monthly statistics, the follow-up lists, the lock overview.

Every count is made by the database with conditional aggregation; a page's query count does
not grow with the number of people. The status groups and the honour-roll rule are written
once here and used by the pages, the XLSX export, the jobs and the person page.

Who is counted on a day: everyone (in the scope) with an attendance record that day, and
everyone employed that day (hired, not yet left) with no record: a rostered day off counts as
a day off, anything else as *not recorded*.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, Count, F, FilteredRelation, Prefetch, Q, Sum, Value, When
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from staff.models import Person

from .models import Attendance, AttendancePolicy, AttendanceTalk, JobRun, LeaveType, MonthLock, RosterEntry, Status
from .months import month_days, month_range, month_start

LATE = (Status.LATE, Status.LATE_AND_LEFT_EARLY)
EARLY = (Status.LEFT_EARLY, Status.LATE_AND_LEFT_EARLY)
WORKED = (Status.PRESENT, Status.LATE, Status.LEFT_EARLY, Status.LATE_AND_LEFT_EARLY)

# The short mark of a day in the monthly grid; translators may use 到/迟/早/旷/假/休/漏.
MARKS = {
    Status.PRESENT: pgettext_lazy("attendance mark", "✓"),
    Status.LATE: pgettext_lazy("attendance mark", "L"),
    Status.LEFT_EARLY: pgettext_lazy("attendance mark", "E"),
    Status.LATE_AND_LEFT_EARLY: pgettext_lazy("attendance mark", "LE"),
    Status.ABSENT: pgettext_lazy("attendance mark", "A"),
    Status.LEAVE: pgettext_lazy("attendance mark", "V"),
    Status.DAY_OFF: pgettext_lazy("attendance mark", "O"),
    Status.NOT_RECORDED: pgettext_lazy("attendance mark", "?"),
}


def legend():
    """(mark, meaning) for every mark of the monthly grid."""
    return [(str(mark), str(Status(status).label)) for status, mark in MARKS.items()]


PLANNED_OFF = "planned_off"  # no record, but the roster says day off
UNRECORDED = "unrecorded"  # no record at all on a day the person was employed


def attendance_counts(path=""):
    """The month's counts over Attendance rows reached through ``path`` ("" on Attendance itself)."""

    def n(**lookups):
        return Count(f"{path}id", filter=Q(**{f"{path}{k}": v for k, v in lookups.items()}))

    counts = {
        "records": Count(f"{path}id"),
        "worked": n(status__in=WORKED),
        "on_time": n(status=Status.PRESENT),
        "late": n(status__in=LATE),
        "late_minutes": Sum(f"{path}late_minutes", filter=Q(**{f"{path}status__in": LATE}), default=0),
        "early": n(status__in=EARLY),
        "early_minutes": Sum(f"{path}early_minutes", filter=Q(**{f"{path}status__in": EARLY}), default=0),
        "absent": n(status=Status.ABSENT),
        "leave": n(status=Status.LEAVE),
        "day_off": n(status=Status.DAY_OFF),
        "not_recorded": n(status=Status.NOT_RECORDED),
    }
    for value in LeaveType.values:
        counts[f"leave_{value}"] = n(status=Status.LEAVE, leave_type=value)
    return counts


# The honour roll (seed: technical manager duty 8): worked that month, never late, never left early, never absent.
HONOUR = Q(worked__gt=0, late=0, early=0, absent=0)


def _flag(condition):
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def needs_talk_q(policy):
    """Late or absent often enough for a talk under the club's policy; a threshold of 0 is off."""
    q = Q(pk__in=[])
    if policy.talk_after_late_count:
        q |= Q(late__gte=policy.talk_after_late_count)
    if policy.talk_after_absences:
        q |= Q(absent__gte=policy.talk_after_absences)
    return q


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
                planned_off=_flag(_PLANNED_OFF),
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


@dataclass
class Cell:
    day: datetime.date
    status: str = ""
    mark: str = ""
    title: str = ""


@dataclass
class SheetRow:
    person: Person
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
    rows: list


def _month_people(people, first, end):
    employed = Q(hire_date__lt=end) & (Q(status=Person.Status.ACTIVE) | Q(left_on__gte=first))
    return (
        Person.objects.filter(people)
        .annotate(m=FilteredRelation("attendance", condition=Q(attendance__date__gte=first, attendance__date__lt=end)))
        .annotate(**attendance_counts("m__"))
        .filter(Q(records__gt=0) | employed)
    )


def _cell(day, status, leave_type="", late=0, early=0):
    if status == PLANNED_OFF:
        return Cell(day, PLANNED_OFF, str(MARKS[Status.DAY_OFF]), str(Status.DAY_OFF.label))
    if status == UNRECORDED:
        return Cell(day, UNRECORDED, str(MARKS[Status.NOT_RECORDED]), str(Status.NOT_RECORDED.label))
    title = str(Status(status).label)
    if status == Status.LEAVE and leave_type:
        title = str(LeaveType(leave_type).label)
    if late:
        title += f" {late}′"
    if early:
        title += f" −{early}′"
    return Cell(day, status, str(MARKS[Status(status)]), title)


def month_sheet(*, people, month, today):
    """The monthly sheet of ``people`` (a Q over Person): per person a cell per day and the month's totals.

    Recorded days are counted by the database. Days with no record follow the daily rule: a
    rostered day off counts as a day off, any other day the person was employed, up to
    ``today``, as not recorded. Three queries whatever the number of people: the people with
    their totals, the month's records, and the rostered days off.
    """
    first, end = month_range(month)
    persons = list(
        _month_people(people, first, end)
        .select_related("team")
        .order_by(F("team__name").asc(nulls_last=True), "name")
    )
    ids = [p.pk for p in persons]
    records = Attendance.objects.filter(person_id__in=ids, date__gte=first, date__lt=end).values_list(
        "person_id", "date", "status", "leave_type", "late_minutes", "early_minutes"
    )
    cells = {(pid, day): _cell(day, status, leave, late, early) for pid, day, status, leave, late, early in records}
    planned_off = set(
        RosterEntry.objects.filter(person_id__in=ids, date__gte=first, date__lt=end, shift__isnull=True).values_list(
            "person_id", "date"
        )
    )
    days = month_days(first)
    rows = []
    for person in persons:
        row = []
        for day in days:
            cell = cells.get((person.pk, day))
            if cell is None and _employed(person, day) and day <= today:
                if (person.pk, day) in planned_off:
                    cell = _cell(day, PLANNED_OFF)
                    person.day_off += 1
                else:
                    cell = _cell(day, UNRECORDED)
                    person.not_recorded += 1
            row.append(cell or Cell(day))
        rows.append(SheetRow(person, row))
    return MonthSheet(month=first, days=days, rows=rows)


def _employed(person, day):
    return person.hire_date <= day and (person.left_on is None or day < person.left_on)


# --- Follow-up: honour roll and "needs a talk" ---------------------------------------------------


@dataclass
class MonthFollowup:
    month: datetime.date
    policy: AttendancePolicy
    honour_roll: list
    needs_talk: list


def month_followup(club, month, *, among=None):
    """The month's honour roll and talk list for ``club``: one query for the people and their counts.

    Only active people count. ``among`` (a Q over Person, e.g. ``access.people_filter(viewer)``)
    narrows it to whom a reader may see. Each person comes with ``talk``: the talk recorded
    about this month, or None.
    """
    policy = AttendancePolicy.for_club(club)
    first, end = month_range(month)
    people = (
        Person.objects.active()
        .filter(club=club)
        .filter(among if among is not None else Q())
        .annotate(m=FilteredRelation("attendance", condition=Q(attendance__date__gte=first, attendance__date__lt=end)))
        .annotate(**attendance_counts("m__"))
        .annotate(
            honour=_flag(HONOUR),
            needs_talk=_flag(needs_talk_q(policy)),
        )
        .filter(Q(honour=True) | Q(needs_talk=True))
        .select_related("team", "department")
        .prefetch_related(
            Prefetch(
                "attendance_talks",
                queryset=AttendanceTalk.objects.filter(month=first).select_related("held_by"),
                to_attr="month_talks",
            )
        )
        .order_by("-absent", "-late", F("team__name").asc(nulls_last=True), "name")
    )
    honour, talk = [], []
    for person in people:
        person.talk = person.month_talks[0] if person.month_talks else None
        (talk if person.needs_talk else honour).append(person)
    honour.sort(key=lambda p: (p.team.name if p.team else "\uffff", p.name))
    return MonthFollowup(month=first, policy=policy, honour_roll=honour, needs_talk=talk)


@dataclass
class PersonFollowup:
    honour_months: list  # first days of the finished months on the honour roll, newest first
    talks: list  # AttendanceTalk, newest month first
    talk_months: list = field(default_factory=list)  # months on the "needs a talk" list, newest first


def followup_for_person(person, *, today=None):
    """A person's honour-roll months, "needs a talk" months and talks, for their page (four queries).

    The caller has already checked that the reader may see ``person`` (``staff.access``).
    The running month is left out of the honour roll: it is not over.
    """
    zone = person.club.zone if person.club_id else None
    this_month = month_start(today or timezone.localdate(timezone=zone))
    months = (
        Attendance.objects.filter(person=person, date__lt=this_month)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .order_by("-month")
        .annotate(**attendance_counts())
        .filter(HONOUR)
        .values_list("month", flat=True)
    )
    talks = AttendanceTalk.objects.filter(person=person).select_related("held_by").order_by("-month")
    monthly = (
        Attendance.objects.filter(person=person, date__lt=this_month)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .order_by("-month")
        .annotate(**attendance_counts())
    )
    talk_months = []
    if person.club_id:
        talk_months = list(monthly.filter(needs_talk_q(AttendancePolicy.for_club(person.club))).values_list("month", flat=True))
    return PersonFollowup(honour_months=list(months), talks=list(talks), talk_months=talk_months)


# --- The month lock page ---------------------------------------------------------------------------


@dataclass
class MonthState:
    month: datetime.date
    days: int
    lock: MonthLock | None
    records: int
    not_recorded: int
    days_closed: int
    is_over: bool

    @property
    def days_open(self):
        return self.days - self.days_closed


def lock_overview(club, months, *, today):
    """For each month (first days): its lock, records, not-recorded days and closed days; three queries."""
    oldest, end = min(months), month_range(max(months))[1]
    locks = {
        lock.month: lock for lock in MonthLock.objects.filter(club=club, month__in=months).select_related("locked_by")
    }
    records = {
        row["month"]: row
        for row in Attendance.objects.filter(club=club, date__gte=oldest, date__lt=end)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .order_by("month")
        .annotate(records=Count("id"), not_recorded=Count("id", filter=Q(status=Status.NOT_RECORDED)))
    }
    closed = {
        row["month"]: row["n"]
        for row in JobRun.objects.filter(club=club, job=JobRun.Job.CLOSE_DAY, period__gte=oldest, period__lt=end)
        .annotate(month=TruncMonth("period"))
        .values("month")
        .order_by("month")
        .annotate(n=Count("id"))
    }
    this_month = month_start(today)
    return [
        MonthState(
            month=m, days=len(month_days(m)), lock=locks.get(m),
            records=records.get(m, {}).get("records", 0), not_recorded=records.get(m, {}).get("not_recorded", 0),
            days_closed=closed.get(m, 0), is_over=m < this_month,
        )
        for m in months
    ]


# --- For the owner's monthly report (reports/) ----------------------------------------------------
#
# Chain-wide reads: each function answers for many clubs at once, grouped by club in SQL, so that
# the report's query count does not grow with the number of clubs or people. Dates are the
# clubs' local dates; moments (``issued_at``) are given per club as local-midnight bounds.

from django.db.models import Avg, Max, OuterRef, Subquery  # noqa: E402
from django.db.models.functions import Coalesce  # noqa: E402

from .models import (  # noqa: E402
    ConsumableIssue,
    ConsumableItem,
    CustomerFeedback,
    GroomingCheck,
    GroomingFailure,
    HygieneCheck,
    HygieneFailure,
    ServiceCheckScore,
    StockReceipt,
)

# The grooming figure counts the morning inspection (the first round); a re-check is a correction of it.
FIRST_ROUND = Q(round=1)


def in_club_bounds(field, club_field, bounds):
    """A Q keeping rows whose ``field`` (a moment) lies in their club's ``bounds``: {club id: (start, end)}."""
    q = Q(pk__in=[])
    for club_id, (start, end) in bounds.items():
        q |= Q(**{club_field: club_id, f"{field}__gte": start, f"{field}__lt": end})
    return q


def attendance_by_club(*, club_ids, first, end):
    """{club id: the month's attendance counts} (``attendance_counts``), one query."""
    rows = (
        Attendance.objects.filter(club_id__in=club_ids, date__gte=first, date__lt=end)
        .values("club_id").order_by("club_id").annotate(**attendance_counts())
    )
    return {row.pop("club_id"): row for row in rows}


def days_closed_by_club(*, club_ids, first, end):
    """{club id: days the evening job closed in [first, end)}, one query."""
    rows = (
        JobRun.objects.filter(club_id__in=club_ids, job=JobRun.Job.CLOSE_DAY, period__gte=first, period__lt=end)
        .values("club_id").order_by("club_id").annotate(n=Count("id"))
    )
    return {row["club_id"]: row["n"] for row in rows}


def followup_by_club(*, clubs, month):
    """``month_followup`` for many clubs in three queries: {club id: MonthFollowup}.

    The same rule as ``month_followup`` (active people, ``HONOUR``, each club's ``needs_talk_q``);
    each person comes with ``talk`` (the talk about this month, or None).
    """
    first, end = month_range(month)
    clubs = list(clubs)
    saved = {p.club_id: p for p in AttendancePolicy.objects.filter(club__in=clubs)}
    policies = {club.pk: saved.get(club.pk) or AttendancePolicy(club=club) for club in clubs}
    needs_talk = Q(pk__in=[])
    for club_id, policy in policies.items():
        needs_talk |= Q(club_id=club_id) & needs_talk_q(policy)
    people = (
        Person.objects.active()
        .filter(club__in=clubs)
        .annotate(m=FilteredRelation("attendance", condition=Q(attendance__date__gte=first, attendance__date__lt=end)))
        .annotate(**attendance_counts("m__"))
        .annotate(honour=_flag(HONOUR), needs_talk=_flag(needs_talk))
        .filter(Q(honour=True) | Q(needs_talk=True))
        .select_related("team")
        .prefetch_related(
            Prefetch(
                "attendance_talks",
                queryset=AttendanceTalk.objects.filter(month=first).select_related("held_by"),
                to_attr="month_talks",
            )
        )
        .order_by("club_id", "-absent", "-late", F("team__name").asc(nulls_last=True), "name")
    )
    result = {pk: MonthFollowup(month=first, policy=policy, honour_roll=[], needs_talk=[]) for pk, policy in policies.items()}
    for person in people:
        person.talk = person.month_talks[0] if person.month_talks else None
        followup = result[person.club_id]
        (followup.needs_talk if person.needs_talk else followup.honour_roll).append(person)
    return result


def grooming_by_club(*, club_ids, first, end):
    """{club id: {"checks", "passed"}} of the month's first-round grooming checks, one query."""
    rows = (
        GroomingCheck.objects.filter(FIRST_ROUND, person__club_id__in=club_ids, date__gte=first, date__lt=end)
        .values("person__club_id").order_by("person__club_id")
        .annotate(checks=Count("id"), passed=Count("id", filter=Q(passed=True)))
    )
    return {row["person__club_id"]: {"checks": row["checks"], "passed": row["passed"]} for row in rows}


def grooming_failures_by_club(*, club_ids, first, end):
    """Rows (club id, item id, key, name, failures) of the month's first-round grooming checks, most failed first."""
    return list(
        GroomingFailure.objects.filter(
            check_record__round=1, check_record__person__club_id__in=club_ids,
            check_record__date__gte=first, check_record__date__lt=end,
        )
        .values(club_id=F("check_record__person__club_id"), item_key=F("item__key"), item_name=F("item__name"))
        .annotate(failures=Count("id"), item_id=Max("item_id"))
        .order_by("club_id", "-failures", "item_id")
    )


def hygiene_by_club(*, club_ids, first, end):
    """{club id: {"checks", "passed"}} of the month's area hygiene checks, one query."""
    rows = (
        HygieneCheck.objects.filter(area__club_id__in=club_ids, date__gte=first, date__lt=end)
        .values("area__club_id").order_by("area__club_id")
        .annotate(checks=Count("id"), passed=Count("id", filter=Q(passed=True)))
    )
    return {row["area__club_id"]: {"checks": row["checks"], "passed": row["passed"]} for row in rows}


def hygiene_failures_by_club(*, club_ids, first, end):
    """Rows (club id, item id, key, name, failures) of the month's hygiene checks, most failed first."""
    return list(
        HygieneFailure.objects.filter(
            check_record__area__club_id__in=club_ids, check_record__date__gte=first, check_record__date__lt=end
        )
        .values(club_id=F("check_record__area__club_id"), item_key=F("item__key"), item_name=F("item__name"))
        .annotate(failures=Count("id"), item_id=Max("item_id"))
        .order_by("club_id", "-failures", "item_id")
    )


def consumables_issued_by_club(*, bounds):
    """Rows (club id, item id, name, unit, issues, quantity) of what was issued within each club's ``bounds``."""
    return list(
        ConsumableIssue.objects.filter(in_club_bounds("issued_at", "item__club_id", bounds))
        .values(club_id=F("item__club_id"), item_name=F("item__name"), item_unit=F("item__unit"))
        .annotate(item_id=Max("item_id"), issues=Count("id"), quantity=Sum("quantity"))
        .order_by("club_id", "-quantity", "item_name")
    )


def low_stock_by_club(*, moments):
    """Items in use that were at or below their low-stock threshold at each club's moment: {club id: moment}.

    The stock at a moment is today's stock plus what was issued since, less what was received
    since (on or after the moment's local date); one query.
    """
    issued_since = Q(pk__in=[])
    received_since = Q(pk__in=[])
    for club_id, at in moments.items():
        issued_since |= Q(item__club_id=club_id, issued_at__gte=at)
        received_since |= Q(item__club_id=club_id, received_on__gte=at.date())
    issued = ConsumableIssue.objects.filter(issued_since, item=OuterRef("pk")).order_by().values("item")
    received = StockReceipt.objects.filter(received_since, item=OuterRef("pk")).order_by().values("item")
    return list(
        ConsumableItem.objects.filter(club_id__in=list(moments), is_active=True)
        .annotate(
            stock_then=F("stock")
            + Coalesce(Subquery(issued.annotate(n=Sum("quantity")).values("n")), 0)
            - Coalesce(Subquery(received.annotate(n=Sum("quantity")).values("n")), 0)
        )
        .filter(stock_then__lte=F("low_stock_threshold"))
        .values("club_id", "id", "name", "unit", "stock_then", "low_stock_threshold")
        .order_by("club_id", "name")
    )


def quality_by_club(*, club_ids, first, end):
    """{club id: {"checks", "scores", "score_sum", "average", "praise", "complaints"}}, two queries."""
    scores = (
        ServiceCheckScore.objects.filter(
            check_record__club_id__in=club_ids, check_record__date__gte=first, check_record__date__lt=end
        )
        .values("check_record__club_id").order_by("check_record__club_id")
        .annotate(checks=Count("check_record", distinct=True), scores=Count("id"), score_sum=Sum("score"),
                  average=Avg("score"))
    )
    feedback = (
        CustomerFeedback.objects.filter(club_id__in=club_ids, date__gte=first, date__lt=end)
        .values("club_id").order_by("club_id")
        .annotate(
            praise=Count("id", filter=Q(kind=CustomerFeedback.Kind.PRAISE)),
            complaints=Count("id", filter=Q(kind=CustomerFeedback.Kind.COMPLAINT)),
        )
    )
    result = {pk: {"checks": 0, "scores": 0, "score_sum": 0, "average": None, "praise": 0, "complaints": 0}
              for pk in club_ids}
    for row in scores:
        result[row.pop("check_record__club_id")].update(row)
    for row in feedback:
        result[row.pop("club_id")].update(row)
    return result


def talks_held(*, club_ids, month):
    """{club id: talks recorded about ``month``}, one query (a talk may be about someone not on the list any more)."""
    rows = (
        AttendanceTalk.objects.filter(club_id__in=club_ids, month=month_start(month))
        .values("club_id").order_by("club_id").annotate(n=Count("id"))
    )
    return {row["club_id"]: row["n"] for row in rows}


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

