"""Checklist periods in the club's time zone."""

import datetime
import zoneinfo

import pytest

from duties.catalogue import catalogue_install_defaults
from duties.jobs import create_due_checklists
from duties.models import Checklist
from kernel.periods import period


@pytest.mark.parametrize(
    "cadence, day, expected",
    [
        ("daily", "2026-03-10", ("2026-03-10", "2026-03-10")),
        ("weekly", "2026-01-01", ("2025-12-29", "2026-01-04")),  # a Thursday: the week began in the old year
        ("weekly", "2026-01-05", ("2026-01-05", "2026-01-11")),  # the first Monday of 2026
        ("monthly", "2026-02-14", ("2026-02-01", "2026-02-28")),
        ("monthly", "2028-02-29", ("2028-02-01", "2028-02-29")),
        ("quarterly", "2026-04-01", ("2026-04-01", "2026-06-30")),
        ("quarterly", "2026-12-31", ("2026-10-01", "2026-12-31")),
        ("annual", "2026-07-15", ("2026-01-01", "2026-12-31")),
    ],
)
def test_periods(cadence, day, expected):
    start, end = period(cadence, datetime.date.fromisoformat(day))
    assert (start.isoformat(), end.isoformat()) == expected


def test_a_tick_at_five_past_midnight_in_shanghai_makes_that_days_checklist(world):
    # 00:05 on 1 April in Shanghai is still 31 March in UTC.
    now = datetime.datetime(2026, 4, 1, 0, 5, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    catalogue_install_defaults(club=world.club1)
    create_due_checklists(now=now)
    days = set(Checklist.objects.filter(person=world.supervisor_a, cadence="daily").exclude(pk=world.checklist_a.pk).values_list("period_start", flat=True))
    assert days == {datetime.date(2026, 4, 1)}
    quarter = Checklist.objects.filter(person=world.tech_manager, cadence="quarterly").get()
    assert (quarter.period_start, quarter.period_end) == (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))
