"""Small helpers shared by the floor pages of area hygiene, consumables and service quality."""

import datetime

from django.contrib import messages
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from staff.models import Role


def club_params(viewer, club, **params):
    """Query parameters that keep the owner on the club they chose (others have one club)."""
    if viewer.position == Role.OWNER:
        params = {"club": club.pk, **params}
    return {key: value for key, value in params.items() if value not in (None, "")}


def club_qs(viewer, club):
    """``club=<id>`` for the owner, to append to a page's links; empty for everyone else."""
    return urlencode(club_params(viewer, club))


def floor_url(name, viewer, club, **params):
    """The URL of page ``name`` for ``club``, with ``params``."""
    query = urlencode(club_params(viewer, club, **params))
    return f"{reverse(name)}?{query}" if query else reverse(name)


def month_from(request, zone, name="month"):
    """The first day of the month asked for in ``?month=YYYY-MM``, or of this month; a bad value says so."""
    this_month = timezone.localdate(timezone=zone).replace(day=1)
    raw = request.GET.get(name, "")
    if not raw:
        return this_month
    try:
        return datetime.date.fromisoformat(f"{raw}-01")
    except ValueError:
        messages.error(request, _("“%(value)s” is not a month; showing this month.") % {"value": raw})
        return this_month


def next_month(first):
    return (first + datetime.timedelta(days=32)).replace(day=1)


def previous_month(first):
    return (first - datetime.timedelta(days=1)).replace(day=1)


def month_bounds(first, zone):
    """The month starting ``first`` as aware datetimes [start, end) in ``zone``."""
    start = datetime.datetime.combine(first, datetime.time(), tzinfo=zone)
    return start, datetime.datetime.combine(next_month(first), datetime.time(), tzinfo=zone)
