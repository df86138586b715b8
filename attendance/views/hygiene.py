"""Area hygiene (衛生): the day's area checks in one submit, and the club's areas."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from staff import access
from staff.models import Person

from ..access import floor_club, may_keep_floor_records

from .. import locks, offline
from ..forms.hygiene import AreaForm, AreaRowForm, initial_for
from ..selectors.hygiene import area_day, areas_for, items_for
from ..services import hygiene as services
from ..models import Area, ConsumableItem, TeamSubmission
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
        answer = _post(request, viewer=viewer, club=club, day=day, rows=rows, future=future)
        if answer is not None:
            return answer
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
    for row in rows:
        row.version = offline.area_version(row)
    response = render(request, "attendance/hygiene_day.html", context)
    if request.method == "GET" and access.leads_a_team(viewer):
        # The areas kept by the supervisor's own team: the service worker keeps this page for offline use.
        response["X-ClubOps-Offline"] = str(viewer.pk)
    return response


def _post(request, *, viewer, club, day, rows, future):
    """A submission of the day's areas, at once or late from a phone's queue (with an idempotency key): the
    answer, or None to show the page. Same rules for both: the day, the month lock, the form's checks; an
    area someone else checked since the page was loaded is not overwritten (both values come back)."""
    zone = club.zone
    if (before := offline.answered_before(offline.key_from(request), viewer)) is not None:
        return _answered(request, viewer, club, day, before)
    posted = offline.rows_posted(request, rows, offline.area_id)
    reason = request.POST.get("lock_reason", "").strip()
    # A locked month: the page refuses one who may never change it (403); the phone's late sending is told so.
    check_lock = locks.lock_error if offline.wants_json(request) else locks.ensure_can_change
    lock_problem = check_lock(viewer, club, day, reason)
    if future:
        message = _("This day has not come yet; areas can only be checked for today or earlier.")
        return offline.refused(request, 400, {"status": "future", "message": message}, message)
    if lock_problem:
        return offline.refused(request, 409, {
            "status": "locked", "message": str(lock_problem), "taken": [],
            "conflicts": [offline.area_answer(row, zone) for row in posted if row.form.has_changed()],
        }, lock_problem)
    if not all([row.form.is_valid() for row in posted]):  # noqa: C419 - every row is checked, not just the first bad
        bad = sum(1 for row in posted if row.form.errors)
        return offline.refused(request, 400, {
            "status": "invalid",
            "errors": offline.errors_answer(posted, offline.area_id, lambda row: row.area.name),
        }, _("%(count)s area(s) need a look; nothing was saved yet, and everything you entered is still here.")
            % {"count": bad})
    conflicts = [row for row in posted if offline.is_conflict(request, row, offline.area_version(row))]
    taken = [row for row in posted if row not in conflicts]
    answer = {
        "status": "conflict" if conflicts else "saved",
        "message": _("Someone else checked these areas meanwhile; nothing of yours was saved for them. "
                     "Choose for each:") if conflicts else "",
        "taken": [row.area.pk for row in taken if not row.form.cleaned_data.get("skip")],
        "conflicts": [offline.area_answer(row, zone) for row in conflicts],
    }
    saved = []

    def save():
        saved.append(services.save_day(day=day, rows=taken, by=viewer, reason=reason))
        return answer

    kept = offline.save_once(request, viewer, kind=TeamSubmission.Kind.HYGIENE, club=club, day=day, reason=reason,
                             save=save)
    if kept is not answer:  # the same submission arrived twice at once, and the other was saved first
        return _answered(request, viewer, club, day, kept)
    messages.success(request, _("Saved the check of %(count)s area(s) for %(day)s.") % {"count": saved[0], "day": day})
    if conflicts and not offline.wants_json(request):
        messages.error(request, _("Someone else checked these areas since you opened the page, so nothing was "
                                  "saved for them: %(rows)s.") % {
            "rows": "; ".join(f"{entry['name']}: {entry['mine']}" for entry in answer["conflicts"])})
    return _answered(request, viewer, club, day, answer)


def _answered(request, viewer, club, day, answer):
    if offline.wants_json(request):
        return JsonResponse(answer)
    return redirect(floor_url("attendance:hygiene_day", viewer, club, date=day.isoformat()))


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
