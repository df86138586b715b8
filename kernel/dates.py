"""The range of dates ClubOps works with, in one place.

Every date or month read from an address, a query string or a form goes through here (or
through ``kernel.fields.DateField``, built on it). Outside 2000-01-01 … 2100-12-31 a date means
nothing to a club, and the pages step a day, a week or a month back and forth from it: year 1
or 9999 would make that step fail (a 500) instead of a clear message.
"""

import datetime

FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)


def in_bounds(day):
    return FIRST_DAY <= day <= LAST_DAY


def parse_date(raw):
    """``YYYY-MM-DD`` within the bounds → the date; None for anything else."""
    try:
        day = datetime.date.fromisoformat(raw.strip())
    except (AttributeError, TypeError, ValueError):
        return None
    return day if in_bounds(day) and len(raw.strip()) == 10 else None


def parse_year(raw):
    """A year within the bounds (``2026``) → the int; None for anything else."""
    raw = str(raw).strip()
    if not raw.isdecimal() or len(raw) != 4:
        return None
    year = int(raw)
    return year if FIRST_DAY.year <= year <= LAST_DAY.year else None
