"""Late and early-leave minutes from the shift, the times and the grace minutes."""

import datetime
import zoneinfo

import pytest

from attendance.derive import derive, moment
from attendance.models import ShiftTemplate, Status

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
DAY = datetime.date(2026, 3, 10)
DAY_SHIFT = ShiftTemplate(name="day", start=datetime.time(10), end=datetime.time(18))
NIGHT_SHIFT = ShiftTemplate(name="night", start=datetime.time(18), end=datetime.time(2))


def at(hour, minute=0, day=DAY):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


def run(shift, arrived, left, grace=(5, 5)):
    return derive(shift=shift, day=DAY, zone=SHANGHAI, arrived_at=arrived, left_at=left,
                  arrival_grace=grace[0], leaving_grace=grace[1])


def test_it_counts_nobody_late_within_the_grace_minutes():
    assert run(DAY_SHIFT, at(10, 5), at(18)) == (Status.PRESENT, 0, 0)


def test_it_counts_late_minutes_from_the_shift_start_once_past_the_grace():
    result = run(DAY_SHIFT, at(10, 12), at(18))
    assert (result.status, result.late_minutes, result.early_minutes) == (Status.LATE, 12, 0)


def test_it_counts_early_leaving_to_the_shift_end():
    result = run(DAY_SHIFT, at(10), at(17, 20))
    assert (result.status, result.late_minutes, result.early_minutes) == (Status.LEFT_EARLY, 0, 40)


def test_it_knows_late_and_left_early_together():
    result = run(DAY_SHIFT, at(10, 30), at(17))
    assert (result.status, result.late_minutes, result.early_minutes) == (Status.LATE_AND_LEFT_EARLY, 30, 60)


def test_a_zero_grace_makes_one_minute_late():
    assert run(DAY_SHIFT, at(10, 1), None, grace=(0, 0)).late_minutes == 1


def test_a_night_shift_ends_the_next_morning():
    next_day = DAY + datetime.timedelta(days=1)
    left = moment(DAY, datetime.time(1, 30), SHANGHAI, NIGHT_SHIFT)
    assert left == at(1, 30, day=next_day)
    result = run(NIGHT_SHIFT, at(18, 20), left)
    assert (result.status, result.late_minutes, result.early_minutes) == (Status.LATE_AND_LEFT_EARLY, 20, 30)


def test_a_night_shift_left_at_its_end_is_on_time():
    left = moment(DAY, datetime.time(2, 0), SHANGHAI, NIGHT_SHIFT)
    assert run(NIGHT_SHIFT, at(17, 55), left) == (Status.PRESENT, 0, 0)


def test_an_arrival_before_a_night_shift_stays_on_the_same_day():
    assert moment(DAY, datetime.time(17, 50), SHANGHAI, NIGHT_SHIFT) == at(17, 50)


@pytest.mark.parametrize("arrived", [None, at(13, 0)])
def test_without_a_shift_nobody_is_late(arrived):
    assert run(None, arrived, at(15)) == (Status.PRESENT, 0, 0)
