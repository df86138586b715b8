"""The period a checklist covers, by cadence. Weeks start on Monday; quarters on Jan/Apr/Jul/Oct 1."""

import datetime

from .models import Cadence


def period(cadence, day):
    """``(first day, last day)`` of the ``cadence`` period that contains ``day``."""
    if cadence == Cadence.DAILY:
        return day, day
    if cadence == Cadence.WEEKLY:
        start = day - datetime.timedelta(days=day.weekday())
        return start, start + datetime.timedelta(days=6)
    if cadence == Cadence.MONTHLY:
        start = day.replace(day=1)
        return start, _next_month(start) - datetime.timedelta(days=1)
    if cadence == Cadence.QUARTERLY:
        start = datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        end = _next_month(_next_month(_next_month(start))) - datetime.timedelta(days=1)
        return start, end
    if cadence == Cadence.ANNUAL:
        return datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31)
    raise ValueError(f"{cadence!r} has no checklist period")


def _next_month(first):
    return (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
