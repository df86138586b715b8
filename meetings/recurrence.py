"""When a series meets: its occurrences (local dates) and their start times in the club's zone.

Pure date arithmetic over a rule (a ``MeetingSeries`` or anything with the same fields) and
the club's holiday calendar, so that it can be tested without a database. Working days are
those of ``attendance.roster.is_working_day``: weekdays, less the club's public holidays, plus
its make-up workdays (调休).
"""

import calendar as calendar_module
import datetime

from staff.models import Holiday
from attendance.roster import is_working_day
from kernel.periods import period

from .models import MONTH_BASED, DayRule, Frequency

ONE_DAY = datetime.timedelta(days=1)
# How far ahead to look for the next occurrence before a rule counts as never occurring.
HORIZON_DAYS = 2 * 366 + 31


def holiday_calendar(club, start, end):
    """``{date: kind}`` of the club's holidays and make-up workdays from ``start``'s month to ``end``'s (one query)."""
    first = start.replace(day=1)
    last = end.replace(day=calendar_module.monthrange(end.year, end.month)[1])
    rows = Holiday.objects.filter(club=club, date__gte=first, date__lte=last).values_list("date", "kind")
    return dict(rows)


def _month_matches(rule, month):
    if rule.frequency == Frequency.MONTHLY:
        return True
    if rule.frequency == Frequency.QUARTERLY:
        return (month - 1) % 3 == (rule.month_in_period - 1) % 3
    return month == rule.month_in_period


def day_in_month(rule, year, month, working):
    """The day ``rule`` picks in a month, or None (a month without a working day)."""
    last = calendar_module.monthrange(year, month)[1]
    if rule.day_rule == DayRule.DAY_OF_MONTH:
        return datetime.date(year, month, min(rule.day_of_month, last))
    days = [datetime.date(year, month, d) for d in range(1, last + 1)]
    if rule.day_rule == DayRule.LAST_WORKING_DAY:
        days.reverse()
    return next((day for day in days if working(day)), None)


def occurrences(rule, start, end, *, club, calendar):
    """The dates in [start, end] on which ``rule`` meets, oldest first.

    ``calendar`` is the club's ``holiday_calendar`` covering the months of [start, end].
    The series' own ``starts_on`` and ``ends_on`` bound the result.
    """
    if rule.starts_on and rule.starts_on > start:
        start = rule.starts_on
    if rule.ends_on and rule.ends_on < end:
        end = rule.ends_on
    if start > end:
        return []

    def working(day):
        return is_working_day(club, day, calendar)

    if rule.frequency in MONTH_BASED:
        found, year, month = [], start.year, start.month
        while (year, month) <= (end.year, end.month):
            if _month_matches(rule, month):
                day = day_in_month(rule, year, month, working)
                if day is not None and start <= day <= end:
                    found.append(day)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found

    weekdays = set(rule.weekdays or [])
    found, day = [], start
    while day <= end:
        if (
            rule.frequency == Frequency.DAILY
            or (rule.frequency == Frequency.WORKING_DAYS and working(day))
            or (rule.frequency == Frequency.WEEKLY and day.isoweekday() in weekdays)
        ):
            found.append(day)
        day += ONE_DAY
    return found


def next_occurrence(rule, after, *, club, calendar=None):
    """The first date on or after ``after`` on which ``rule`` meets, or None within two years (it never does)."""
    end = after + datetime.timedelta(days=HORIZON_DAYS)
    if calendar is None:
        calendar = holiday_calendar(club, after, end) if club is not None and club.pk else {}
    if rule.frequency in MONTH_BASED:
        found = occurrences(rule, after, end, club=club, calendar=calendar)
        return found[0] if found else None
    # Day by day, but stop at the first hit rather than listing two years.
    step_end = after
    while step_end < end:
        chunk_end = min(step_end + datetime.timedelta(days=31), end)
        found = occurrences(rule, step_end, chunk_end, club=club, calendar=calendar)
        if found:
            return found[0]
        step_end = chunk_end + ONE_DAY
    return None


def local_start(day, time, zone):
    """The aware start of a meeting at ``time`` on ``day`` in ``zone``.

    On the night clocks go forward a time that does not exist is read with the offset
    before the change (02:30 becomes 03:30 summer time); on the night they go back, the
    first of the two 02:30s is taken.
    """
    naive = datetime.datetime.combine(day, time)
    aware = naive.replace(tzinfo=zone, fold=0)
    # Normalise a time in the spring gap to the wall time it really is.
    return aware.astimezone(datetime.UTC).astimezone(zone)


def covered_period(kind_cadence, day):
    """The period a summary meeting on ``day`` reports on: the month (quarter, year) it closes.

    A meeting in the second half of its period closes that period (a month-end meeting on
    the 30th reports on this month); one in the first half closes the period before (a
    quarterly meeting on 2 January reports on October–December).
    """
    start, end = period(kind_cadence, day)
    middle = start + (end - start) / 2
    if day >= middle:
        return start, end
    return period(kind_cadence, start - ONE_DAY)
