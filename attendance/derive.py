"""Late and early-leave minutes from a shift, the recorded times and the club's grace minutes.

The rule, written once:

* late when arriving more than ``arrival grace`` minutes after the shift starts; the minutes
  late count from the shift's start (10:00 shift, 5 min grace, arrived 10:12 → 12 minutes late;
  arrived 10:04 → on time);
* left early when leaving more than ``leaving grace`` minutes before the shift ends, counted
  to the shift's end;
* a shift whose end is at or before its start ends the next day (18:00–02:00), and a time of
  day typed for such a shift that falls in its after-midnight part belongs to the next day;
* with no shift (not rostered, or a day off worked anyway) nobody is late or early.
"""

import datetime
from typing import NamedTuple

from .models import Status


class Derived(NamedTuple):
    status: str
    late_minutes: int
    early_minutes: int


def _minutes(delta):
    return int(delta.total_seconds() // 60)


def moment(day, time_of_day, zone, shift=None):
    """The aware datetime of ``time_of_day`` typed for ``day``'s work in ``zone``.

    For a night shift, a time before the shift's start and no later than six hours after its
    end is read as the next morning (02:00 for an 18:00–02:00 shift).
    """
    when = datetime.datetime.combine(day, time_of_day, tzinfo=zone)
    if shift is not None and shift.crosses_midnight and time_of_day < shift.start:
        latest_next_day = (datetime.datetime.combine(day, shift.end) + datetime.timedelta(hours=6)).time()
        if time_of_day <= latest_next_day or latest_next_day < shift.end:
            when += datetime.timedelta(days=1)
    return when


def derive(*, shift, day, zone, arrived_at, left_at, arrival_grace, leaving_grace):
    """The status and minutes of a worked day."""
    late = early = 0
    if shift is not None:
        # In UTC: arithmetic between two times of one zone is wall-clock time, wrong across a clock change.
        start, end = (bound.astimezone(datetime.UTC) for bound in shift.bounds(day, zone))
        if arrived_at is not None and arrived_at > start + datetime.timedelta(minutes=arrival_grace):
            late = _minutes(arrived_at - start)
        if left_at is not None and left_at < end - datetime.timedelta(minutes=leaving_grace):
            early = _minutes(end - left_at)
    if late and early:
        status = Status.LATE_AND_LEFT_EARLY
    elif late:
        status = Status.LATE
    elif early:
        status = Status.LEFT_EARLY
    else:
        status = Status.PRESENT
    return Derived(status, late, early)
