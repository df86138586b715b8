"""Attendance statistics (technical manager duty 8): a day per team and department, a month per person."""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from staff import access
from staff.access import visible_departments

from .. import selectors
from ..months import next_month, previous_month
from ..scope import clubs_to_pick, day_from, floor_links, month_from, scope_for
from ..xlsx import month_workbook, xlsx_response


def _pickers(viewer, scope):
    return {
        "floor_links": floor_links(viewer),
        "clubs": clubs_to_pick(viewer),
        "teams": access.visible_teams(viewer).filter(club=scope.club).order_by("name"),
        "departments": visible_departments(viewer).filter(club=scope.club),
    }


@login_required
@require_GET
def stats_daily(request):
    """One day's attendance per team and per department: on time, late, early, absent, leave, off, not recorded."""
    viewer = access.viewer_of(request)
    scope = scope_for(request, viewer)
    day = day_from(request, scope.club.zone)
    pickers = _pickers(viewer, scope)
    if scope.team or scope.department:
        stats = selectors.day_stats(people=scope.people, day=day, list_people=True)
    else:
        stats = selectors.day_stats(
            people=scope.people, day=day, teams=list(pickers["teams"]), departments=list(pickers["departments"])
        )
    context = {
        "scope": scope,
        "stats": stats,
        "day": day,
        "previous_day": day - datetime.timedelta(days=1),
        "next_day": day + datetime.timedelta(days=1),
        "future": day > timezone.localdate(timezone=scope.club.zone),
        "columns": selectors.DAY_COLUMNS,
        **pickers,
    }
    return render(request, "attendance/stats_daily.html", context)


@login_required
@require_GET
def stats_monthly(request):
    """A month per person: a calendar of marks and the totals; ``?format=xlsx`` downloads the same sheet."""
    viewer = access.viewer_of(request)
    scope = scope_for(request, viewer)
    zone = scope.club.zone
    month = month_from(request, zone)
    sheet = selectors.month_sheet(people=scope.people, month=month, today=timezone.localdate(timezone=zone))
    legend = selectors.legend()
    if request.GET.get("format") == "xlsx":
        title = _("Attendance %(month)s · %(scope)s") % {"month": f"{month:%Y-%m}", "scope": scope.label}
        book = month_workbook(sheet, title=title, legend=" · ".join(f"{mark} {label}" for mark, label in legend))
        name = "-".join(filter(None, [
            "attendance", scope.club.code, f"team{scope.team.pk}" if scope.team else "",
            scope.department.kind if scope.department else "", f"{month:%Y-%m}",
        ]))
        return xlsx_response(book, f"{name}.xlsx")
    context = {
        "scope": scope,
        "sheet": sheet,
        "month": month,
        "previous_month": previous_month(month),
        "next_month": next_month(month),
        "legend": legend,
        "totals": [label for _key, label in selectors.MONTH_TOTALS],
        **_pickers(viewer, scope),
    }
    return render(request, "attendance/stats_monthly.html", context)


urls = [
    path("stats/daily/", stats_daily, name="stats_daily"),
    path("stats/monthly/", stats_monthly, name="stats_monthly"),
]
