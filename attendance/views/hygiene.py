"""Area hygiene (衛生): the day's area checks in one submit, and the club's areas."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from staff import access
from staff.models import Person

from ..access import floor_club, may_keep_floor_records

from .. import locks
from ..forms.hygiene import AreaForm, AreaRowForm, initial_for
from ..selectors.hygiene import area_day, areas_for, items_for
from ..services import hygiene as services
from ..models import Area, ConsumableItem
from ..scope import club_qs, day_from, floor_url


@login_required
@require_http_methods(["GET", "POST"])
def hygiene_day(request):
    """The areas the viewer checks, on one day: every area's items in one submit."""
    viewer = access.viewer_of(request)
    club = floor_club(request, viewer)
    if not may_keep_floor_records(viewer):
        raise PermissionDenied
    zone = club.zone
    day = day_from(request, zone)
    future = day > timezone.localdate(timezone=zone)
    locked = locks.is_locked(club, day)
    may_change_locked = locks.may_change_locked(viewer, club)
    items = items_for(club)
    rows = area_day(areas=areas_for(viewer, club), day=day)
    data = request.POST if request.method == "POST" else None
    for row in rows:
        row.form = AreaRowForm(
            data, prefix=f"a{row.area.pk}", initial=initial_for(row, items), area=row.area, items=items
        )
    if request.method == "POST":
        reason = request.POST.get("lock_reason", "").strip()
        lock_problem = locks.ensure_can_change(viewer, club, day, reason)
        if future:
            messages.error(request, _("This day has not come yet; areas can only be checked for today or earlier."))
        elif lock_problem:
            messages.error(request, lock_problem)
        elif not all([row.form.is_valid() for row in rows]):  # noqa: C419 - every row is checked, not just the first bad
            bad = sum(1 for row in rows if row.form.errors)
            messages.error(
                request,
                _("%(count)s area(s) need a look; nothing was saved yet, and everything you entered is still here.")
                % {"count": bad},
            )
        else:
            saved = services.save_day(day=day, rows=rows, by=viewer, reason=reason)
            messages.success(
                request, _("Saved the check of %(count)s area(s) for %(day)s.") % {"count": saved, "day": day}
            )
            return redirect(floor_url("attendance:hygiene_day", viewer, club, date=day.isoformat()))
    checked = [row for row in rows if row.check]
    context = {
        "club": club,
        "clubs": access.picker_clubs(viewer),
        "day": day,
        "previous_day": day - datetime.timedelta(days=1),
        "next_day": day + datetime.timedelta(days=1),
        "club_qs": club_qs(viewer, club),
        "rows": rows,
        "items": items,
        "passed_count": sum(1 for row in checked if row.check.passed),
        "failed_count": sum(1 for row in checked if not row.check.passed),
        "unchecked_count": len(rows) - len(checked),
        "may_edit": not future and (not locked or may_change_locked),
        "future": future,
        "locked": locked,
        "may_manage_areas": access.may_manage_club(viewer, club),
        "low_stock": ConsumableItem.objects.filter(club=club, is_active=True).low(),
    }
    return render(request, "attendance/hygiene_day.html", context)


def _club_for_areas(request, viewer):
    club = floor_club(request, viewer)
    if not access.may_manage_club(viewer, club):
        raise PermissionDenied
    return club


@login_required
@require_GET
def area_list(request):
    """The club's areas with their responsible technician and their last check."""
    viewer = access.viewer_of(request)
    club = _club_for_areas(request, viewer)
    areas = (
        Area.objects.filter(club=club)
        .select_related("responsible", "responsible__team")
        .annotate(
            last_checked=Max("checks__date"),
            failed_30=Count(
                "checks",
                filter=Q(
                    checks__passed=False,
                    checks__date__gt=timezone.localdate(timezone=club.zone) - datetime.timedelta(days=30),
                ),
            ),
        )
        .order_by("-is_active", "order", "name")
    )
    context = {
        "club": club,
        "clubs": access.picker_clubs(viewer),
        "club_qs": club_qs(viewer, club),
        "areas": areas,
        "left": Person.Status.LEFT,
    }
    return render(request, "attendance/area_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def area_add(request):
    viewer = access.viewer_of(request)
    club = _club_for_areas(request, viewer)
    form = AreaForm(request.POST or None, club=club)
    if form.is_valid():
        area = form.save()
        messages.success(request, _("Area %(name)s was added.") % {"name": area.name})
        return redirect(floor_url("attendance:area_list", viewer, club))
    context = {"form": form, "club": club, "list_url": floor_url("attendance:area_list", viewer, club)}
    return render(request, "attendance/area_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def area_edit(request, pk):
    viewer = access.viewer_of(request)
    area = get_object_or_404(Area.objects.select_related("club", "responsible"), pk=pk)
    club = access.get_club(viewer, area.club_id)
    if not access.may_manage_club(viewer, club):
        raise PermissionDenied
    form = AreaForm(request.POST or None, instance=area, club=club)
    if form.is_valid():
        form.save()
        messages.success(request, _("Area %(name)s was saved.") % {"name": area.name})
        return redirect(floor_url("attendance:area_list", viewer, club))
    context = {"form": form, "club": club, "area": area, "list_url": floor_url("attendance:area_list", viewer, club)}
    return render(request, "attendance/area_form.html", context)


urls = [
    path("hygiene/", hygiene_day, name="hygiene_day"),
    path("areas/", area_list, name="area_list"),
    path("areas/add/", area_add, name="area_add"),
    path("areas/<int:pk>/edit/", area_edit, name="area_edit"),
]
