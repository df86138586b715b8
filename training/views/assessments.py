"""Assessments: defining them, taking a quiz, scoring a hands-on assessment, marking; the question bank; levels."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from documents import access as documents_access
from documents.models import Kind as DocumentKind
from kernel import bulk
from staff.access import club_in_reach, viewer_of, visible_people

from .. import access, levels
from .. import assessments as rules_of_assessment
from ..forms import AssessmentForm, HandsOnForm, MarkForm, PolicyForm, QuestionForm, QuizForm, RequirementForm
from ..models import Assessment, Attempt, LevelRequirement, Question, RubricCriterion, Topic, TrainingPolicy
from ..services import question_save
from .common import club_for, club_query, clubs_to_pick, form_errors, id_param


@login_required
@require_http_methods(["GET", "POST"])
def assessment_add(request, pk):
    viewer = viewer_of(request)
    plan = access.get_training_plan(viewer, pk)
    sop = plan.procedure_id if plan.procedure_id and plan.procedure.kind == DocumentKind.SOP else None
    form = AssessmentForm(request.POST or None, club=plan.club, initial={"sop": sop})
    if form.is_valid():
        with transaction.atomic():
            assessment = form.save(commit=False)
            assessment.plan, assessment.club = plan, plan.club
            assessment.save()
            bulk.bulk_create(RubricCriterion, [
                RubricCriterion(assessment=assessment, name=name, weight=weight, max_score=highest, order=n)
                for n, (name, weight, highest) in enumerate(form.cleaned_data["criteria"])
                if assessment.kind == Assessment.Kind.HANDS_ON
            ])
        messages.success(request, _("The assessment “%(title)s” was added.") % {"title": assessment.title})
        return redirect("training:assessment_detail", pk=assessment.pk)
    bank = Question.objects.filter(club=plan.club, topic=plan.topic, is_active=True).count()
    return render(request, "training/assessment_form.html", {"form": form, "plan": plan, "bank": bank})


@login_required
@require_GET
def assessment_detail(request, pk):
    """For those who run it: every trainee with their attempts; for a trainee: their own, and a start button."""
    viewer = viewer_of(request)
    assessment = access.get_assessment(viewer, pk)
    runs = access.may_run_training(viewer, assessment.plan.department_id)
    today = timezone.localdate(timezone=assessment.club.zone)
    people = assessment.plan.trainees() & visible_people(viewer) if runs else []
    people = list(people.order_by("name")) if runs else [viewer]
    attempts = {}
    for attempt in assessment.attempts.filter(person__in=people).select_related("entered_by").order_by("number"):
        attempts.setdefault(attempt.person_id, []).append(attempt)
    rows = []
    for person in people:
        mine = attempts.get(person.pk, [])
        rows.append({
            "person": person, "attempts": mine,
            "open": next((a for a in mine if not a.is_finished), None),
            "left": rules_of_assessment.attempts_left(assessment, mine),
            "refusal": rules_of_assessment.refusal(assessment, person, today=today, attempts=mine),
        })
    context = {
        "assessment": assessment, "plan": assessment.plan, "runs": runs, "rows": rows,
        "criteria": assessment.criteria.all(),
        "is_trainee": rules_of_assessment.is_trainee(viewer, assessment.plan),
        # the SOP it tests links to the document for whom may open it (else its title alone)
        "may_read_sop": assessment.sop_id is not None and documents_access.may_read(viewer, assessment.sop),
    }
    return render(request, "training/assessment_detail.html", context)


@login_required
@require_POST
def attempt_start(request, pk):
    """Start (or go back to) a quiz: the trainee for themselves, or a trainer for a trainee (``person``)."""
    viewer = viewer_of(request)
    assessment = access.get_assessment(viewer, pk)
    person_id = id_param(request, "person")
    if person_id is None or person_id == viewer.pk:
        if not rules_of_assessment.is_trainee(viewer, assessment.plan):
            raise PermissionDenied
        person = viewer
    else:
        person = access.get_assessed_person(viewer, assessment, person_id)
    try:
        attempt = rules_of_assessment.quiz_start(assessment=assessment, person=person, by=viewer)
    except rules_of_assessment.AssessmentRefused as error:
        messages.error(request, str(error))
        return redirect("training:assessment_detail", pk=assessment.pk)
    return redirect("training:attempt_detail", pk=attempt.pk)


@login_required
@require_http_methods(["GET", "POST"])
def handson_score(request, pk):
    """One assessor scores one person on the rubric; ``?person=`` chooses whom."""
    viewer = viewer_of(request)
    assessment = access.get_assessment(viewer, pk)
    if not access.may_run_training(viewer, assessment.plan.department_id):
        raise PermissionDenied
    if assessment.is_quiz:
        raise Http404
    person_id = id_param(request, "person")
    if person_id is None:
        if request.method == "POST":
            raise Http404
        people = (assessment.plan.trainees() & visible_people(viewer)).exclude(pk=viewer.pk).order_by("name")
        return render(request, "training/handson_score.html", {"assessment": assessment, "people": people})
    person = access.get_assessed_person(viewer, assessment, person_id)
    criteria = list(assessment.criteria.all())
    form = HandsOnForm(request.POST or None, criteria=criteria)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, _("The scores were not saved yet; see below. What you entered is still there."))
        else:
            try:
                attempt = rules_of_assessment.handson_score(
                    assessment=assessment, person=person, assessor=viewer, scores=form.scores(),
                    note=form.cleaned_data["note"],
                )
            except rules_of_assessment.AssessmentRefused as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Your scores of %(name)s were saved.") % {"name": person.name})
                return redirect("training:attempt_detail", pk=attempt.pk)
    current = assessment.attempts.filter(person=person, state=Attempt.State.OPEN).prefetch_related("sheets").first()
    context = {"assessment": assessment, "person": person, "form": form, "current": current}
    return render(request, "training/handson_score.html", context)


def _attempt_answers(attempt):
    return list(attempt.answers.select_related("question", "marked_by").prefetch_related("question__choices"))


@login_required
@require_http_methods(["GET", "POST"])
def attempt_detail(request, pk):
    """Taking a quiz (the person, or a trainer entering their answers), then its result."""
    viewer = viewer_of(request)
    attempt = access.get_attempt(viewer, pk)
    answers = _attempt_answers(attempt)
    taking = attempt.assessment.is_quiz and attempt.state == Attempt.State.OPEN
    form = QuizForm(request.POST or None, answers=answers) if taking else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("This quiz was already submitted; nothing was changed."))
            return redirect("training:attempt_detail", pk=attempt.pk)
        if form.is_valid():
            try:
                attempt = rules_of_assessment.quiz_submit(attempt=attempt, answers=form.answers(), by=viewer)
            except rules_of_assessment.AssessmentRefused as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Your answers were handed in."))
            return redirect("training:attempt_detail", pk=attempt.pk)
    assessor = access.may_assess(viewer, attempt.assessment, attempt.person)
    context = {
        "attempt": attempt, "assessment": attempt.assessment, "answers": answers, "form": form,
        "sheets": attempt.sheets.select_related("assessor").prefetch_related("scores__criterion"),
        "may_mark": attempt.state == Attempt.State.AWAITING_MARKING and assessor,
        # The right answers only to those who assess: the person may meet the same questions in a retake.
        "reveal": assessor and attempt.is_finished,
    }
    return render(request, "training/attempt_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def attempt_mark(request, pk):
    """Marking the short answers of a quiz by hand."""
    viewer = viewer_of(request)
    attempt = access.get_attempt(viewer, pk)
    if not access.may_assess(viewer, attempt.assessment, attempt.person):
        raise PermissionDenied
    answers = _attempt_answers(attempt)
    form = MarkForm(request.POST or None, answers=answers)
    if request.method == "POST":
        if form.is_valid():
            try:
                rules_of_assessment.quiz_mark(attempt=attempt, points=form.points(), by=viewer)
            except rules_of_assessment.AssessmentRefused as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The marks were saved."))
                return redirect("training:attempt_detail", pk=attempt.pk)
        else:
            messages.error(request, _("Not saved: %(errors)s") % {"errors": form_errors(form)})
    return render(request, "training/attempt_mark.html", {"attempt": attempt, "form": form})


# --- The question bank ------------------------------------------------------------------------------


def _bank_club(request):
    viewer = viewer_of(request)
    if not access.runs_training(viewer):
        raise PermissionDenied
    return viewer, club_for(request, viewer)


@login_required
@require_GET
def question_list(request):
    viewer, club = _bank_club(request)
    topic = request.GET.get("topic", "")
    questions = (
        Question.objects.filter(access.question_filter(viewer), club=club)
        .select_related("department").prefetch_related("choices").order_by("topic", "-is_active", "pk")
    )
    if topic in Topic.values:
        questions = questions.filter(topic=topic)
    context = {"club": club, "clubs": clubs_to_pick(viewer), "questions": questions, "topic": topic,
               "topics": Topic.choices, "club_qs": club_query(viewer, club)}
    return render(request, "training/question_list.html", context)


def _question_page(request, viewer, club, question=None):
    initial = {"topic": request.GET.get("topic")} if question is None else {}
    form = QuestionForm(request.POST or None, instance=question, initial=initial,
                        departments=access.training_departments(viewer, club))
    if form.is_valid():
        data = form.cleaned_data
        fields = {f: data[f] for f in ("department", "topic", "kind", "text", "points", "answer_true", "model_answer",
                                       "is_active")}
        question = question_save(club=club, by=viewer, choices=data["choices"], question=question, **fields)
        messages.success(request, _("The question was saved."))
        return redirect(f"{reverse('training:question_list')}?{club_query(viewer, club, topic=question.topic)}")
    return render(request, "training/question_form.html", {"form": form, "club": club, "question": question})


@login_required
@require_http_methods(["GET", "POST"])
def question_add(request):
    viewer, club = _bank_club(request)
    return _question_page(request, viewer, club)


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request, pk):
    viewer = viewer_of(request)
    question = access.get_question(viewer, pk)
    return _question_page(request, viewer, question.club, question)


# --- Levels -----------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def level_settings(request):
    """Which assessments each level needs, how long a level holds, and whose re-certification is due."""
    viewer = viewer_of(request)
    club = club_for(request, viewer)
    if not access.may_define_levels(viewer, club):
        raise PermissionDenied
    policy = TrainingPolicy.for_club(club)
    action = request.POST.get("action") if request.method == "POST" else None
    policy_form = PolicyForm(request.POST if action == "policy" else None, instance=policy)
    requirement_form = RequirementForm(request.POST if action == "requirement" else None, club=club)
    for form in (policy_form, requirement_form):
        if form.is_bound and form.is_valid():
            form.save()
            messages.success(request, _("Saved."))
            return redirect(f"{request.path}?{club_query(viewer, club)}")
    context = {
        "club": club, "clubs": clubs_to_pick(viewer), "policy_form": policy_form,
        "requirement_form": requirement_form, "club_qs": club_query(viewer, club),
        "requirements": LevelRequirement.objects.filter(club=club).select_related("assessment", "assessment__plan"),
        "expiring": levels.expiring(club_ids=[club.pk], today=timezone.localdate(timezone=club.zone)),
        "recertify_days": levels.RECERTIFY_DAYS,
    }
    return render(request, "training/level_settings.html", context)


@login_required
@require_POST
def level_requirement_delete(request, pk):
    viewer = viewer_of(request)
    requirement = get_object_or_404(LevelRequirement.objects.select_related("club"), pk=pk)
    club = club_in_reach(viewer, requirement.club_id)
    if not access.may_define_levels(viewer, club):
        raise PermissionDenied
    requirement.delete()
    messages.success(request, _("The requirement was removed."))
    return redirect(f"{reverse('training:level_settings')}?{club_query(viewer, club)}")


urls = [
    path("plans/<int:pk>/assessments/new/", assessment_add, name="assessment_add"),
    path("assessments/<int:pk>/", assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/start/", attempt_start, name="attempt_start"),
    path("assessments/<int:pk>/score/", handson_score, name="handson_score"),
    path("attempts/<int:pk>/", attempt_detail, name="attempt_detail"),
    path("attempts/<int:pk>/mark/", attempt_mark, name="attempt_mark"),
    path("questions/", question_list, name="question_list"),
    path("questions/new/", question_add, name="question_add"),
    path("questions/<int:pk>/edit/", question_edit, name="question_edit"),
    path("levels/", level_settings, name="level_settings"),
    path("levels/requirements/<int:pk>/delete/", level_requirement_delete, name="level_requirement_delete"),
]
