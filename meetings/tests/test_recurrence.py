"""When a series meets: working days with holidays and make-up days, month ends, quarter and year
starts, and the club's clock — Asia/Shanghai (no summer time) and Europe/Berlin (summer time)."""

import datetime
import zoneinfo

import pytest

from attendance.roster import holidays_prefill
from meetings import recurrence
from meetings.models import DayRule, Frequency, MeetingSeries

D = datetime.date


def rule(**fields):
    fields.setdefault("starts_on", D(2020, 1, 1))
    return MeetingSeries(title="r", kind="daily", time=datetime.time(10), **fields)


@pytest.fixture
def calendar_2026(world):
    """Club one with mainland China's 2026 holidays and make-up workdays (调休)."""
    holidays_prefill(club=world.club1, year=2026)
    return recurrence.holiday_calendar(world.club1, D(2026, 1, 1), D(2026, 12, 31))


def meets(series, start, end, club, calendar):
    return recurrence.occurrences(series, start, end, club=club, calendar=calendar)


def test_every_working_day_skips_holidays_and_keeps_make_up_days(world, calendar_2026):
    days = meets(rule(frequency=Frequency.WORKING_DAYS), D(2026, 9, 19), D(2026, 10, 11), world.club1, calendar_2026)
    assert D(2026, 9, 20) in days, "Sunday 20 September is a make-up workday"
    assert D(2026, 10, 10) in days, "Saturday 10 October is a make-up workday"
    assert D(2026, 9, 19) not in days and D(2026, 10, 11) not in days, "ordinary weekend days"
    assert not [d for d in days if D(2026, 10, 1) <= d <= D(2026, 10, 7)], "National Day week"
    assert D(2026, 9, 25) not in days, "Mid-Autumn Festival, a Friday"
    assert D(2026, 10, 8) in days


def test_every_day_meets_on_holidays_too(world, calendar_2026):
    days = meets(rule(frequency=Frequency.DAILY), D(2026, 10, 1), D(2026, 10, 7), world.club1, calendar_2026)
    assert len(days) == 7


def test_weekly_on_the_chosen_weekdays(world):
    days = meets(rule(frequency=Frequency.WEEKLY, weekdays=[1, 4]), D(2026, 11, 1), D(2026, 11, 15), world.club1, {})
    assert days == [D(2026, 11, 2), D(2026, 11, 5), D(2026, 11, 9), D(2026, 11, 12)]


def test_the_last_working_day_of_the_month_follows_the_calendar(world, calendar_2026):
    series = rule(frequency=Frequency.MONTHLY, day_rule=DayRule.LAST_WORKING_DAY)
    days = meets(series, D(2026, 1, 1), D(2026, 12, 31), world.club1, calendar_2026)
    assert days[0] == D(2026, 1, 30), "31 January 2026 is a Saturday"
    assert days[1] == D(2026, 2, 28), "Saturday 28 February 2026 is a make-up workday"
    assert days[4] == D(2026, 5, 29), "31 May is a Sunday"
    assert days[9] == D(2026, 10, 30)
    assert len(days) == 12


def test_a_day_of_the_month_past_the_months_end_is_its_last_day(world):
    series = rule(frequency=Frequency.MONTHLY, day_rule=DayRule.DAY_OF_MONTH, day_of_month=31)
    days = meets(series, D(2026, 1, 1), D(2026, 4, 30), world.club1, {})
    assert days == [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31), D(2026, 4, 30)]
    leap = meets(series, D(2028, 2, 1), D(2028, 2, 29), world.club1, {})
    assert leap == [D(2028, 2, 29)]


def test_quarterly_meets_at_each_quarter_start(world, calendar_2026):
    series = rule(frequency=Frequency.QUARTERLY, day_rule=DayRule.FIRST_WORKING_DAY, month_in_period=1)
    days = meets(series, D(2026, 1, 1), D(2026, 12, 31), world.club1, calendar_2026)
    assert days == [
        D(2026, 1, 4),  # 1–3 January are New Year; Sunday the 4th is a make-up workday
        D(2026, 4, 1),
        D(2026, 7, 1),
        D(2026, 10, 8),  # after the National Day week
    ]


def test_quarterly_in_the_quarters_last_month(world):
    series = rule(frequency=Frequency.QUARTERLY, day_rule=DayRule.DAY_OF_MONTH, day_of_month=15, month_in_period=3)
    days = meets(series, D(2026, 1, 1), D(2026, 12, 31), world.club1, {})
    assert days == [D(2026, 3, 15), D(2026, 6, 15), D(2026, 9, 15), D(2026, 12, 15)]


def test_annually_at_the_year_start_and_end(world, calendar_2026):
    start = rule(frequency=Frequency.ANNUALLY, day_rule=DayRule.FIRST_WORKING_DAY, month_in_period=1)
    assert meets(start, D(2026, 1, 1), D(2027, 12, 31), world.club1, calendar_2026)[0] == D(2026, 1, 4)
    end = rule(frequency=Frequency.ANNUALLY, day_rule=DayRule.LAST_WORKING_DAY, month_in_period=12)
    assert meets(end, D(2026, 1, 1), D(2026, 12, 31), world.club1, calendar_2026) == [D(2026, 12, 31)]


def test_the_series_dates_bound_its_meetings(world):
    series = rule(frequency=Frequency.DAILY, starts_on=D(2026, 3, 5), ends_on=D(2026, 3, 7))
    assert meets(series, D(2026, 3, 1), D(2026, 3, 31), world.club1, {}) == [D(2026, 3, 5), D(2026, 3, 6), D(2026, 3, 7)]


def test_the_next_occurrence_of_a_long_cadence(world, calendar_2026):
    series = rule(frequency=Frequency.QUARTERLY, day_rule=DayRule.FIRST_WORKING_DAY, month_in_period=1)
    assert recurrence.next_occurrence(series, D(2026, 7, 2), club=world.club1) == D(2026, 10, 8)


def test_a_rule_that_never_occurs_has_no_next_date(world):
    assert recurrence.next_occurrence(rule(frequency=Frequency.WEEKLY, weekdays=[]), D(2026, 1, 1), club=world.club1) is None
    ended = rule(frequency=Frequency.MONTHLY, day_rule=DayRule.LAST_WORKING_DAY, starts_on=D(2026, 3, 2),
                 ends_on=D(2026, 3, 20))
    assert recurrence.next_occurrence(ended, D(2026, 3, 2), club=world.club1) is None


def test_shanghai_has_no_summer_time():
    zone = zoneinfo.ZoneInfo("Asia/Shanghai")
    for day in (D(2026, 1, 15), D(2026, 7, 15)):
        start = recurrence.local_start(day, datetime.time(10, 0), zone)
        assert start.astimezone(datetime.UTC).time() == datetime.time(2, 0)


def test_berlin_keeps_the_local_time_across_summer_time():
    zone = zoneinfo.ZoneInfo("Europe/Berlin")
    before = recurrence.local_start(D(2026, 3, 28), datetime.time(9, 0), zone)  # Saturday, winter time
    after = recurrence.local_start(D(2026, 3, 30), datetime.time(9, 0), zone)  # Monday, summer time
    assert (before.hour, after.hour) == (9, 9)
    assert before.astimezone(datetime.UTC).hour == 8 and after.astimezone(datetime.UTC).hour == 7
    autumn = recurrence.local_start(D(2026, 10, 26), datetime.time(9, 0), zone)
    assert autumn.astimezone(datetime.UTC).hour == 8


def test_a_time_in_the_spring_gap_moves_to_the_real_wall_time():
    zone = zoneinfo.ZoneInfo("Europe/Berlin")
    start = recurrence.local_start(D(2026, 3, 29), datetime.time(2, 30), zone)  # 02:00 → 03:00 that night
    assert (start.hour, start.minute) == (3, 30)
    assert start.astimezone(datetime.UTC) == datetime.datetime(2026, 3, 29, 1, 30, tzinfo=datetime.UTC)


def test_a_berlin_clubs_meetings_follow_its_clock(world):
    from meetings import services
    from meetings.models import Meeting
    from meetings.tests.factories import make_series

    world.club2.time_zone = "Europe/Berlin"
    world.club2.save()
    series = make_series(world.club2, None, world.store_manager_2, time=datetime.time(9, 0))
    services.meetings_make(series=series, days=[D(2026, 3, 28), D(2026, 3, 30)])
    starts = [m.starts_at.astimezone(datetime.UTC).hour for m in Meeting.objects.filter(series=series).order_by("starts_at")]
    assert starts == [8, 7]


@pytest.mark.parametrize("day, expected", [
    (D(2026, 3, 31), (D(2026, 3, 1), D(2026, 3, 31))),  # a month-end meeting reports on its month
    (D(2026, 4, 1), (D(2026, 3, 1), D(2026, 3, 31))),  # one on the 1st on the month before
])
def test_a_month_end_meeting_reports_on_the_month_it_closes(day, expected):
    assert recurrence.covered_period("monthly", day) == expected


def test_a_quarter_start_meeting_reports_on_the_quarter_before():
    assert recurrence.covered_period("quarterly", D(2026, 1, 4)) == (D(2025, 10, 1), D(2025, 12, 31))
    assert recurrence.covered_period("annual", D(2026, 12, 31)) == (D(2026, 1, 1), D(2026, 12, 31))
    assert recurrence.covered_period("annual", D(2027, 1, 4)) == (D(2026, 1, 1), D(2026, 12, 31))
