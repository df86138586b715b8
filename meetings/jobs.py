"""The meetings' scheduled jobs, as functions the Celery tasks and commands call.

* ``create_due_meetings``: every open club gets the default series if it has none, then each
  series' meetings for the next fortnight (and the next one of a longer cadence), by the
  club's own date.
* ``remind_upcoming_meetings``: an hour before a meeting, a notice (and an e-mail where the
  login has an address) to everyone expected and to the chair.
* ``remind_overdue_action_items``: once a day, from 09:00 club time, a notice to each person
  who owns action items past their due date.
* ``run_due_jobs``: the 15-minute beat tick runs all three.

All idempotent, held by the database: one meeting per series and occurrence, one list row
per meeting and person, one notice per person, kind and day (a meeting's reminder is of kind
``meeting:<id>``). Running any of them twice, or late, sends nothing twice.
"""

import datetime

from django.db import transaction
from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel import bulk
from kernel.clock import club_today
from staff.models import Club, Notice, Person
from staff.notices import in_every_language, notify

from .models import ActionItem, Attendee, Meeting, MeetingSeries
from .recurrence import HORIZON_DAYS, holiday_calendar
from .services import meetings_create_ahead, series_install_defaults

REMINDER_LEAD = datetime.timedelta(hours=1)
OVERDUE_REMINDER_TIME = datetime.time(9, 0)  # club time
OVERDUE_KIND = "action_items_overdue"


def _clubs(clubs=None):
    return list(clubs) if clubs is not None else list(Club.objects.filter(is_active=True).order_by("pk"))


def create_due_meetings(*, now=None, day=None, clubs=None):
    """``{club code: meetings created}``; ``day`` forces the date (the command's ``--date``)."""
    now = now or timezone.now()
    result = {}
    for club in _clubs(clubs):
        if not MeetingSeries.objects.filter(club=club).exists():
            series_install_defaults(club=club, today=day or club_today(club, now))
        local_day = day or club_today(club, now)
        calendar = holiday_calendar(club, local_day, local_day + datetime.timedelta(days=HORIZON_DAYS))
        series = MeetingSeries.objects.filter(club=club, is_active=True).select_related("club")
        result[club.code] = sum(
            meetings_create_ahead(series=s, today=local_day, now=now, calendar=calendar) for s in series
        )
    return result


@transaction.atomic
def remind_upcoming_meetings(*, now=None):
    """Remind everyone expected at a meeting that starts within the hour; returns the notices created."""
    now = now or timezone.now()
    meetings = list(
        Meeting.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(status=Meeting.Status.SCHEDULED, reminded_at__isnull=True, starts_at__gt=now,
                starts_at__lte=now + REMINDER_LEAD)
        .select_related("club", "chair__user")
    )
    if not meetings:
        return 0
    rows = Attendee.objects.filter(meeting__in=meetings, expected=True, person__status=Person.Status.ACTIVE)
    people = {}
    for row in rows.select_related("person__user"):
        people.setdefault(row.meeting_id, {})[row.person_id] = row.person
    sent = 0
    for meeting in meetings:
        invited = people.get(meeting.pk, {})
        if meeting.chair and meeting.chair.is_active:
            invited.setdefault(meeting.chair_id, meeting.chair)
        local = timezone.localtime(meeting.starts_at, meeting.club.zone)
        for person in invited.values():
            text = in_every_language(lambda: _("Meeting at %(time)s: %(title)s (%(place)s).") % {
                "time": f"{local:%H:%M}", "title": meeting.title, "place": meeting.place or "—"})
            sent += notify(person, f"meeting:{meeting.pk}", local.date(), text)
        meeting.reminded_at = now
    bulk.bulk_update(Meeting, meetings, ["reminded_at"])
    return sent


def remind_overdue_action_items(*, now=None, day=None, clubs=None):
    """From 09:00 club time (or for ``day``), one notice a day to each owner of overdue action items."""
    now = now or timezone.now()
    sent = 0
    for club in _clubs(clubs):
        local = timezone.localtime(now, club.zone)
        if day is None and local.time() < OVERDUE_REMINDER_TIME:
            continue
        today = day or local.date()
        owners = (
            ActionItem.objects.filter(club=club, status=ActionItem.Status.OPEN, due__lt=today,
                                      owner__status=Person.Status.ACTIVE)
            .values("owner").order_by("owner").annotate(n=Count("pk"), oldest=Min("due"))
        )
        owners = {row["owner"]: row for row in owners}
        if not owners:
            continue
        already = set(Notice.objects.filter(person__in=owners, kind=OVERDUE_KIND, date=today).values_list("person", flat=True))
        for person in Person.objects.filter(pk__in=set(owners) - already).select_related("user"):
            row = owners[person.pk]
            text = in_every_language(lambda: _(
                "You have %(count)s overdue action item(s), the oldest due on %(day)s. See “My action items”.")
                % {"count": row["n"], "day": row["oldest"].isoformat()})
            with transaction.atomic():
                sent += notify(person, OVERDUE_KIND, today, text)
    return sent


def run_due_jobs(*, now=None):
    """The beat tick: everything due now, each club by its own clock."""
    now = now or timezone.now()
    created = create_due_meetings(now=now)
    return {
        "meetings created": sum(created.values()),
        "meeting reminders": remind_upcoming_meetings(now=now),
        "overdue reminders": remind_overdue_action_items(now=now),
    }
