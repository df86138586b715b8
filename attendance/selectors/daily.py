"""Reading a day's records: the status groups and counts every figure of the floor is built on, and the team screen.

The status groups and the month's counts are written once here and used by the statistics, the
follow-up lists, the XLSX export, the jobs, the meetings' figures and the owner's report. Every
count is made by the database with conditional aggregation.
"""

from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, Count, F, FilteredRelation, Max, Prefetch, Q, Sum, Value, When
from django.utils.translation import pgettext_lazy

from kernel.rates import rate
from staff.models import Person

from ..models import (
    Attendance,
    AttendancePolicy,
    GroomingCheck,
    GroomingFailure,
    GroomingItem,
    JobRun,
    LeaveType,
    Status,
)

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


def due_days(counts):
    """The days someone was due at work: worked, absent, on leave or not recorded (days off are not due)."""
    return sum(counts.get(k, 0) for k in ("worked", "absent", "leave", "not_recorded"))


def attendance_rate(counts):
    """The one attendance rate of ClubOps: days worked over days due, in % (leave lowers it, a day off does not).

    ``counts`` holds ``attendance_counts``' keys; the monthly report, the scorecard and the meetings'
    summary reports all read this, so the same days give the same rate everywhere.
    """
    return rate(counts.get("worked", 0), due_days(counts))


def flag(condition):
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())



# The grooming figure counts the morning inspection (the first round); a re-check is a correction of it.
FIRST_ROUND = Q(round=1)



# --- The team screen ------------------------------------------------------------------------------


@dataclass
class Row:
    """What the team screen knows about one person on one day."""

    person: Person
    shift: object = None
    day_off: bool = False
    attendance: Attendance | None = None
    grooming: GroomingCheck | None = None
    grooming_rounds: int = 0
    form: object = None
    failed_item_ids: set = field(default_factory=set)


def team_day(*, people, day):
    """Rows for ``people`` (a queryset of people, in the order to show) on ``day``: their plan, saved attendance
    and latest grooming check.

    Two queries however many people there are: the people come with the day's roster entry and attendance
    (each at most one per person and day) and their shifts, joined in the same query; then the grooming checks.
    """
    people = list(people.annotate(
        day_plan=FilteredRelation("roster", condition=Q(roster__date=day)),
        day_record=FilteredRelation("attendance", condition=Q(attendance__date=day)),
    ).select_related("day_plan__shift", "day_record__shift"))
    ids = [p.pk for p in people]
    checks = GroomingCheck.objects.filter(person_id__in=ids, date=day).prefetch_related(
        Prefetch("failures", queryset=GroomingFailure.objects.select_related("item"))
    )
    latest, rounds = {}, {}
    for check in checks.order_by("round"):
        latest[check.person_id] = check
        rounds[check.person_id] = check.round
    rows = []
    for person in people:
        entry = getattr(person, "day_plan", None)  # not set at all where the join found none
        check = latest.get(person.pk)
        rows.append(
            Row(
                person=person,
                shift=entry.shift if entry else None,
                day_off=bool(entry and entry.is_day_off),
                attendance=getattr(person, "day_record", None),
                grooming=check,
                grooming_rounds=rounds.get(person.pk, 0),
                failed_item_ids={f.item_id for f in check.failures.all()} if check else set(),
            )
        )
    return rows


def policy_and_items(club):
    """The club's attendance policy and its grooming items in use: what every row of the team screen is checked against."""
    items = list(GroomingItem.objects.filter(club=club, is_active=True))
    return AttendancePolicy.for_club(club), items


# --- For the owner's monthly report (reports/) ----------------------------------------------------
#
# Chain-wide reads: each function answers for many clubs at once, grouped by club in SQL, so that
# the report's query count does not grow with the number of clubs or people.


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


