"""Meetings at the edges of time: made ahead by the club's own date, on the days the calendar says (a holiday,
the make-up workday after it, 29 February), at the club's wall-clock time on the nights the clocks change,
recorded only from their own local day, and summary reports covering the period they close.
"""

import datetime

import pytest
from django.utils import translation

from attendance.roster import holidays_prefill
from meetings import jobs, recurrence, services
from meetings.models import DayRule, Frequency, Kind, Meeting, Report
from meetings.services import MeetingError
from meetings.tests.factories import make_series
from staff.models import Holiday, Notice

pytestmark = pytest.mark.dates

D = datetime.date
T = datetime.time
UTC = datetime.UTC
LOS_ANGELES = "America/Los_Angeles"
LONDON = "Europe/London"


def at(raw):
    return datetime.datetime.fromisoformat(raw)


def move_club(club, zone):
    club.time_zone = zone
    club.save()
    return club


def only_club_one(world):
    world.club2.is_active = False
    world.club2.save()


def days_of(series):
    return list(Meeting.objects.filter(series=series).order_by("occurrence").values_list("occurrence", flat=True))


def local_starts(series):
    zone = series.club.zone
    return {m.occurrence: m.starts_at.astimezone(zone).time() for m in Meeting.objects.filter(series=series)}


# --- Made ahead by the club's own date ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "last_minute", "first_minute"),
    [
        ("Asia/Shanghai", "2027-01-31T23:59:00+08:00", "2027-01-31T16:30:00+00:00"),  # 00:30 on the 1st in Shanghai
        (LOS_ANGELES, "2027-02-01T07:59:00+00:00", "2027-02-01T08:00:30+00:00"),  # 23:59, then 00:00 in Los Angeles
    ],
    ids=["shanghai", "los-angeles"],
)
@pytest.mark.clock("2027-01-20T12:00:00+08:00")
def test_the_tick_makes_a_fortnight_ahead_from_the_clubs_own_date(world, clock, zone, last_minute, first_minute):
    only_club_one(world)
    move_club(world.club1, zone)
    daily = make_series(world.club1, None, world.store_manager, positions=["store_manager"], time=T(10, 0))

    clock.move_to(at(last_minute))
    jobs.create_due_meetings()
    assert days_of(daily) == [D(2027, 1, 31) + datetime.timedelta(days=n) for n in range(15)]

    clock.move_to(at(first_minute))
    assert jobs.create_due_meetings() == {"one": 1}
    assert days_of(daily)[-1] == D(2027, 2, 15)
    assert local_starts(daily)[D(2027, 2, 15)] == T(10, 0)
    assert jobs.create_due_meetings() == {"one": 0}


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2027, [D(2027, 1, 31), D(2027, 2, 28), D(2027, 3, 31), D(2027, 4, 30)]),
        (2028, [D(2028, 1, 31), D(2028, 2, 29), D(2028, 3, 31), D(2028, 4, 30)]),
    ],
)
@pytest.mark.clock("2026-12-01T12:00:00+08:00")
def test_a_meeting_on_the_31st_falls_on_the_last_day_of_a_shorter_month(world, year, expected):
    series = make_series(world.club1, None, world.store_manager, kind=Kind.MONTH_END, frequency=Frequency.MONTHLY,
                         day_of_month=31)
    calendar = recurrence.holiday_calendar(world.club1, D(year, 1, 1), D(year, 4, 30))
    found = recurrence.occurrences(series, D(year, 1, 1), D(year, 4, 30), club=world.club1, calendar=calendar)
    assert found == expected


@pytest.mark.clock("2028-02-16T00:05:00+08:00")
def test_the_month_end_meeting_of_a_leap_february_is_made_for_the_29th(world):
    only_club_one(world)
    month_end = make_series(world.club1, None, world.store_manager, kind=Kind.MONTH_END, frequency=Frequency.MONTHLY,
                            day_rule=DayRule.LAST_WORKING_DAY, time=T(16, 0))

    jobs.create_due_meetings()

    assert days_of(month_end) == [D(2028, 2, 29), D(2028, 3, 31)]  # the fortnight, then the next one
    assert local_starts(month_end)[D(2028, 2, 29)] == T(16, 0)


# --- A public holiday and the make-up workday after it ------------------------------------------------------------


@pytest.mark.clock("2027-02-06T00:05:00+08:00")  # 2027-02-05T16:05Z
def test_a_working_day_meeting_skips_the_holiday_and_meets_on_the_make_up_saturday(world):
    only_club_one(world)
    for day in (D(2027, 2, 5), D(2027, 2, 6), D(2027, 2, 7), D(2027, 2, 8)):
        Holiday.objects.create(club=world.club1, date=day, kind="holiday", name="春节")
    Holiday.objects.create(club=world.club1, date=D(2027, 2, 20), kind="workday", name="春节调休上班")
    working = make_series(world.club1, None, world.store_manager, frequency=Frequency.WORKING_DAYS, time=T(9, 30))

    jobs.create_due_meetings()

    assert days_of(working) == [
        D(2027, 2, 9), D(2027, 2, 10), D(2027, 2, 11), D(2027, 2, 12), D(2027, 2, 15), D(2027, 2, 16),
        D(2027, 2, 17), D(2027, 2, 18), D(2027, 2, 19), D(2027, 2, 20),
    ]
    assert local_starts(working)[D(2027, 2, 20)] == T(9, 30)


@pytest.mark.clock("2025-12-20T12:00:00+08:00")
def test_with_the_2026_calendar_summary_meetings_fall_on_the_make_up_days(world):
    holidays_prefill(club=world.club1, year=2026)  # 1–3 Jan off, Sunday 4 Jan worked; Saturday 28 Feb worked
    quarterly = make_series(world.club1, None, world.store_manager, kind=Kind.QUARTERLY,
                            frequency=Frequency.QUARTERLY, day_rule=DayRule.FIRST_WORKING_DAY, month_in_period=1)
    month_end = make_series(world.club1, None, world.store_manager, kind=Kind.MONTH_END,
                            frequency=Frequency.MONTHLY, day_rule=DayRule.LAST_WORKING_DAY)

    assert recurrence.next_occurrence(quarterly, D(2025, 12, 20), club=world.club1) == D(2026, 1, 4)
    assert recurrence.next_occurrence(month_end, D(2026, 2, 1), club=world.club1) == D(2026, 2, 28)
    # Each covers the period it closes: the first quarter's meeting reports on October–December.
    assert recurrence.covered_period("quarterly", D(2026, 1, 4)) == (D(2025, 10, 1), D(2025, 12, 31))
    assert recurrence.covered_period("monthly", D(2026, 2, 28)) == (D(2026, 2, 1), D(2026, 2, 28))


@pytest.mark.parametrize(
    ("cadence", "day", "covered"),
    [
        ("monthly", D(2028, 2, 29), (D(2028, 2, 1), D(2028, 2, 29))),
        ("monthly", D(2028, 3, 1), (D(2028, 2, 1), D(2028, 2, 29))),
        ("annual", D(2027, 12, 31), (D(2027, 1, 1), D(2027, 12, 31))),
        ("annual", D(2028, 1, 3), (D(2027, 1, 1), D(2027, 12, 31))),
        ("quarterly", D(2027, 12, 31), (D(2027, 10, 1), D(2027, 12, 31))),
    ],
)
def test_a_summary_meeting_reports_on_the_period_it_closes(cadence, day, covered):
    assert recurrence.covered_period(cadence, day) == covered


@pytest.mark.clock("2028-02-29T17:30:00+08:00")
def test_finalising_the_leap_day_month_end_meeting_drafts_the_report_for_the_whole_february(world):
    month_end = make_series(world.club1, world.marketing.department, world.marketing, kind=Kind.MONTH_END,
                            frequency=Frequency.MONTHLY, day_rule=DayRule.LAST_WORKING_DAY, time=T(16, 0),
                            positions=["marketing_director"])
    services.meetings_make(series=month_end, days=[D(2028, 2, 29)])
    meeting = Meeting.objects.get(series=month_end)
    services.minutes_save(meeting=meeting, by=world.marketing, minutes="February closed")

    services.meeting_finalise(meeting=meeting, by=world.marketing)

    report = Report.objects.get(meeting=meeting)
    assert (report.period_start, report.period_end) == (D(2028, 2, 1), D(2028, 2, 29))


# --- Wall-clock time on the nights the clocks change -----------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "day", "time", "utc"),
    [
        (LOS_ANGELES, D(2027, 3, 13), T(9, 0), "2027-03-13T17:00:00+00:00"),  # still winter time
        (LOS_ANGELES, D(2027, 3, 14), T(9, 0), "2027-03-14T16:00:00+00:00"),  # the change night is behind it
        (LOS_ANGELES, D(2027, 3, 14), T(2, 30), "2027-03-14T10:30:00+00:00"),  # 02:30 does not exist: 03:30 PDT
        (LOS_ANGELES, D(2027, 11, 7), T(9, 0), "2027-11-07T17:00:00+00:00"),
        (LOS_ANGELES, D(2027, 11, 7), T(1, 30), "2027-11-07T08:30:00+00:00"),  # the first of the two 01:30s
        (LONDON, D(2027, 3, 28), T(1, 30), "2027-03-28T01:30:00+00:00"),  # 01:30 does not exist: 02:30 BST
        (LONDON, D(2027, 3, 28), T(10, 0), "2027-03-28T09:00:00+00:00"),
        (LONDON, D(2027, 10, 31), T(1, 30), "2027-10-31T00:30:00+00:00"),  # the first 01:30, still BST
        (LONDON, D(2027, 10, 31), T(10, 0), "2027-10-31T10:00:00+00:00"),
    ],
)
@pytest.mark.clock("2027-01-01T00:05:00+08:00")
def test_a_meeting_keeps_its_wall_clock_time_on_the_night_the_clocks_change(world, zone, day, time, utc):
    move_club(world.club1, zone)
    series = make_series(world.club1, None, world.store_manager, time=time)

    services.meetings_make(series=series, days=[day])

    assert Meeting.objects.get(series=series).starts_at == at(utc)


@pytest.mark.clock("2027-03-14T07:05:00-07:00")
def test_the_hour_before_reminder_follows_summer_time_on_the_morning_after_the_change(world, clock):
    move_club(world.club1, LOS_ANGELES)
    series = make_series(world.club1, None, world.store_manager, positions=["store_manager"], time=T(9, 0))
    services.meetings_make(series=series, days=[D(2027, 3, 14)])

    # 07:05 PDT would be 08:05 by yesterday's offset: too early all the same.
    assert jobs.remind_upcoming_meetings(now=at("2027-03-14T07:05:00-07:00")) == 0
    assert jobs.remind_upcoming_meetings(now=at("2027-03-14T08:05:00-07:00")) == 1
    assert jobs.remind_upcoming_meetings(now=at("2027-03-14T08:20:00-07:00")) == 0
    assert Notice.objects.get(person=world.store_manager).date == D(2027, 3, 14)


# --- Recording and reminding by the club's own day --------------------------------------------------------------


@pytest.mark.clock("2027-02-01T07:30:00+00:00")  # the 1st in UTC and in Shanghai, 23:30 on 31 January in LA
def test_a_meeting_is_recorded_from_its_own_local_day(world, clock):
    move_club(world.club1, LOS_ANGELES)
    series = make_series(world.club1, None, world.store_manager, positions=["store_manager"], time=T(0, 15))
    services.meetings_make(series=series, days=[D(2027, 2, 1)])
    meeting = Meeting.objects.get(series=series)

    with translation.override("en"), pytest.raises(MeetingError, match="is on 2027-02-01; record it on the day"):
        services.minutes_save(meeting=meeting, by=world.store_manager, minutes="Too soon")

    clock.move_to(at("2027-02-01T08:00:30+00:00"))  # 00:00 in Los Angeles
    services.minutes_save(meeting=meeting, by=world.store_manager, minutes="On the day")
    assert Meeting.objects.get(pk=meeting.pk).minutes == "On the day"


@pytest.mark.parametrize(
    ("zone", "too_early", "nine"),
    [
        ("Asia/Shanghai", "2027-02-01T08:59:00+08:00", "2027-02-01T09:00:00+08:00"),
        # 09:00 on the 1st in Shanghai is 17:00 on the 31st in Los Angeles: the item is not overdue there yet.
        (LOS_ANGELES, "2027-02-01T09:00:00+08:00", "2027-02-01T09:00:00-08:00"),
    ],
    ids=["shanghai", "los-angeles"],
)
@pytest.mark.clock("2027-01-25T12:00:00+08:00")
def test_an_item_due_on_the_31st_is_reminded_from_nine_on_the_1st_in_the_clubs_zone(
    world, clock, zone, too_early, nine
):
    only_club_one(world)
    move_club(world.club1, zone)
    series = make_series(world.club1, world.marketing.department, world.marketing, positions=["customer_manager"])
    services.meetings_make(series=series, days=[D(2027, 1, 25)])
    meeting = Meeting.objects.get(series=series)
    clock.move_to(at("2027-01-25T23:00:00+00:00"))  # the 25th in both zones
    services.action_item_add(meeting=meeting, by=world.marketing, what="Count towels", owner=world.customer_manager,
                             due=D(2027, 1, 31))

    assert jobs.remind_overdue_action_items(now=at("2027-01-31T23:59:00+08:00").astimezone(world.club1.zone)) == 0
    assert jobs.remind_overdue_action_items(now=at(too_early)) == 0
    assert jobs.remind_overdue_action_items(now=at(nine)) == 1
    assert jobs.remind_overdue_action_items(now=at(nine) + datetime.timedelta(hours=3)) == 0
    assert Notice.objects.get(person=world.customer_manager, kind=jobs.OVERDUE_KIND).date == D(2027, 2, 1)
