"""Months as date ranges: first day ≤ date < first day of the next month.

Never ``date__month`` lookups: a range uses the (club, date) indexes and means the same
on every database.
"""

import calendar
import datetime

from .dates import in_bounds


def month_start(day):
    return day.replace(day=1)


def next_month(first):
    return (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def previous_month(first):
    return (first.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def month_range(first):
    """``(first, first of next month)``: filter with ``date__gte=first, date__lt=end``."""
    first = month_start(first)
    return first, next_month(first)


def month_days(first):
    return [first.replace(day=n) for n in range(1, calendar.monthrange(first.year, first.month)[1] + 1)]


def parse_month(raw):
    """``YYYY-MM`` within ``kernel.dates``' bounds → the month's first day; None for anything else."""
    try:
        month = datetime.datetime.strptime(raw.strip(), "%Y-%m").date()
    except (AttributeError, TypeError, ValueError):
        return None
    return month if in_bounds(month) else None


def last_months(first, count):
    """``count`` months ending with ``first``, newest first."""
    months = [month_start(first)]
    while len(months) < count:
        months.append(previous_month(months[-1]))
    return months
