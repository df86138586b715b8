"""Cadences (daily … annual) and the period each covers. Weeks start on Monday; quarters on Jan/Apr/Jul/Oct 1."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from .months import next_month


class Cadence(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    ANNUAL = "annual", _("Annual")
    AS_NEEDED = "as_needed", _("As needed")


def period(cadence, day):
    """``(first day, last day)`` of the ``cadence`` period that contains ``day``."""
    if cadence == Cadence.DAILY:
        return day, day
    if cadence == Cadence.WEEKLY:
        start = day - datetime.timedelta(days=day.weekday())
        return start, start + datetime.timedelta(days=6)
    if cadence == Cadence.MONTHLY:
        start = day.replace(day=1)
        return start, next_month(start) - datetime.timedelta(days=1)
    if cadence == Cadence.QUARTERLY:
        start = datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        end = next_month(next_month(next_month(start))) - datetime.timedelta(days=1)
        return start, end
    if cadence == Cadence.ANNUAL:
        return datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31)
    raise ValueError(f"{cadence!r} has no checklist period")

