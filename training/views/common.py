"""Small helpers the training pages share."""

import datetime

from django.contrib import messages
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from kernel.months import parse_month
from staff import access


def club_for(request, viewer):
    """The club a page shows: ``?club=<id>`` for the owner, else the viewer's own (another club: 404)."""
    return access.page_club(request, viewer)


def clubs_to_pick(viewer):
    """The owner's club picker (everyone else has one club)."""
    return access.picker_clubs(viewer)


def club_query(viewer, club, **params):
    """``club=<id>`` for the owner (others have one club), with ``params``, for a page's links."""
    return urlencode(access.club_params(viewer, club, **params))


def next_month(first):
    return (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def previous_month(first):
    return (first - datetime.timedelta(days=1)).replace(day=1)


def month_from(request, zone):
    """The first day of ``?month=YYYY-MM`` or of this month; a bad value says so."""
    this_month = timezone.localdate(timezone=zone).replace(day=1)
    raw = request.GET.get("month", "")
    if not raw:
        return this_month
    month = parse_month(raw)
    if month is None:
        messages.error(request, _("“%(value)s” is not a month; showing this month.") % {"value": raw})
        return this_month
    return month


def id_param(request, name):
    """An id from the query string or the form, or None; anything but digits is a 404."""
    from django.http import Http404

    raw = request.GET.get(name) or request.POST.get(name) or ""
    if not raw:
        return None
    if not raw.isdecimal():
        raise Http404
    return int(raw)


def form_errors(form):
    return "; ".join(str(e) for errors in form.errors.values() for e in errors)
