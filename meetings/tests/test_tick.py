"""The tick: default series for every club, meetings made ahead once, a series change for the future only."""

import datetime
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from conftest import need_service
from meetings import jobs, services
from meetings.defaults import DEFAULT_SERIES
from meetings.models import Attendee, DayRule, Frequency, Kind, Meeting, MeetingSeries
from meetings.tests.factories import make_series
from staff.models import Role
from tests.factories import PersonFactory

D = datetime.date
TODAY = D(2026, 11, 23)  # a Monday
NOW = datetime.datetime(2026, 11, 23, 1, 0, tzinfo=datetime.UTC)  # 09:00 in Shanghai


def test_every_club_gets_the_default_series_once(world):
    jobs.create_due_meetings(now=NOW)
    jobs.create_due_meetings(now=NOW)
    for club in (world.club1, world.club2):
        keys = sorted(MeetingSeries.objects.filter(club=club).values_list("key", flat=True))
        assert keys == sorted(spec["key"] for spec in DEFAULT_SERIES)
    daily = MeetingSeries.objects.get(club=world.club1, key="marketing-daily")
    assert (daily.chair, daily.kind, daily.frequency) == (world.marketing, Kind.DAILY, Frequency.DAILY)
    technical = MeetingSeries.objects.get(club=world.club1, key="technical-daily")
    assert technical.chair == world.tech_manager and technical.department.kind == "care"
    weekly = MeetingSeries.objects.get(club=world.club1, key="massage-weekly")
    assert (weekly.chair, weekly.weekdays) == (world.dept_manager, [1])
    assert MeetingSeries.objects.get(club=world.club2, key="marketing-daily").chair is None, "club 2 has no director"


def test_a_club_with_series_of_its_own_gets_no_defaults(world):
    make_series(world.club1, None, world.store_manager)
    jobs.create_due_meetings(now=NOW)
    assert MeetingSeries.objects.filter(club=world.club1).count() == 1


def test_it_makes_the_next_fortnight_and_the_next_long_cadence_meeting_once(world):
    daily = make_series(world.club1, None, world.store_manager, frequency=Frequency.DAILY)
    quarterly = make_series(world.club1, None, world.store_manager, kind=Kind.QUARTERLY,
                            frequency=Frequency.QUARTERLY, day_rule=DayRule.FIRST_WORKING_DAY, month_in_period=1)
    assert services.meetings_create_ahead(series=daily, today=TODAY, now=NOW) == 15
    assert services.meetings_create_ahead(series=daily, today=TODAY, now=NOW) == 0
    days = list(Meeting.objects.filter(series=daily).values_list("occurrence", flat=True))
    assert days == [TODAY + datetime.timedelta(days=n) for n in range(15)]
    services.meetings_create_ahead(series=quarterly, today=TODAY, now=NOW)
    assert list(Meeting.objects.filter(series=quarterly).values_list("occurrence", flat=True)) == [D(2027, 1, 1)]


def test_a_new_meeting_copies_the_series_and_lists_everyone_expected(world, marketing_daily):
    meeting = Meeting.objects.filter(series=marketing_daily).first()
    assert (meeting.title, meeting.place, meeting.chair, meeting.agenda) == (
        "Marketing daily", "Room 1", world.marketing, "Yesterday\nToday")
    assert meeting.starts_at.astimezone(world.club1.zone).time() == datetime.time(10, 0)
    listed = set(Attendee.objects.filter(meeting=meeting).values_list("person__name", flat=True))
    assert listed == {"marketing", "customer_manager"}


def test_someone_hired_later_joins_the_meetings_to_come(world, marketing_daily):
    newcomer = PersonFactory(name="New CM", club=world.club1, position=Role.CUSTOMER_MANAGER,
                             department=world.marketing.department)
    services.meetings_create_ahead(series=marketing_daily)
    future = Meeting.objects.filter(series=marketing_daily, starts_at__gt=timezone.now())
    assert all(m.attendees.filter(person=newcomer).exists() for m in future)


def test_a_change_to_the_series_applies_to_meetings_to_come_only(world, marketing_daily):
    now = timezone.now()
    past = Meeting.objects.create(series=marketing_daily, club=world.club1, occurrence=D(2026, 1, 5), title="Marketing daily",
                                  kind=Kind.DAILY, starts_at=datetime.datetime(2026, 1, 5, 2, tzinfo=datetime.UTC),
                                  place="Room 1", chair=world.marketing)
    moved = Meeting.objects.filter(series=marketing_daily, starts_at__gt=now).order_by("starts_at")[1]
    services.meeting_move(meeting=moved, by=world.marketing, starts_at=moved.starts_at + datetime.timedelta(hours=2),
                          duration_minutes=30, place="Lobby", reason="guests")
    services.series_update(series=marketing_daily, by=world.marketing, time=datetime.time(9, 15), place="Hall",
                           agenda_template="New agenda")
    past.refresh_from_db()
    assert (past.place, past.starts_at.hour) == ("Room 1", 2), "a meeting held keeps what it had"
    moved.refresh_from_db()
    assert moved.place == "Lobby", "a meeting moved by hand keeps its own time and place"
    future = Meeting.objects.filter(series=marketing_daily, starts_at__gt=now, moved_from__isnull=True)
    assert future.exists()
    for meeting in future:
        local = meeting.starts_at.astimezone(world.club1.zone)
        assert (local.time(), meeting.place, meeting.agenda) == (datetime.time(9, 15), "Hall", "New agenda")


def test_a_new_recurrence_removes_untouched_meetings_that_no_longer_fit(world, marketing_daily):
    services.series_update(series=marketing_daily, by=world.marketing, frequency=Frequency.WEEKLY, weekdays=[3])
    upcoming = Meeting.objects.filter(series=marketing_daily, starts_at__gt=timezone.now())
    assert {m.occurrence.isoweekday() for m in upcoming} == {3}


def test_the_command_twin_makes_the_same_meetings(world, capsys):
    call_command("create_meetings", "--date", "2026-11-23", "--club", "one")
    out = capsys.readouterr().out
    assert "one:" in out and "two" not in out
    made = Meeting.objects.filter(club=world.club1).count()
    call_command("create_meetings", "--date", "2026-11-23", "--club", "one")
    assert Meeting.objects.filter(club=world.club1).count() == made > 0


def test_the_beat_entry_runs_every_fifteen_minutes(db):
    task = PeriodicTask.objects.get(task="meetings.tasks.run_due_jobs")
    assert (task.enabled, task.interval.every, task.interval.period) == (True, 15, "minutes")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_ticks_at_once_make_each_meeting_once(world):
    if connection.vendor != "postgresql":
        need_service("PostgreSQL", f"this run's database is {connection.vendor}")
    barrier, errors = threading.Barrier(3), []

    def tick():
        try:
            barrier.wait()
            jobs.create_due_meetings(now=NOW)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=tick) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    keys = list(Meeting.objects.values_list("series", "occurrence"))
    assert len(keys) == len(set(keys)) > 0
    assert MeetingSeries.objects.filter(club=world.club1).count() == len(DEFAULT_SERIES)
    rows = list(Attendee.objects.values_list("meeting", "person"))
    assert len(rows) == len(set(rows))
    daily = Meeting.objects.get(series__club=world.club1, series__key="marketing-daily", occurrence=TODAY)
    assert set(daily.attendees.values_list("person__name", flat=True)) == {"marketing", "customer_manager"}
