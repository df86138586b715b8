"""Shifts, the weekly roster, the holiday calendar and the club's attendance rules."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kernel.dates import parse_date, parse_year
from staff import access
from staff import locks as month_lock

from .. import roster
from ..forms.roster import HolidayForm, PolicyForm, RosterWeekForm, ShiftForm
from ..groups import group_for, has_reports, open_teams
from staff.models import Holiday

from ..models import AttendancePolicy, ShiftTemplate


def _club_url(name, club, **params):
    query = "&".join(f"{k}={v}" for k, v in {"club": club.pk, **params}.items())
    return f"{reverse(name)}?{query}"


@login_required
@require_http_methods(["GET", "POST"])
def shift_list(request):
    viewer = access.viewer_of(request)
    club = access.club_from_request(request, viewer)
    may_manage = access.may_manage_club(viewer, club)
    form = ShiftForm(request.POST or None, club=club)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        if form.is_valid():
            shift = form.save()
            messages.success(request, _("Shift %(name)s was added.") % {"name": shift.name})
            return redirect(_club_url("attendance:shift_list", club))
    shifts = ShiftTemplate.objects.filter(club=club)
    context = {"club": club, "shifts": shifts, "form": form, "may_manage": may_manage}
    return render(request, "attendance/shift_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def shift_edit(request, pk):
    viewer = access.viewer_of(request)
    shift = get_object_or_404(ShiftTemplate.objects.select_related("club"), pk=pk)
    club = access.get_club(viewer, shift.club_id)
    if not access.may_manage_club(viewer, club):
        raise PermissionDenied
    form = ShiftForm(request.POST or None, instance=shift, club=club)
    if form.is_valid():
        form.save()
        messages.success(request, _("Shift %(name)s was saved.") % {"name": shift.name})
        return redirect(_club_url("attendance:shift_list", club))
    return render(request, "attendance/shift_edit.html", {"form": form, "shift": shift, "club": club})


def _monday_from(request, zone):
    raw = request.GET.get("week", "")
    today = timezone.localdate(timezone=zone)
    day = parse_date(raw) if raw else today
    if day is None:
        messages.error(request, _("“%(value)s” is not a date; showing this week.") % {"value": raw})
        day = today
    return roster.week_start(day)


@login_required
@require_http_methods(["GET", "POST"])
def roster_week(request):
    """A week's plan for a team (or a manager's direct reports), with "copy last week"."""
    viewer = access.viewer_of(request)
    group = group_for(request, viewer)
    monday = _monday_from(request, group.club.zone)
    days = roster.week_days(monday)
    people = list(group.people)
    shifts = list(ShiftTemplate.objects.filter(club=group.club, is_active=True))
    grid = roster.roster_grid(people=people, monday=monday)
    form = RosterWeekForm(request.POST or None, people=people, days=days, shifts=shifts, grid=grid)
    here = f"{request.path}?{group.query}&week={monday.isoformat()}"
    lock = month_lock.lock_state(viewer, group.club.pk, *days)
    if request.method == "POST":
        if not group.may_edit:
            raise PermissionDenied
        reason = request.POST.get("lock_reason", "").strip()
        if problem := month_lock.first_lock_error(viewer, group.club.pk, days, reason):  # staff.locks, the one rule
            messages.error(request, problem)
        elif request.POST.get("action") == "copy":
            copied = roster.roster_copy_previous_week(people=people, monday=monday, by=viewer, reason=reason)
            messages.success(request, _("Copied %(count)s days from last week.") % {"count": copied})
            return redirect(here)
        elif form.is_valid():
            changed = roster.roster_week_save(cells=form.cells(), by=viewer, reason=reason)
            messages.success(request, _("Roster saved: %(count)s days changed.") % {"count": changed})
            return redirect(here)
        else:
            messages.error(request, _("Some choices are not valid; nothing was saved."))
    calendar = dict(
        Holiday.objects.filter(club=group.club, date__gte=days[0], date__lte=days[-1]).values_list("date", "kind")
    )
    context = {
        "group": group,
        "teams": open_teams(viewer),  # for the team picker
        "has_reports": has_reports(viewer),
        "form": form,
        "days": [(day, roster.is_working_day(group.club, day, calendar), calendar.get(day)) for day in days],
        "monday": monday,
        "previous_week": monday - datetime.timedelta(days=7),
        "next_week": monday + datetime.timedelta(days=7),
        "shifts": shifts,
        "lock": lock,
    }
    return render(request, "attendance/roster_week.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def holiday_list(request):
    viewer = access.viewer_of(request)
    club = access.club_from_request(request, viewer)
    may_manage = access.may_manage_club(viewer, club)
    year = parse_year(request.GET.get("year") or timezone.localdate(timezone=club.zone).year)
    if year is None:
        raise Http404(_("There is no such year."))
    form = HolidayForm(request.POST or None, club=club)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        if request.POST.get("action") == "prefill":
            added = roster.holidays_prefill(club=club, year=year)
            messages.success(request, _("%(count)s known days added for %(year)s.") % {"count": added, "year": year})
            return redirect(_club_url("attendance:holiday_list", club, year=year))
        if form.is_valid():
            holiday = form.save()
            messages.success(request, _("%(day)s was added to the calendar.") % {"day": holiday.date})
            return redirect(_club_url("attendance:holiday_list", club, year=holiday.date.year))
    holidays = Holiday.objects.filter(
        club=club, date__gte=datetime.date(year, 1, 1), date__lte=datetime.date(year, 12, 31)
    )
    context = {
        "club": club, "year": year, "holidays": holidays, "form": form, "may_manage": may_manage,
        "known": bool(roster.known_holidays(year)["holiday"]),
    }
    return render(request, "attendance/holiday_list.html", context)


@login_required
@require_POST
def holiday_delete(request, pk):
    viewer = access.viewer_of(request)
    holiday = get_object_or_404(Holiday, pk=pk)
    club = access.get_club(viewer, holiday.club_id)
    if not access.may_manage_club(viewer, club):
        raise PermissionDenied
    holiday.delete()
    messages.success(request, _("%(day)s was removed from the calendar.") % {"day": holiday.date})
    return redirect(_club_url("attendance:holiday_list", club, year=holiday.date.year))


@login_required
@require_http_methods(["GET", "POST"])
def policy_edit(request):
    viewer = access.viewer_of(request)
    club = access.club_from_request(request, viewer)
    if not access.may_manage_club(viewer, club):
        raise PermissionDenied
    form = PolicyForm(request.POST or None, instance=AttendancePolicy.for_club(club))
    if form.is_valid():
        form.save()
        messages.success(request, _("The attendance rules of %(club)s were saved.") % {"club": club.name})
        return redirect(_club_url("attendance:policy_edit", club))
    return render(request, "attendance/policy_edit.html", {"form": form, "club": club, "may_manage": True})


urls = [
    path("shifts/", shift_list, name="shift_list"),
    path("shifts/<int:pk>/edit/", shift_edit, name="shift_edit"),
    path("roster/", roster_week, name="roster_week"),
    path("holidays/", holiday_list, name="holiday_list"),
    path("holidays/<int:pk>/delete/", holiday_delete, name="holiday_delete"),
    path("rules/", policy_edit, name="policy_edit"),
]
