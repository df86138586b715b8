"""The floor's scheduled jobs, as services the Celery tasks and commands call.

Every job is idempotent and safe to run late: what it creates is held by unique constraints
(one attendance per person and day, one notice per person, kind and date, one run per club,
job and period), so a second run finds everything done and changes nothing.

* ``close_day``: the evening job. Everyone expected at work who has no attendance record gets
  one marked *not recorded*; the supervisor of a team with nothing recorded gets a notice
  (and an e-mail when their login has an address).
  Expected means: a roster entry with a shift that day, or, with no roster entry, being a
  technician (an explicit day off in the roster is not expected). A locked month is left alone.
* ``monthly_followup``: on the 1st, last month's honour roll and talk list, as a notice for each
  department head ("N people need a talk").
* ``due_jobs``: what the 15-minute beat tick should run now, club by club in the club's own time
  zone: every day whose evening (23:00 club time) has come and that is not closed yet (catching
  up at most a week after downtime), and last month's follow-up once its last day is closed.
"""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, FilteredRelation, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from kernel.months import month_start, previous_month
from staff import access
from staff.models import DEPARTMENT_HEADS, Club, Person, Role, Team
from staff.notices import in_every_language, notify

from . import locks
from .models import Attendance, JobRun, Status
from .selectors.followup import month_followup

EVENING = datetime.time(23, 0)  # when a club's day is closed, in the club's time zone
CATCH_UP_DAYS = 7  # after downtime, close at most this many missed days
NOTHING_RECORDED = "nothing_recorded"
MONTHLY_FOLLOWUP = "monthly_followup"
RECORDED = [value for value in Status.values if value != Status.NOT_RECORDED]


class JobRefused(ValueError):
    """A job asked for a period it cannot handle (a day not begun, a month not over)."""


# --- Closing a day --------------------------------------------------------------------------------


@dataclass
class DayClosed:
    club: Club
    day: datetime.date
    marked: int = 0
    reminded: int = 0
    locked: bool = False

    def __str__(self):
        if self.locked:
            return f"{self.club.code} {self.day}: month locked, nothing changed"
        return f"{self.club.code} {self.day}: {self.marked} marked not recorded, {self.reminded} supervisor(s) reminded"


def evening_day(club, now):
    """The latest day of ``club`` whose evening has come at ``now``: today after 23:00 club time, else yesterday."""
    local = now.astimezone(club.zone)
    return local.date() if local.time() >= EVENING else local.date() - datetime.timedelta(days=1)


def people_to_mark(club, day):
    """Active people of ``club`` expected at work on ``day`` who have no attendance record: (id, shift id)."""
    return list(
        Person.objects.active()
        .filter(club=club, hire_date__lte=day)
        .annotate(plan=FilteredRelation("roster", condition=Q(roster__date=day)))
        .filter(Q(plan__shift__isnull=False) | Q(plan__id__isnull=True, position=Role.TECHNICIAN))
        .exclude(attendance__date=day)
        .values_list("pk", "plan__shift_id")
    )


@transaction.atomic
def close_day(*, club, day, remind=True):
    """Close ``club``'s ``day``: mark the missing attendance, remind supervisors who recorded nothing."""
    if day > timezone.localdate(timezone=club.zone):
        raise JobRefused(
            f"{club.code}: {day} has not begun in {club.time_zone}; a day is closed on its evening or later."
        )
    if locks.is_locked(club, day):
        return DayClosed(club, day, locked=True)
    result = DayClosed(club, day)
    result.marked = _mark_not_recorded(club, day, people_to_mark(club, day))
    if remind:
        result.reminded = _remind_supervisors(club, day)
    JobRun.objects.get_or_create(
        club=club, job=JobRun.Job.CLOSE_DAY, period=day, defaults={"summary": str(result)[:200]}
    )
    return result


def _mark_not_recorded(club, day, missing):
    rows = [
        Attendance(person_id=pk, club=club, date=day, status=Status.NOT_RECORDED, shift_id=shift_id)
        for pk, shift_id in missing
    ]
    if not rows:
        return 0
    reason = "closed by the evening job"
    try:
        with transaction.atomic():
            bulk_create_with_history(rows, Attendance, default_change_reason=reason)
        return len(rows)
    except IntegrityError:
        # A supervisor saved some of these person-days a moment ago: theirs stand, mark the rest.
        marked = 0
        for row in rows:
            row.pk, row._change_reason = None, reason
            try:
                with transaction.atomic():
                    row.save()
                marked += 1
            except IntegrityError:
                pass
        return marked


def _teams_with_nothing_recorded(club, day):
    counts = (
        Attendance.objects.filter(club=club, date=day, person__team__isnull=False)
        .values("person__team")
        .order_by("person__team")
        .annotate(
            recorded=Count("id", filter=Q(status__in=RECORDED)),
            missing=Count("id", filter=Q(status=Status.NOT_RECORDED)),
        )
        .filter(recorded=0, missing__gt=0)
        .values_list("person__team", flat=True)
    )
    return (
        Team.objects.filter(pk__in=list(counts), supervisor__status=Person.Status.ACTIVE)
        .select_related("supervisor__user")
        .order_by("name")
    )


def _remind_supervisors(club, day):
    reminded = 0
    for team in _teams_with_nothing_recorded(club, day):
        supervisor = team.supervisor
        text = in_every_language(
            lambda: _("Nothing was recorded for %(team)s on %(day)s. Please record the team's attendance.")
            % {"team": team.name, "day": day.isoformat()},
        )
        reminded += notify(supervisor, NOTHING_RECORDED, day, text)
    return reminded


# --- Last month's follow-up -----------------------------------------------------------------------


@dataclass
class MonthFollowedUp:
    club: Club
    month: datetime.date
    needs_talk: int = 0
    honour_roll: int = 0
    notified: int = 0
    files: int = 0

    def __str__(self):
        return (
            f"{self.club.code} {self.month:%Y-%m}: {self.needs_talk} need a talk, "
            f"{self.honour_roll} on the honour roll, {self.notified} head(s) notified, "
            f"{self.files} month file(s) written ahead"
        )


@transaction.atomic
def monthly_followup(*, club, month):
    """Build ``month``'s honour roll and talk list for ``club`` and tell each department head their part."""
    month = month_start(month)
    if month >= month_start(timezone.localdate(timezone=club.zone)):
        raise JobRefused(
            f"{club.code}: {month:%Y-%m} is not over yet; its follow-up is built on the 1st of the next month."
        )
    whole = month_followup(club, month)
    result = MonthFollowedUp(club, month, needs_talk=len(whole.needs_talk), honour_roll=len(whole.honour_roll))
    heads = Person.objects.active().filter(club=club, position__in=DEPARTMENT_HEADS).order_by("pk")
    for head in heads:
        theirs = month_followup(club, month, among=access.people_filter(head))
        if not theirs.needs_talk and not theirs.honour_roll:
            continue
        text = in_every_language(
            lambda: _("%(month)s: %(talk)s people need an attendance talk; %(honour)s are on the honour roll.")
            % {"month": f"{month:%Y-%m}", "talk": len(theirs.needs_talk), "honour": len(theirs.honour_roll)},
        )
        # In the app only, as before: the list is read on the follow-up page, not in a mailbox.
        result.notified += notify(head, MONTHLY_FOLLOWUP, month, text, email=False)
    result.files = prepare_month_files(club, month)
    JobRun.objects.get_or_create(
        club=club, job=JobRun.Job.MONTHLY_FOLLOWUP, period=month, defaults={"summary": str(result)[:200]}
    )
    return result


def prepare_month_files(club, month):
    """Write the finished month's whole-club attendance workbook in each language ahead of the first
    download (``xlsx.month_file``: the download reads it back while the month's records stay as they are)."""
    from django.conf import settings
    from django.utils import translation

    from .scope import Scope
    from .selectors.stats import Marks
    from .xlsx import month_file

    today = timezone.localdate(timezone=club.zone)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            # the store manager's whole club: the same rows, so the same file as their download
            month_file(Scope(club=club, people=Q(club=club)), month=month, today=today, marks=Marks())
    return len(settings.LANGUAGES)


def last_finished_month(club, now=None):
    local = (now or timezone.now()).astimezone(club.zone).date()
    return previous_month(month_start(local))


# --- What is due ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueJob:
    job: str  # a JobRun.Job value
    club_id: int
    period: datetime.date


def due_jobs(now):
    """Every job due at ``now`` in every open club, each judged in the club's own time zone (four queries)."""
    clubs = list(Club.objects.filter(is_active=True).order_by("pk"))
    if not clubs:
        return []
    latest = {club.pk: evening_day(club, now) for club in clubs}
    this_month = {club.pk: month_start(now.astimezone(club.zone).date()) for club in clubs}
    last_month_end = {pk: first - datetime.timedelta(days=1) for pk, first in this_month.items()}
    window_start = min(latest.values()) - datetime.timedelta(days=CATCH_UP_DAYS)
    closed = set(
        JobRun.objects.filter(job=JobRun.Job.CLOSE_DAY)
        .filter(Q(period__gte=window_start) | Q(period__in=set(last_month_end.values())))
        .values_list("club_id", "period")
    )
    first_closed = dict(
        JobRun.objects.filter(job=JobRun.Job.CLOSE_DAY).values("club_id").order_by("club_id")
        .annotate(first=Min("period")).values_list("club_id", "first")
    )
    followed = set(
        JobRun.objects.filter(
            job=JobRun.Job.MONTHLY_FOLLOWUP, period__in={previous_month(first) for first in this_month.values()}
        ).values_list("club_id", "period")
    )
    due = []
    for club in clubs:
        day = latest[club.pk]
        # A club never closed before starts with its latest evening, not with a backlog.
        earliest = max(first_closed.get(club.pk, day), day - datetime.timedelta(days=CATCH_UP_DAYS - 1))
        while earliest <= day:
            if (club.pk, earliest) not in closed:
                due.append(DueJob(JobRun.Job.CLOSE_DAY, club.pk, earliest))
            earliest += datetime.timedelta(days=1)
        # Last month's follow-up, as soon as its last day is closed (from the 1st, club time).
        month = previous_month(this_month[club.pk])
        if (club.pk, last_month_end[club.pk]) in closed and (club.pk, month) not in followed:
            due.append(DueJob(JobRun.Job.MONTHLY_FOLLOWUP, club.pk, month))
    return due


def run_due_job(job):
    """Run one due job here and now (the command twin of the dispatcher)."""
    club = Club.objects.get(pk=job.club_id)
    if job.job == JobRun.Job.CLOSE_DAY:
        return close_day(club=club, day=job.period)
    return monthly_followup(club=club, month=job.period)
