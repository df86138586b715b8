"""Whose figures a statistics or follow-up page shows: a club, a team or a department.

Everything here is decided by ``staff.access``: a club, team or department outside the
viewer's clubs is a 404, one in their club that they may not see is a 403, and inside the
chosen scope only the people ``access.people_filter`` lets the viewer see are counted.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from staff import access
from staff.access import club_in_reach, get_department, may_see_floor_figures
from staff.models import Club, Department, Role, Team

from .locks import may_open_lock_page
from .months import month_start, parse_month


def id_from(raw):
    if not raw.isdigit():
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


def clubs_to_pick(viewer):
    """The clubs a viewer can switch between (the owner's club picker)."""
    if viewer.position == Role.OWNER:
        return Club.objects.order_by("name")
    return Club.objects.none()


# --- What day or month a page is about ------------------------------------------------------


def day_from(request, zone):
    """The day of ``?date=``, or today in the club's zone; a bad date says so and shows today."""
    today = timezone.localdate(timezone=zone)
    raw = request.GET.get("date")
    if not raw:
        return today
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        messages.error(request, _("“%(value)s” is not a date; showing today.") % {"value": raw})
        return today


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
    links.append((_("Notices"), "attendance:notices"))
    return links
