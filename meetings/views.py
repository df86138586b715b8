import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kernel.clock import club_today
from staff import locks as month_lock
from staff.access import may_manage_club, picker_clubs, viewer_of

from . import access, pdf, selectors, services
from .forms import (
    ActionItemForm,
    ActionItemUpdateForm,
    AttendanceForm,
    CancelForm,
    DecisionEditForm,
    DecisionForm,
    MeetingAddForm,
    MinutesForm,
    MoveForm,
    ReportForm,
    ReviewForm,
    SeriesForm,
    default_when,
)
from .models import ActionItem, Decision, MeetingSeries, Report
from .services import MeetingError

# --- Lists ------------------------------------------------------------------------------------------


@login_required
@require_GET
def home(request):
    """Today's and the coming week's meetings, and the last fortnight's, that the viewer may read."""
    viewer = viewer_of(request)
    club = access.meetings_club(request, viewer)
    today = club_today(club)
    mine = request.GET.get("mine") == "1"
    start = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=14), datetime.time()), club.zone)
    end = timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=8), datetime.time()), club.zone)
    meetings = list(selectors.meeting_list(viewer, start=start, end=end, club=club, mine=mine))
    now = timezone.now()
    context = {
        "club": club, "clubs": picker_clubs(viewer), "today": today, "mine": mine,
        "coming": [m for m in meetings if m.ends_at >= now],
        "past": [m for m in reversed(meetings) if m.ends_at < now],
        "may_add_series": access.may_add_series(viewer, club),
    }
    return render(request, "meetings/home.html", context)


@login_required
@require_GET
def my_action_items(request):
    viewer = viewer_of(request)
    today = club_today(viewer.club) if viewer.club_id else timezone.localdate()
    open_items, closed = selectors.my_action_items(viewer, today)
    for item in open_items + closed:
        item.may_update = True  # they are the owner
    context = {"open_items": open_items, "closed": closed, "today": today,
               "overdue": sum(1 for item in open_items if item.overdue),
               "status_choices": ActionItem.Status.choices}
    return render(request, "meetings/my_action_items.html", context)


# --- Series -------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def series_list(request):
    viewer = viewer_of(request)
    club = access.meetings_club(request, viewer)
    if request.method == "POST":
        if not may_manage_club(viewer, club):
            raise PermissionDenied
        created = services.series_install_defaults(club=club)
        planned = sum(services.meetings_create_ahead(series=s) for s in MeetingSeries.objects.filter(club=club))
        messages.success(request, _("%(series)s default series added, %(meetings)s meetings planned.")
                         % {"series": created, "meetings": planned})
        return redirect(f"{reverse('meetings:series_list')}?club={club.pk}")
    series = (
        access.visible_series(viewer).filter(club=club)
        .select_related("department", "chair").order_by("department__kind", "kind", "title")
    )
    context = {
        "club": club, "clubs": picker_clubs(viewer), "series": series,
        "may_add": access.may_add_series(viewer, club),
        "may_install": may_manage_club(viewer, club),
        "empty": not MeetingSeries.objects.filter(club=club).exists(),
    }
    return render(request, "meetings/series_list.html", context)


def _series_form(request, viewer, club, instance=None):
    return SeriesForm(
        request.POST or None, instance=instance, club=club,
        departments=access.series_departments(viewer, club),
        club_wide_allowed=may_manage_club(viewer, club),
    )


def _series_values(form):
    data = dict(form.cleaned_data)
    return data.pop("teams"), data.pop("people"), data


@login_required
@require_http_methods(["GET", "POST"])
def series_add(request):
    viewer = viewer_of(request)
    club = access.meetings_club(request, viewer)
    if not access.may_add_series(viewer, club):
        raise PermissionDenied
    form = _series_form(request, viewer, club)
    if request.method == "POST" and form.is_valid():
        teams, people, values = _series_values(form)
        series = services.series_create(club=club, by=viewer, teams=teams, people=people, **values)
        messages.success(request, _("The series is saved and its meetings are planned."))
        return redirect(series)
    return render(request, "meetings/series_form.html", {"form": form, "club": club, "series": None})


@login_required
@require_GET
def series_detail(request, pk):
    viewer = viewer_of(request)
    series = access.get_series(viewer, pk)
    context = {"series": series, "may_manage": access.may_manage_series(viewer, series),
               **selectors.series_page(series, timezone.now())}
    return render(request, "meetings/series_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def series_edit(request, pk):
    viewer = viewer_of(request)
    series = access.get_series(viewer, pk, manage=True)
    form = _series_form(request, viewer, series.club, instance=series)
    if request.method == "POST" and form.is_valid():
        teams, people, values = _series_values(form)
        services.series_update(series=series, by=viewer, teams=teams, people=people, **values)
        messages.success(request, _("Saved. The meetings still to come follow the change; those held stay as they were."))
        return redirect(series)
    return render(request, "meetings/series_form.html", {"form": form, "club": series.club, "series": series})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_add(request, pk):
    viewer = viewer_of(request)
    series = access.get_series(viewer, pk, manage=True)
    zone = series.club.zone
    form = MeetingAddForm(request.POST or None, zone=zone, initial=default_when(series, club_today(series.club)))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = services.meeting_add(series=series, by=viewer, starts_at=form.starts_at(), title=data["title"],
                                       duration_minutes=data["duration_minutes"], place=data["place"],
                                       agenda=data["agenda"])
        messages.success(request, _("The meeting is added."))
        return redirect(meeting)
    return render(request, "meetings/meeting_add.html", {"form": form, "series": series})


# --- One meeting --------------------------------------------------------------------------------------


def _meeting_context(request, viewer, meeting, **forms):
    """The meeting page, with any bound form that failed kept as the person typed it."""
    page = selectors.meeting_page(meeting)
    may_run = access.may_run_meeting(viewer, meeting)
    finalised = meeting.is_finalised
    editable = may_run and not meeting.is_cancelled and (not finalised or access.may_correct_minutes(viewer, meeting))
    today = club_today(meeting.club)
    owners = access.meeting_candidates(meeting.club)
    for item in page.raised + page.carried:
        item.may_update = may_run or item.owner_id == viewer.pk
    forms.setdefault("minutes_form", MinutesForm(initial={"minutes": meeting.minutes}, finalised=finalised))
    forms.setdefault("decision_form", DecisionForm(finalised=finalised))
    forms.setdefault("item_form", ActionItemForm(meeting=meeting, owners=owners, finalised=finalised,
                                                 initial={"due": max(today, meeting.local_date)}))
    return {
        "page": page, "meeting": meeting, "today": today, "may_run": may_run, "editable": editable,
        "recordable": editable and meeting.local_date <= today,
        "may_finalise": access.may_finalise_minutes(viewer, meeting) and not finalised and not meeting.is_cancelled,
        "may_write_report": meeting.is_summary and access.may_write_report(viewer, meeting),
        "may_see_report": page.report is not None and access.may_see_report(viewer, page.report),
        # a link to the series only for who may open it (not a link that answers 403)
        "may_see_series": access.visible_series(viewer).filter(pk=meeting.series_id).exists(),
        "status_choices": ActionItem.Status.choices,
        "viewer": viewer,
        **forms,
    }


def _meeting_page(request, viewer, meeting, **forms):
    return render(request, "meetings/meeting_detail.html", _meeting_context(request, viewer, meeting, **forms))


@login_required
@require_GET
def meeting_detail(request, pk):
    viewer = viewer_of(request)
    meeting = access.get_meeting(viewer, pk)
    return _meeting_page(request, viewer, meeting)


def _recording(viewer, pk):
    """A meeting the viewer may record on; after finalisation only those who may correct it."""
    meeting = access.get_meeting(viewer, pk, run=True)
    if meeting.is_finalised and not access.may_correct_minutes(viewer, meeting):
        raise PermissionDenied
    return meeting


@login_required
@require_http_methods(["GET", "POST"])
def meeting_attendance(request, pk):
    viewer = viewer_of(request)
    meeting = _recording(viewer, pk)
    attendees = list(meeting.attendees.select_related("person").order_by("-expected", "person__name"))
    guests = access.meeting_candidates(meeting.club).exclude(pk__in=[a.person_id for a in attendees])
    # Final minutes, or a meeting of a locked month (staff.locks): a change needs a reason.
    locked = month_lock.is_locked(meeting.club_id, meeting.local_date)
    form = AttendanceForm(request.POST or None, attendees=attendees, guests=guests,
                          finalised=meeting.is_finalised or locked)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(meeting=meeting, by=viewer, marks=form.marks(), guests=form.guests(),
                                       reason=form.correction_reason())
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Attendance saved."))
            return redirect(meeting)
    return render(request, "meetings/meeting_attendance.html", {"meeting": meeting, "form": form})


def _attempt(request, viewer, meeting, form_name, form, change, success):
    """Run ``change`` for a valid ``form``; on a refusal, show the meeting page again with the input kept."""
    if form.is_valid():
        try:
            change()
        except MeetingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, success)
            return redirect(meeting)
    return _meeting_page(request, viewer, meeting, **{form_name: form})


def _record(request, pk, pressed):
    """One form on the meeting page holds the minutes, a new decision and a new action item; whichever button
    is pressed, everything typed is saved together, and on a refusal the page comes back with all of it kept.
    ``pressed`` names the part whose button was pressed: that part must be filled in."""
    viewer = viewer_of(request)
    meeting = _recording(viewer, pk)
    post, finalised = request.POST, meeting.is_finalised
    forms = {}
    if "minutes" in post or pressed == "minutes":
        forms["minutes_form"] = MinutesForm(post, finalised=finalised)
    if pressed == "decision" or post.get("text", "").strip():
        forms["decision_form"] = DecisionForm(post, finalised=finalised)
    if pressed == "item" or post.get("what", "").strip():
        forms["item_form"] = ActionItemForm(post, meeting=meeting, owners=access.meeting_candidates(meeting.club),
                                            finalised=finalised)
    if not all([form.is_valid() for form in forms.values()]):  # a list: every form shows its errors
        return _meeting_page(request, viewer, meeting, **forms)
    try:
        services.meeting_record(meeting=meeting, by=viewer, **_typed(meeting, forms, save_minutes=pressed == "minutes"))
    except MeetingError as error:
        messages.error(request, str(error))
        return _meeting_page(request, viewer, meeting, **forms)
    messages.success(request, {"minutes": _("Minutes saved."), "decision": _("Decision recorded."),
                               "item": _("Action item recorded.")}[pressed])
    return redirect(meeting)


def _typed(meeting, forms, *, save_minutes):
    """What the valid ``forms`` say, for ``services.meeting_record``; the minutes only when pressed or changed."""
    typed = {"reason": next((f.correction_reason() for f in forms.values() if f.correction_reason()), "")}
    minutes = forms.get("minutes_form")
    if minutes and (save_minutes or minutes.cleaned_data["minutes"].strip() != meeting.minutes.strip()):
        typed["minutes"] = minutes.cleaned_data["minutes"].strip()
    if "decision_form" in forms:
        typed["decision"] = forms["decision_form"].cleaned_data["text"].strip()
    if "item_form" in forms:
        data = forms["item_form"].cleaned_data
        typed["item"] = {"what": data["what"].strip(), "owner": data["owner"], "due": data["due"],
                         "note": data["note"].strip()}
    return typed


@login_required
@require_POST
def meeting_minutes(request, pk):
    return _record(request, pk, "minutes")


@login_required
@require_POST
def decision_add(request, pk):
    return _record(request, pk, "decision")


@login_required
@require_POST
def decision_edit(request, pk):
    viewer = viewer_of(request)
    decision = get_object_or_404(Decision, pk=pk)
    meeting = _recording(viewer, decision.meeting_id)
    form = DecisionEditForm(request.POST, finalised=meeting.is_finalised)
    return _attempt(request, viewer, meeting, "decision_form", form, lambda: services.decision_edit(
        decision=decision, by=viewer, text=form.cleaned_data["text"].strip(), reason=form.correction_reason(),
    ), _("Decision saved."))


@login_required
@require_POST
def action_item_add(request, pk):
    return _record(request, pk, "item")


def _next_url(request, fallback):
    url = request.POST.get("next", "")
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}) and url.startswith("/"):
        return url
    return fallback


@login_required
@require_POST
def action_item_update(request, pk):
    """Close (done, dropped) or reopen an item, from a meeting page or "my action items"."""
    viewer = viewer_of(request)
    item = access.get_action_item(viewer, pk)
    form = ActionItemUpdateForm(request.POST)
    at_meeting = None
    raw = request.POST.get("meeting", "")
    if raw.isdecimal():  # "²" is a digit that int() refuses
        at_meeting = access.visible_meetings(viewer).filter(pk=int(raw), series_id=item.series_id).first()
    if form.is_valid():
        try:
            services.action_item_update(item=item, by=viewer, status=form.cleaned_data["status"],
                                        note=form.cleaned_data["note"].strip(), at_meeting=at_meeting)
        except MeetingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("“%(what)s”: %(status)s.") % {
                "what": item.what, "status": ActionItem.Status(form.cleaned_data["status"]).label})
    else:
        errors = "; ".join(str(e) for field in form.errors.values() for e in field)
        messages.error(request, _("Not saved: %(errors)s") % {"errors": errors})
    return redirect(_next_url(request, reverse("meetings:my_action_items")) + f"#item-{item.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def meeting_move(request, pk):
    viewer = viewer_of(request)
    meeting = access.get_meeting(viewer, pk, run=True)
    zone = meeting.club.zone
    local = meeting.starts_at.astimezone(zone)
    initial = {"date": local.date(), "time": local.time(), "duration_minutes": meeting.duration_minutes,
               "place": meeting.place}
    form = MoveForm(request.POST or None, zone=zone, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_move(meeting=meeting, by=viewer, starts_at=form.starts_at(),
                                  duration_minutes=form.cleaned_data["duration_minutes"],
                                  place=form.cleaned_data["place"], reason=form.cleaned_data["reason"].strip())
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The meeting is moved."))
            return redirect(meeting)
    return render(request, "meetings/meeting_move.html", {"meeting": meeting, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request, pk):
    viewer = viewer_of(request)
    meeting = access.get_meeting(viewer, pk, run=True)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(meeting=meeting, by=viewer, reason=form.cleaned_data["reason"].strip())
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The meeting is cancelled."))
            return redirect(meeting)
    return render(request, "meetings/meeting_cancel.html", {"meeting": meeting, "form": form})


@login_required
@require_POST
def meeting_finalise(request, pk):
    viewer = viewer_of(request)
    meeting = access.get_meeting(viewer, pk)
    if not access.may_finalise_minutes(viewer, meeting):
        raise PermissionDenied
    try:
        services.meeting_finalise(meeting=meeting, by=viewer)
    except MeetingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The minutes are final. Corrections now need a reason."))
    return redirect(meeting)


@login_required
@require_GET
def meeting_pdf(request, pk):
    viewer = viewer_of(request)
    meeting = access.get_meeting(viewer, pk)
    page = selectors.meeting_page(meeting)
    if request.GET.get("ready"):
        return JsonResponse({"ready": _pdf_ready_or_queued("minutes", meeting, *pdf.minutes_pdf_ready(page))})
    content = pdf.cached_minutes_pdf(page)
    return _pdf_response(content, f"minutes-{meeting.local_date:%Y%m%d}-{meeting.pk}.pdf")


def _pdf_ready_or_queued(kind, meeting, ready, name):
    """``{"ready": …}`` for a PDF button (``static/js/report_download.js``): when the PDF is not drawn yet, its
    drawing is queued once (``tasks.prepare_meeting_pdf``, after the request commits) and the button says so."""
    if not ready:
        from outbox.services import enqueue_once_on_commit

        enqueue_once_on_commit(f"meetings:pdf:{kind}:{name}", "meetings.tasks.prepare_meeting_pdf", kind, meeting.pk,
                               get_language())
    return ready


def _pdf_response(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Summary reports --------------------------------------------------------------------------------


def _report_meeting(viewer, pk):
    """A summary meeting and its report (or None); 403 unless the viewer writes it or may read it."""
    meeting = access.get_meeting(viewer, pk)
    if not meeting.is_summary:
        raise PermissionDenied
    report = Report.objects.select_related("to", "author", "reviewed_by").filter(meeting=meeting).first()
    if access.may_write_report(viewer, meeting):
        return meeting, report
    if report is None or not access.may_see_report(viewer, report):
        raise PermissionDenied
    return meeting, report


@login_required
@require_http_methods(["GET", "POST"])
def report(request, pk):
    """The chair writes, refreshes and submits the report; the superior acknowledges or returns it."""
    viewer = viewer_of(request)
    meeting, report = _report_meeting(viewer, pk)
    may_write = access.may_write_report(viewer, meeting) and (report is None or report.is_editable)
    may_review = report is not None and report.status == Report.Status.SUBMITTED and access.may_review_report(viewer, report)
    action = request.POST.get("action", "")
    form = ReportForm(request.POST if action in ("save", "refresh", "submit") else None,
                      initial={"analysis": report.analysis, "plan": report.plan} if report else None)
    review_form = ReviewForm(request.POST if action in ("acknowledge", "return") else None)
    if request.method == "POST":
        if action in ("save", "refresh", "submit"):
            if not may_write:
                raise PermissionDenied
            if form.is_valid():
                response = _write_report(request, viewer, meeting, report, action, form)
                if response:
                    return response
        elif action in ("acknowledge", "return"):
            if not may_review:
                raise PermissionDenied
            if review_form.is_valid():
                try:
                    services.report_review(report=report, by=viewer, acknowledge=action == "acknowledge",
                                           comment=review_form.cleaned_data["comment"].strip())
                except MeetingError as error:
                    review_form.add_error("comment", str(error))
                else:
                    messages.success(request, _("Acknowledged.") if action == "acknowledge" else _("Returned to the author."))
                    return redirect("meetings:report", pk=meeting.pk)
        else:
            raise PermissionDenied
    if report:
        start, end, figures = report.period_start, report.period_end, report.figures
    else:
        start, end = services.report_period(meeting)
        figures = selectors.report_figures(meeting=meeting, start=start, end=end, today=club_today(meeting.club))
    context = {
        "meeting": meeting, "report": report, "form": form, "review_form": review_form, "may_write": may_write,
        "may_review": may_review, "tables": selectors.figure_tables(figures), "start": start, "end": end,
        "recipient": report.to if report else services.report_recipient(meeting.chair, meeting.club),
    }
    return render(request, "meetings/report.html", context)


def _write_report(request, viewer, meeting, report, action, form):
    analysis, plan = form.cleaned_data["analysis"].strip(), form.cleaned_data["plan"].strip()
    report = report or services.report_prepare(meeting=meeting)
    try:
        if action == "submit":
            services.report_submit(report=report, by=viewer, analysis=analysis, plan=plan)
            messages.success(request, _("Submitted to %(name)s.") % {"name": report.to.name if report.to else "—"})
        else:
            services.report_save(report=report, by=viewer, analysis=analysis, plan=plan, refresh=action == "refresh")
            messages.success(request, _("Saved."))
    except MeetingError as error:
        form.add_error(None, str(error))
        return None
    return redirect("meetings:report", pk=meeting.pk)


@login_required
@require_GET
def report_pdf(request, pk):
    viewer = viewer_of(request)
    meeting, report = _report_meeting(viewer, pk)
    if report is None:
        raise PermissionDenied
    if request.GET.get("ready"):
        return JsonResponse({"ready": _pdf_ready_or_queued("report", meeting, *pdf.report_pdf_ready(report))})
    return _pdf_response(pdf.kept_report_pdf(report, selectors.figure_tables(report.figures)),
                         f"report-{report.period_start:%Y%m%d}-{meeting.pk}.pdf")


@login_required
@require_GET
def report_list(request):
    """Reports for the viewer to read (to them first), those they wrote, and for managers the club's."""
    viewer = viewer_of(request)
    reports = list(selectors.visible_reports(viewer)[:200])
    to_me = [r for r in reports if r.to_id == viewer.pk]
    mine = [r for r in reports if r.to_id != viewer.pk and (r.author_id == viewer.pk or r.meeting.chair_id == viewer.pk)]
    others = [r for r in reports if r not in to_me and r not in mine]
    sections = [(_("For me to read"), to_me, "reports-to-me"), (_("Written by me"), mine, "reports-mine")]
    if others:
        sections.append((_("The club's other reports"), others, "reports-others"))
    context = {"sections": sections}
    return render(request, "meetings/report_list.html", context)
