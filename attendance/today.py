"""What needs a person now on the floor: the reads behind the floor's panels of the Today page.

One function per kind of reader, each in a fixed number of queries however many people, teams,
areas or days there are (``attendance/tests/test_today.py`` pins them), and each built on the
same rules and selectors as the page its items link to:

* who is counted and how — ``access.people_filter`` / ``visible_teams`` (``staff.access``), the
  day's status groups of the daily figures (``selectors.stats.day_people`` and ``DAY_COUNTS``):
  "not yet recorded" here is the "not recorded" column of ``stats/daily/``;
* the areas someone checks — ``selectors.hygiene.areas_for`` (the hygiene screen's list);
* the talk list — ``selectors.followup.month_followup`` (the follow-up page's list);
* the month lock — ``locks`` (the lock page).

Each item carries the URL of the page where it is dealt with: the team screen (a person's row is
``#row-<id>``), area hygiene, the follow-up talk, the month lock, the daily figures.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from kernel.clock import club_today
from kernel.months import month_range, month_start, previous_month
from staff import access
from staff.models import Person, Role

from . import locks
from .access import may_hold_talks, may_keep_floor_records
from .models import Area, Attendance, GroomingCheck, GroomingFailure, HygieneCheck, MonthLock, RosterEntry, Status
from .roster import week_days, week_start
from .scope import floor_url
from .selectors.daily import LATE, attendance_counts
from .selectors.followup import month_followup
from .selectors.hygiene import areas_for
from .selectors.stats import DAY_COUNTS, day_people

# How many people a list shows before "and N more" (the rest is one tap away, on the linked page).
LIST_LIMIT = 8

RECORDED = [s for s in Status.values if s != Status.NOT_RECORDED]
EXCEPTIONS = [*LATE, Status.ABSENT]

# The daily figures' counts, plus who already has a record (a rostered day off with no record yet
# counts neither as recorded nor as "not recorded": there is nothing to record).
TODAY_COUNTS = {**DAY_COUNTS, "recorded": Count("id", filter=Q(rec__status__in=RECORDED))}
ZEROS = {name: 0 for name in TODAY_COUNTS}


def _url(name, **params):
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{reverse(name)}?{query}" if query else reverse(name)


def team_screen_url(day, *, team_id=None, reports=False, person_id=None):
    """The team screen of a team (or the viewer's direct reports) on ``day``, at a person's row."""
    url = _url("attendance:team_day", team=team_id, reports=1 if reports else None, date=day.isoformat())
    return f"{url}#row-{person_id}" if person_id else url


# --- A group's day: recorded or not, late, absent ----------------------------------------------


@dataclass
class GroupDay:
    """A team (or the viewer's direct reports) on one day, counted as the daily figures count."""

    label: str
    url: str
    counts: dict

    @property
    def people(self):
        return self.counts["people"]

    @property
    def recorded(self):
        return self.counts["recorded"]

    @property
    def not_recorded(self):
        return self.counts["not_recorded"]

    @property
    def late(self):
        return self.counts["late"]

    @property
    def absent(self):
        return self.counts["absent"]

    @property
    def expected(self):
        """Who needs a record today: everyone counted but the rostered days off still without one."""
        return self.counts["recorded"] + self.counts["not_recorded"]

    @property
    def done(self):
        return self.counts["not_recorded"] == 0


def _teams_day(viewer, teams, day):
    """A ``GroupDay`` per team (in the given order), one query for all of them."""
    if not teams:
        return []
    rows = (
        day_people(access.people_filter(viewer) & Q(team__in=[t.pk for t in teams]), day)
        .values("team_id").order_by("team_id").annotate(**TODAY_COUNTS)
    )
    by_team = {row.pop("team_id"): row for row in rows}
    return [
        GroupDay(team.name, team_screen_url(day, team_id=team.pk), by_team.get(team.pk, dict(ZEROS)))
        for team in teams
    ]


def _reports_day(viewer, day, label):
    """The viewer's direct reports on ``day`` (the team screen's ``?reports=1``), or None when there are none."""
    counts = day_people(access.people_filter(viewer) & Q(reports_to=viewer), day).aggregate(**TODAY_COUNTS)
    if not counts["people"]:
        return None
    return GroupDay(label, team_screen_url(day, reports=True), counts)


# --- Who needs a look: late or absent, grooming failed, areas not checked ---------------------------


@dataclass
class PersonItem:
    person: Person
    url: str
    status: str = ""  # the status's label; ``code`` its value
    code: str = ""
    late_minutes: int = 0
    failures: list = field(default_factory=list)  # GroomingFailure


def _person_url(viewer, person, day, team_ids):
    """Where a person's day is put right: their team's screen at their row, or the viewer's direct reports' screen."""
    if person.team_id in team_ids:
        return team_screen_url(day, team_id=person.team_id, person_id=person.pk)
    if person.reports_to_id == viewer.pk:
        return team_screen_url(day, reports=True, person_id=person.pk)
    return _url("attendance:stats_daily", date=day.isoformat(), club=person.club_id if access.sees_every_club(viewer) else None)


def _late_and_absent(viewer, people, day, team_ids, *, limit=LIST_LIMIT):
    """The first ``limit`` people of ``people`` (a Q) recorded late or absent on ``day``; one query."""
    records = (
        Attendance.objects.filter(date=day, status__in=EXCEPTIONS, person__in=Person.objects.filter(people))
        .select_related("person")
        .order_by("status", "-late_minutes", "person__name")[:limit]
    )
    return [
        PersonItem(
            person=record.person, url=_person_url(viewer, record.person, day, team_ids),
            status=record.get_status_display(), code=record.status, late_minutes=record.late_minutes,
        )
        for record in records
    ]


def open_grooming_failures(people, day):
    """Grooming checks of ``day`` whose latest round failed (a passing re-check closes them); two queries."""
    later = GroomingCheck.objects.filter(person=OuterRef("person"), date=day, round__gt=OuterRef("round"))
    return (
        GroomingCheck.objects.filter(date=day, passed=False, person__in=Person.objects.filter(people))
        .exclude(Exists(later))
        .select_related("person")
        .prefetch_related(Prefetch("failures", queryset=GroomingFailure.objects.select_related("item").order_by("item__order", "item_id")))
        .order_by("person__name")
    )


def _grooming(viewer, people, day, team_ids):
    return [
        PersonItem(person=c.person, url=_person_url(viewer, c.person, day, team_ids), failures=list(c.failures.all()))
        for c in open_grooming_failures(people, day)
    ]


def _unchecked(day):
    return ~Exists(HygieneCheck.objects.filter(area=OuterRef("pk"), date=day))


def hygiene_due(viewer, club, day):
    """The areas ``viewer`` checks (the hygiene screen's list) with no check yet on ``day``; one query."""
    return list(areas_for(viewer, club).filter(_unchecked(day)))


# --- Supervisor --------------------------------------------------------------------------------


@dataclass
class SupervisorToday:
    day: datetime.date
    teams: list  # GroupDay
    exceptions: list  # PersonItem, late or absent
    exception_count: int
    grooming: list  # PersonItem with failures
    hygiene: list  # Area
    hygiene_url: str

    @property
    def needs_now(self):
        """Something to do on the floor now: people to record, or someone late, absent or badly groomed, an area to check."""
        return bool(any(not g.done for g in self.teams) or self.exceptions or self.grooming or self.hygiene)


def supervisor_today(viewer):
    """A supervisor's floor now: their team screen (recorded / not yet), late and absent, open grooming
    failures, areas still to check today. Six queries."""
    club = viewer.club
    day = club_today(club)
    teams = list(access.visible_teams(viewer).filter(club=club).order_by("name"))
    team_ids = {t.pk for t in teams}
    people = access.people_filter(viewer) & Q(team__in=team_ids)
    groups = _teams_day(viewer, teams, day)
    return SupervisorToday(
        day=day,
        teams=groups,
        exceptions=_late_and_absent(viewer, people, day, team_ids),
        exception_count=sum(g.late + g.absent for g in groups),
        grooming=_grooming(viewer, people, day, team_ids),
        hygiene=hygiene_due(viewer, club, day) if may_keep_floor_records(viewer) else [],
        hygiene_url=floor_url("attendance:hygiene_day", viewer, club),
    )


# --- Department heads, the technical manager and the store manager: a club's day --------------------


@dataclass
class TalkDue:
    person: Person
    month: datetime.date
    url: str


@dataclass
class ClubToday:
    day: datetime.date
    club: object
    total: dict  # TODAY_COUNTS over everyone the viewer sees in the club
    groups: list  # GroupDay per team, and the direct reports
    exceptions: list
    exception_count: int
    grooming: list
    hygiene: list
    hygiene_url: str
    talks: list  # TalkDue, not yet held
    talk_count: int
    followup_url: str
    lock_month: datetime.date | None  # last month, over and not locked yet: the store manager's to lock
    lock_url: str
    figures_url: str

    @property
    def needs_now(self):
        """Today's floor asks something now: teams to record, people late or absent, grooming failed."""
        return bool(any(not g.done for g in self.groups) or self.exceptions or self.grooming)

    @property
    def needs_anything(self):
        """Also what can wait for the afternoon: areas to check, talks to hold, last month to lock."""
        return bool(self.needs_now or self.hygiene or self.talks or self.lock_month)


def _talks_due(viewer, club, day):
    """People of the last month's and this month's talk lists (the follow-up page's) with no talk yet; six queries."""
    if not may_hold_talks(viewer):
        return [], 0
    due = {}  # one item per person: last month's talk first, it is the one the month's close asks for
    this_month = month_start(day)
    for month in (previous_month(this_month), this_month):
        result = month_followup(club, month, among=access.people_filter(viewer))
        for person in result.needs_talk:
            if person.talk is None and person.pk != viewer.pk and person.pk not in due:
                url = f"{reverse('attendance:followup_talk', args=[person.pk])}?month={month:%Y-%m}"
                due[person.pk] = TalkDue(person, month, url)
    due = list(due.values())
    return due[:LIST_LIMIT], len(due)


def club_today_for(viewer):
    """A manager's floor of their club now: every team recorded or not, the day's exceptions, open grooming
    failures, areas not checked, talks due, and (store manager) last month waiting to be locked.

    Fifteen queries for a store manager, fourteen for a head (no lock), nine for a head of no floor."""
    club = viewer.club
    day = club_today(club)
    people = access.people_filter(viewer) & Q(club=club)
    teams = list(access.visible_teams(viewer).filter(club=club).select_related("supervisor").order_by("name"))
    team_ids = {t.pk for t in teams}
    groups = _teams_day(viewer, teams, day)
    reports = _reports_day(viewer, day, _("My direct reports"))
    if reports is not None:
        groups.append(reports)
    total = day_people(people, day).aggregate(**TODAY_COUNTS)
    talks, talk_count = _talks_due(viewer, club, day)
    lock_month = None
    if locks.may_open_lock_page(viewer):
        last = previous_month(month_start(day))
        if not MonthLock.objects.filter(club=club, month=last).exists():
            lock_month = last
    return ClubToday(
        day=day,
        club=club,
        total=total,
        groups=groups,
        exceptions=_late_and_absent(viewer, people, day, team_ids),
        exception_count=total["late"] + total["absent"],
        grooming=_grooming(viewer, people, day, team_ids),
        hygiene=hygiene_due(viewer, club, day) if may_keep_floor_records(viewer) else [],
        hygiene_url=floor_url("attendance:hygiene_day", viewer, club),
        talks=talks,
        talk_count=talk_count,
        followup_url=_url("attendance:followup", month=f"{previous_month(month_start(day)):%Y-%m}"),
        lock_month=lock_month,
        lock_url=_url("attendance:month_lock"),
        figures_url=_url("attendance:stats_daily", date=day.isoformat()),
    )


# --- The owner: every club on one screen -----------------------------------------------------------


@dataclass
class ClubLine:
    club: object
    day: datetime.date
    counts: dict
    grooming: int = 0
    hygiene: int = 0
    low_stock: int = 0

    @property
    def expected(self):
        return self.counts["recorded"] + self.counts["not_recorded"]

    @property
    def exceptions(self):
        return self.counts["late"] + self.counts["absent"] + self.grooming

    def url(self, name, **params):
        return _url(name, club=self.club.pk, **params)

    @property
    def figures_url(self):
        return self.url("attendance:stats_daily", date=self.day.isoformat())

    @property
    def hygiene_url(self):
        return self.url("attendance:hygiene_day")

    @property
    def stock_url(self):
        return self.url("attendance:consumable_list")


def clubs_today(viewer):
    """Every club the viewer sees, each on its own local day: recorded / expected, late, absent, open grooming
    failures, areas not checked, low-stock items. One query for the clubs and the stock, and three per distinct
    local day (one for a chain in one time zone), however many clubs or people."""
    from .models import ConsumableItem

    clubs = list(access.visible_clubs(viewer).order_by("name"))
    days = defaultdict(list)
    for club in clubs:
        days[club_today(club)].append(club.pk)
    counts, grooming, hygiene = {}, defaultdict(int), defaultdict(int)
    for day, ids in days.items():
        rows = (
            day_people(access.people_filter(viewer) & Q(club_id__in=ids), day)
            .values("club_id").order_by("club_id").annotate(**TODAY_COUNTS)
        )
        counts.update({row.pop("club_id"): row for row in rows})
        later = GroomingCheck.objects.filter(person=OuterRef("person"), date=day, round__gt=OuterRef("round"))
        for row in (
            GroomingCheck.objects.filter(date=day, passed=False, person__club_id__in=ids)
            .exclude(Exists(later)).values("person__club_id").order_by("person__club_id").annotate(n=Count("id"))
        ):
            grooming[row["person__club_id"]] = row["n"]
        for row in (
            Area.objects.filter(club_id__in=ids, is_active=True).filter(_unchecked(day))
            .values("club_id").order_by("club_id").annotate(n=Count("id"))
        ):
            hygiene[row["club_id"]] = row["n"]
    low = dict(
        ConsumableItem.objects.filter(club_id__in=[c.pk for c in clubs], is_active=True).low()
        .values("club_id").order_by("club_id").annotate(n=Count("id")).values_list("club_id", "n")
    )
    return [
        ClubLine(
            club=club, day=club_today(club), counts=counts.get(club.pk, dict(ZEROS)),
            grooming=grooming[club.pk], hygiene=hygiene[club.pk], low_stock=low.get(club.pk, 0),
        )
        for club in clubs
    ]


# --- A technician (or anyone who leads nobody): their week and their month ---------------------------


@dataclass
class DayPlan:
    day: datetime.date
    shift: object = None
    day_off: bool = False
    record: Attendance | None = None
    is_today: bool = False


@dataclass
class MyWeek:
    day: datetime.date
    today: DayPlan
    week: list  # DayPlan, Monday to Sunday
    month: dict  # attendance_counts of this month so far
    month_start: datetime.date
    check: object = None  # a technician's latest service spot check (``average`` annotated), or None
    feedback: object = None  # a technician's latest customer feedback, or None
    quality_url: str = ""  # where they read them: the service-quality page of their own checks and feedback


def my_quality(person):
    """A technician's latest spot check (with its average score) and latest customer feedback; two queries."""
    from .models import CustomerFeedback, ServiceCheck

    check = ServiceCheck.objects.filter(technician=person).with_average().order_by("-date", "-pk").first()
    feedback = CustomerFeedback.objects.filter(technician=person).order_by("-date", "-pk").first()
    return check, feedback


def my_week(person):
    """Today's shift, this week's roster with each day's record, and this month's attendance so far (three
    queries); for a technician also their latest spot check and customer feedback (two more)."""
    day = club_today(person.club)
    days = week_days(week_start(day))
    roster = {
        e.date: e for e in RosterEntry.objects.filter(person=person, date__gte=days[0], date__lte=days[-1]).select_related("shift")
    }
    records = {a.date: a for a in Attendance.objects.filter(person=person, date__gte=days[0], date__lte=days[-1])}
    week = []
    for d in days:
        entry = roster.get(d)
        week.append(DayPlan(
            day=d, shift=entry.shift if entry else None, day_off=bool(entry and entry.is_day_off),
            record=records.get(d), is_today=d == day,
        ))
    first, end = month_range(day)
    month = Attendance.objects.filter(person=person, date__gte=first, date__lt=end).aggregate(**attendance_counts())
    plan = MyWeek(day=day, today=week[day.weekday()], week=week, month=month, month_start=first)
    if person.position == Role.TECHNICIAN:
        plan.check, plan.feedback = my_quality(person)
        plan.quality_url = _url("attendance:quality", person=person.pk)
    return plan
