"""What a floor page is about: whose figures, which club, which day or month, and its links.

* A statistics or follow-up page shows a club, a team or a department (``scope_for``).
  Everything is decided by ``staff.access`` and ``attendance.access``: a club, team or department
  outside the viewer's clubs is a 404, one in their club that they may not see is a 403, and inside the chosen
  scope only the people ``access.people_filter`` lets the viewer see are counted.
* The pages of area hygiene, consumables and service quality keep the owner on the club
  they chose with ``?club=`` (``club_qs``, ``floor_url``); everyone else has one club.
* ``?date=`` and ``?month=`` pick the day or month (``day_from``, ``month_from``).
"""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from kernel.dates import parse_date
from kernel.months import month_start, next_month, parse_month
from staff import access
from staff.access import club_in_reach, club_params, get_department, picker_clubs
from staff.models import Club, Department, Team

from .access import may_see_floor_figures
from .locks import may_open_lock_page


def id_from(raw):
    if not raw.isdecimal():
        raise Http404
    return int(raw)


@dataclass
class Scope:
    club: Club
    people: Q  # the Person filter of everyone the page counts
    team: Team | None = None
    department: Department | None = None

    @property
    def label(self):
        if self.team is not None:
            return f"{self.club.name} · {self.team.name}"
        if self.department is not None:
            return f"{self.club.name} · {self.department.get_kind_display()}"
        return self.club.name

    def query(self, **extra):
        """The URL query that comes back to this scope, with ``extra`` (e.g. ``month=...``)."""
        params = {}
        if self.team is not None:
            params["team"] = self.team.pk
        elif self.department is not None:
            params["department"] = self.department.pk
        else:
            params["club"] = self.club.pk
        params.update({k: v for k, v in extra.items() if v not in (None, "")})
        return urlencode(params)


def scope_for(request, viewer):
    """The scope asked for with ``?team=``, ``?department=`` or ``?club=``; else the viewer's club."""
    get = request.GET
    if get.get("team"):
        team = access.get_team(viewer, id_from(get["team"]))
        scope = Scope(club=team.club, team=team, people=access.people_filter(viewer) & Q(team=team))
    elif get.get("department"):
        department = get_department(viewer, id_from(get["department"]))
        scope = Scope(
            club=department.club, department=department,
            people=access.people_filter(viewer) & Q(department=department),
        )
    else:
        if get.get("club"):
            club = club_in_reach(viewer, id_from(get["club"]))
        elif viewer.club_id:
            club = viewer.club
        else:
            club = Club.objects.order_by("name").first()
            if club is None:
                raise Http404
        scope = Scope(club=club, people=access.people_filter(viewer) & Q(club=club))
    if not may_see_floor_figures(viewer):
        raise PermissionDenied
    return scope


def club_qs(viewer, club):
    """``club=<id>`` for the owner, to append to a page's links; empty for everyone else."""
    return urlencode(club_params(viewer, club))


def floor_url(name, viewer, club, **params):
    """The URL of page ``name`` for ``club``, with ``params``."""
    query = urlencode(club_params(viewer, club, **params))
    return f"{reverse(name)}?{query}" if query else reverse(name)


def clubs_to_pick(viewer):
    """The clubs a viewer can switch between (the owner's club picker)."""
    return picker_clubs(viewer)


# --- What day or month a page is about ------------------------------------------------------


def day_from(request, zone):
    """The day of ``?date=``, or today in the club's zone; a bad date says so and shows today."""
    today = timezone.localdate(timezone=zone)
    raw = request.GET.get("date")
    if not raw:
        return today
    day = parse_date(raw)  # within kernel.dates' bounds: the pages step a day back and forth from it
    if day is None:
        messages.error(request, _("“%(value)s” is not a date; showing today.") % {"value": raw})
        return today
    return day


def month_from(request, zone, *, default=None):
    """The month of ``?month=YYYY-MM`` (its first day), or ``default`` / this month in the club's zone."""
    fallback = default or month_start(timezone.localdate(timezone=zone))
    raw = request.GET.get("month")
    if not raw:
        return fallback
    month = parse_month(raw)
    if month is None:
        messages.error(request, _("“%(value)s” is not a month (YYYY-MM); showing %(month)s.") % {
            "value": raw, "month": f"{fallback:%Y-%m}"})
        return fallback
    return month


def month_bounds(first, zone):
    """The month starting ``first`` as aware datetimes [start, end) in ``zone``."""
    start = datetime.datetime.combine(first, datetime.time(), tzinfo=zone)
    return start, datetime.datetime.combine(next_month(first), datetime.time(), tzinfo=zone)


def floor_links(viewer):
    """The figure pages' own menu: (label, url name) of the pages ``viewer`` may open."""
    links = []
    if may_see_floor_figures(viewer):
        links += [
            (_("Daily figures"), "attendance:stats_daily"),
            (_("Monthly sheet"), "attendance:stats_monthly"),
            (_("Follow-up"), "attendance:followup"),
        ]
    if may_open_lock_page(viewer):
        links.append((_("Month lock"), "attendance:month_lock"))
    links.append((_("Notices"), "staff:notices"))
    return links
