"""Service quality: spot checks of a technician's service with scores, and customer feedback."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from customers.selectors import pickable_customers
from staff import access
from staff.models import Person, Role

from ..access import floor_club, floor_people, may_keep_floor_records, may_read_service_quality, names_customers

from .. import locks
from ..forms.quality import FeedbackForm, ServiceCheckForm
from ..selectors import quality as selectors
from ..services import quality as services
from ..scope import club_qs, floor_url

SUMMARY_DAYS = 90


def _person_from(request, viewer):
    """The technician named by ``?person=``, access-checked (another club: 404; not theirs to see: 403)."""
    raw = request.GET.get("person", "")
    if not raw:
        return None
    if not raw.isdecimal():
        raise Http404
    return access.get_person(viewer, int(raw))


@login_required
@require_GET
def quality(request):
    """Recent checks and feedback of the technicians the viewer sees, with averages; ``?person=`` for one."""
    viewer = access.viewer_of(request)
    person = _person_from(request, viewer)
    club = person.club if person is not None and person.club_id else floor_club(request, viewer)
    if not may_read_service_quality(viewer):
        raise PermissionDenied
    people = access.visible_people(viewer).filter(position=Role.TECHNICIAN, club=club)
    if person is not None:
        people = people.filter(pk=person.pk)
    since = timezone.localdate(timezone=club.zone) - datetime.timedelta(days=SUMMARY_DAYS)
    summary_people = people.select_related("team").order_by("name")
    if person is None:
        summary_people = summary_people.filter(status=Person.Status.ACTIVE)
    may_record = may_keep_floor_records(viewer) and (
        person is None or floor_people(viewer).filter(pk=person.pk).exists()
    )
    context = {
        "club": club,
        "clubs": access.picker_clubs(viewer) if person is None else None,
        "club_qs": club_qs(viewer, club),
        "person": person,
        "since": since,
        "summary_days": SUMMARY_DAYS,
        "summary": selectors.summary(people=summary_people, club=club, since=since),
        "checks": selectors.recent_checks(people=people, club=club),
        "feedback": selectors.recent_feedback(people=people, club=club),
        "may_record": may_record,
    }
    return render(request, "attendance/quality.html", context)


def _recording_page(request):
    viewer = access.viewer_of(request)
    club = floor_club(request, viewer)
    if not may_keep_floor_records(viewer):
        raise PermissionDenied
    technicians = floor_people(viewer).filter(club=club, status=Person.Status.ACTIVE)
    initial = {}
    person = _person_from(request, viewer)
    if person is not None and technicians.filter(pk=person.pk).exists():
        initial["technician"] = person.pk
    return viewer, club, technicians, initial


def _month_open(request, form, viewer, club):
    """A record of a locked month: only the store manager, with a reason (else an error on the date)."""
    day = form.cleaned_data["date"]
    problem = locks.lock_error(viewer, club, day, request.POST.get("lock_reason", ""))
    if problem:
        form.add_error("date", problem)
        form.asks_lock_reason = locks.may_change_locked(viewer, club)
    return problem is None


def _ask_reason(form, viewer, club):
    """Show the reason box when the store manager's record falls in a locked month."""
    return getattr(form, "asks_lock_reason", False) or bool(form.is_bound and form.data.get("lock_reason"))


@login_required
@require_http_methods(["GET", "POST"])
def quality_check(request):
    """A new spot check of a technician's service."""
    viewer, club, technicians, initial = _recording_page(request)
    criteria = selectors.criteria_for(club)
    form = ServiceCheckForm(
        request.POST or None, initial=initial, club=club, technicians=technicians, criteria=criteria
    )
    if form.is_valid() and _month_open(request, form, viewer, club):
        data = form.cleaned_data
        check = services.record_check(
            club=club, technician=data["technician"], date=data["date"], scores=data["scores"],
            note=data["note"].strip(), by=viewer, reason=request.POST.get("lock_reason", "").strip(),
        )
        messages.success(request, _("The check of %(name)s was saved.") % {"name": check.technician.name})
        return redirect(floor_url("attendance:quality", viewer, club, person=check.technician.pk))
    if form.is_bound:
        messages.error(request, _("The check was not saved yet; see below. What you entered is still there."))
    context = {
        "form": form, "club": club, "club_qs": club_qs(viewer, club), "ask_lock_reason": _ask_reason(form, viewer, club)
    }
    return render(request, "attendance/quality_check.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def quality_feedback(request):
    """New customer feedback (praise or complaint) about a technician."""
    viewer, club, technicians, initial = _recording_page(request)
    customers = pickable_customers(club) if names_customers(viewer, club) else None
    form = FeedbackForm(request.POST or None, initial=initial, club=club, technicians=technicians,
                        customers=customers)
    if form.is_valid() and _month_open(request, form, viewer, club):
        feedback = form.save(commit=False)
        feedback.recorded_by = viewer
        reason = request.POST.get("lock_reason", "").strip()
        feedback._change_reason = reason or None
        with locks.changing(viewer, reason):  # the kernel's month lock guards the save (staff.locks)
            feedback.save()
        if feedback.kind == feedback.Kind.COMPLAINT:
            text = _("The complaint about %(name)s was saved.")
        else:
            text = _("The praise for %(name)s was saved.")
        messages.success(request, text % {"name": feedback.technician.name})
        return redirect(floor_url("attendance:quality", viewer, club, person=feedback.technician.pk))
    if form.is_bound:
        messages.error(request, _("The feedback was not saved yet; see below. What you entered is still there."))
    context = {
        "form": form, "club": club, "club_qs": club_qs(viewer, club), "ask_lock_reason": _ask_reason(form, viewer, club)
    }
    return render(request, "attendance/quality_feedback.html", context)


urls = [
    path("quality/", quality, name="quality"),
    path("quality/check/", quality_check, name="quality_check"),
    path("quality/feedback/", quality_feedback, name="quality_feedback"),
]
