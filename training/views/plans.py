"""The calendar, training plans, sessions with their attendance, and materials."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from documents import access as documents_access
from staff import locks as month_lock
from staff.access import viewer_of, visible_people
from staff.models import Person, Role

from .. import access, selectors, services
from ..forms import AttendanceRowForm, MaterialForm, PlanForm, SessionForm
from ..models import SessionAttendance, TrainingPlan
from .common import club_for, club_query, clubs_to_pick, month_from, next_month, previous_month

PLAN_OWNERS = (Role.STORE_MANAGER, Role.MARKETING_DIRECTOR, Role.CARE_MANAGER, Role.TECHNICIAN_MANAGER,
               Role.TECHNICAL_MANAGER, Role.SUPERVISOR)


@login_required
@require_GET
def calendar(request):
    """The month's sessions the viewer sees (trainer, attendee, the plans they run), day by day."""
    viewer = viewer_of(request)
    club = club_for(request, viewer)
    month = month_from(request, club.zone)
    context = {
        "club": club, "clubs": clubs_to_pick(viewer), "month": month,
        "previous": previous_month(month), "next": next_month(month),
        "days": selectors.calendar_sessions(viewer, club, month, next_month(month)),
        "today": timezone.localdate(timezone=club.zone), "runs_training": access.runs_training(viewer),
        "club_qs": club_query(viewer, club),
    }
    return render(request, "training/calendar.html", context)


def _runner(request):
    viewer = viewer_of(request)
    if not access.runs_training(viewer):
        raise PermissionDenied
    return viewer, club_for(request, viewer)


@login_required
@require_GET
def plan_list(request):
    viewer, club = _runner(request)
    plans = (
        TrainingPlan.objects.filter(access.training_plan_filter(viewer), club=club)
        .select_related("department", "owner")
        .annotate(session_count=Count("sessions", distinct=True), assessment_count=Count("assessments", distinct=True))
        .order_by("-starts_on", "title")
    )
    context = {"club": club, "clubs": clubs_to_pick(viewer), "plans": plans, "club_qs": club_query(viewer, club)}
    return render(request, "training/plan_list.html", context)


def _plan_form(request, viewer, club, instance=None):
    owners = Person.objects.active().filter(club=club, position__in=PLAN_OWNERS).order_by("position", "name")
    initial = {} if instance else {"owner": viewer.pk if viewer.club_id == club.pk else None}
    return PlanForm(
        request.POST or None, instance=instance, initial=initial, club=club,
        departments=access.training_departments(viewer, club), owners=owners,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_add(request):
    viewer, club = _runner(request)
    form = _plan_form(request, viewer, club)
    if form.is_valid():
        plan = form.save()
        messages.success(request, _("The plan “%(title)s” was saved.") % {"title": plan.title})
        return redirect("training:plan_detail", pk=plan.pk)
    return render(request, "training/plan_form.html", {"form": form, "club": club})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    viewer = viewer_of(request)
    plan = access.get_training_plan(viewer, pk)
    form = _plan_form(request, viewer, plan.club, instance=plan)
    if form.is_valid():
        form.save()
        messages.success(request, _("The plan “%(title)s” was saved.") % {"title": plan.title})
        return redirect("training:plan_detail", pk=plan.pk)
    return render(request, "training/plan_form.html", {"form": form, "club": plan.club, "plan": plan})


@login_required
@require_GET
def plan_detail(request, pk):
    """A plan with its sessions, its assessments and every trainee's results."""
    viewer = viewer_of(request)
    plan = access.get_training_plan(viewer, pk)
    assessments = selectors.plan_assessments(plan)
    context = {
        "plan": plan,
        "sessions": selectors.plan_sessions(plan),
        "assessments": assessments,
        "results": selectors.plan_results(plan, assessments),
        "today": timezone.localdate(timezone=plan.club.zone),  # a session to come: who is expected, not "0 present"
        # the procedure it teaches links to the document only for whom may open it (else its title alone)
        "may_read_procedure": plan.procedure_id is not None and documents_access.may_read(viewer, plan.procedure),
    }
    return render(request, "training/plan_detail.html", context)


def _session_form(request, viewer, plan, session=None):
    trainers = Person.objects.active().filter(club_id=plan.club_id).exclude(position=Role.OWNER).order_by("name")
    trainees = (plan.trainees() & visible_people(viewer)).order_by("name")
    initial = {"expected": list(trainees), "trainer": viewer.pk}
    if session is not None:
        initial = {f: getattr(session, f) for f in ("subject", "date", "start", "end", "place", "materials")}
        initial.update(trainer=session.trainer_id, expected=[row.person_id for row in session.attendance.all()])
        trainees = (trainees | Person.objects.filter(training_attendance__session=session)).distinct().order_by("name")
    return SessionForm(request.POST or None, initial=initial, trainers=trainers, trainees=trainees)


@login_required
@require_http_methods(["GET", "POST"])
def session_add(request, pk):
    viewer = viewer_of(request)
    plan = access.get_training_plan(viewer, pk)
    form = _session_form(request, viewer, plan)
    if form.is_valid():
        data = dict(form.cleaned_data)
        session = services.session_save(plan=plan, expected=data.pop("expected"), **data)
        messages.success(request, _("The session on %(day)s was scheduled.") % {"day": session.date.isoformat()})
        return redirect("training:session_detail", pk=session.pk)
    return render(request, "training/session_form.html", {"form": form, "plan": plan})


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    viewer = viewer_of(request)
    session = access.get_training_session(viewer, pk)
    if not access.may_run_training(viewer, session.plan.department_id):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("action") == "cancel":
        try:
            services.session_cancel(session=session)
            messages.success(request, _("The session was cancelled."))
        except services.TrainingRefused as error:
            messages.error(request, str(error))
        return redirect("training:session_detail", pk=session.pk)
    form = _session_form(request, viewer, session.plan, session)
    if form.is_valid():
        data = dict(form.cleaned_data)
        services.session_save(plan=session.plan, session=session, expected=data.pop("expected"), **data)
        messages.success(request, _("The session was saved."))
        return redirect("training:session_detail", pk=session.pk)
    return render(request, "training/session_form.html", {"form": form, "plan": session.plan, "session": session})


def _session_page(request, viewer, session, rows, upload_form=None):
    context = {
        "session": session,
        "rows": rows,
        "may_run": access.may_run_training_session(viewer, session),
        "may_edit": access.may_run_training(viewer, session.plan.department_id),
        "upload_form": upload_form or MaterialForm(),
        "files": session.files.select_related("uploaded_by"),
        "future": session.date > timezone.localdate(timezone=session.club.zone),
        "counts": session.attendance.aggregate(**selectors.attendance_counts("")),
        "lock": month_lock.lock_state(viewer, session.club_id, session.date),
    }
    return render(request, "training/session_detail.html", context)


def _attendance_rows(request, session, viewer, bound=True):
    """The attendance lines the viewer sees (everyone for those who run it; else the people they see)."""
    rows = session.attendance.select_related("person", "person__team").order_by("person__name")
    if not access.may_run_training_session(viewer, session):
        rows = rows.filter(person__in=visible_people(viewer))
    rows = list(rows)
    data = request.POST if request.method == "POST" and bound else None
    for row in rows:
        initial = {"status": row.status if row.status != SessionAttendance.Status.EXPECTED else "present",
                   "note": row.note}
        row.form = AttendanceRowForm(data, prefix=f"a{row.pk}", initial=initial)
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def session_detail(request, pk):
    """A session: when, where, who trains, materials, and its attendance taken in one submit."""
    viewer = viewer_of(request)
    session = access.get_training_session(viewer, pk, run=request.method == "POST")
    rows = _attendance_rows(request, session, viewer)
    if request.method == "POST":
        if not all([row.form.is_valid() for row in rows]):
            bad = sum(1 for row in rows if row.form.errors)
            messages.error(request, _("%(count)s line(s) need a look; nothing was saved yet, and everything you "
                                      "entered is still here.") % {"count": bad})
        else:
            marks = {row.pk: (row.form.cleaned_data["status"], row.form.cleaned_data["note"].strip()) for row in rows}
            try:
                saved = services.attendance_take(session=session, marks=marks, by=viewer,
                                                 reason=request.POST.get("lock_reason", ""))
            except services.TrainingRefused as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Attendance of %(count)s people saved.") % {"count": saved})
                return redirect("training:session_detail", pk=session.pk)
    return _session_page(request, viewer, session, rows)


@login_required
@require_POST
def material_upload(request, pk):
    viewer = viewer_of(request)
    session = access.get_training_session(viewer, pk, run=True)
    form = MaterialForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("The file was not added; see below."))
        return _session_page(request, viewer, session, _attendance_rows(request, session, viewer, bound=False), form)
    services.material_add(session=session, upload=form.cleaned_data["file"], content_type=form.content_type,
                          name=form.cleaned_data["name"].strip(), by=viewer)
    messages.success(request, _("The file was added."))
    return redirect("training:session_detail", pk=session.pk)


@login_required
@require_GET
def material_download(request, pk):
    """Only people who may see the session get its files (they are not served from a public URL)."""
    viewer = viewer_of(request)
    material = access.get_session_material(viewer, pk)
    try:
        with material.file.open("rb") as handle:
            body = handle.read()
    except FileNotFoundError:
        raise Http404 from None
    response = HttpResponse(body, content_type=material.content_type)
    response["Content-Disposition"] = content_disposition_header(True, material.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def material_delete(request, pk):
    viewer = viewer_of(request)
    material = access.get_session_material(viewer, pk, run=True)
    session_id = material.session_id
    services.material_delete(material=material)
    messages.success(request, _("The file was removed."))
    return redirect("training:session_detail", pk=session_id)


urls = [
    path("", calendar, name="calendar"),
    path("plans/", plan_list, name="plan_list"),
    path("plans/new/", plan_add, name="plan_add"),
    path("plans/<int:pk>/", plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plan_edit, name="plan_edit"),
    path("plans/<int:pk>/sessions/new/", session_add, name="session_add"),
    path("sessions/<int:pk>/", session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", session_edit, name="session_edit"),
    path("sessions/<int:pk>/materials/", material_upload, name="material_upload"),
    path("materials/<int:pk>/", material_download, name="material_download"),
    path("materials/<int:pk>/delete/", material_delete, name="material_delete"),
]
