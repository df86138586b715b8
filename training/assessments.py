"""Quizzes and hands-on assessments: starting an attempt, the retake limit, scoring, marking.

The rules, each in one place here:

* **Retakes.** A person may start an attempt while the assessment is open, nothing of theirs is
  in progress, they have not passed it (unless their level is due for re-certification), and
  their failed attempts since the last pass are fewer than ``max_attempts``. Every attempt is kept.
* **Quiz scoring.** Single choice: the one right answer. Multiple choice: exactly the right set
  (all or nothing). True/false: the right answer. Short answer: points given by hand; the
  result waits until every short answer is marked. Unanswered questions score nothing.
* **Hands-on scoring.** Each assessor scores every criterion from 0 to its highest score; their
  weighted score is Σ weight × score / highest ÷ Σ weight, as a percentage. Once the number of
  assessors the assessment asks for have scored, the result is their average.
* **Choice order.** The choices of a question are shown in an order of their own for each
  attempt (``choices_in_order``): the same on every reload of the attempt, another in the next
  attempt, so that "the first is the right one" never holds. Marking reads the choices ticked,
  never their places.
* A result at or above the pass mark passes. A finished result may raise the person's level
  (``levels.after_result``).
"""

import random
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel import bulk
from kernel.clock import club_today

from staff import locks as month_lock

from .models import AssessorSheet, Attempt, AttemptAnswer, Question, RubricScore

HUNDRED = Decimal(100)


class AssessmentRefused(Exception):
    """An attempt, a submission or a score that the rules do not allow; the message says why."""


def is_trainee(person, plan):
    """Whether ``person`` is one of the people ``plan`` trains (its club, department and position)."""
    return (
        person.club_id == plan.club_id and person.department_id == plan.department_id
        and (not plan.position or person.position == plan.position)
    )


def percent(value):
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- Retakes ----------------------------------------------------------------------------------------


def attempts_of(assessment, person):
    return list(Attempt.objects.filter(assessment=assessment, person=person).order_by("number"))


def refusal(assessment, person, *, today, attempts=None):
    """Why ``person`` may not start an attempt now, or None when they may."""
    from .levels import recertification_due

    attempts = attempts_of(assessment, person) if attempts is None else attempts
    if not assessment.is_open:
        return _("This assessment is closed.")
    if any(not a.is_finished for a in attempts):
        return _("An attempt is already in progress; finish it first.")
    passes = [i for i, a in enumerate(attempts) if a.passed]
    if passes and not recertification_due(person, assessment, today):
        return _("%(name)s has already passed this assessment.") % {"name": person.name}
    failed_since = len(attempts) - (passes[-1] + 1 if passes else 0)
    if failed_since >= assessment.max_attempts:
        return _("No retake left: %(count)s attempts are allowed and all have been used.") % {
            "count": assessment.max_attempts
        }
    return None


def attempts_left(assessment, attempts):
    passes = [i for i, a in enumerate(attempts) if a.passed]
    failed_since = len(attempts) - (passes[-1] + 1 if passes else 0)
    return max(assessment.max_attempts - failed_since, 0)


def _new_attempt(assessment, person, by, today):
    problem = refusal(assessment, person, today=today)
    if problem:
        raise AssessmentRefused(problem)
    last = Attempt.objects.filter(assessment=assessment, person=person).order_by("-number").first()
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                assessment=assessment, person=person, number=(last.number + 1) if last else 1, entered_by=by
            )
    except IntegrityError:
        raise AssessmentRefused(_("An attempt is already in progress; finish it first.")) from None


# --- Quizzes ----------------------------------------------------------------------------------------


@transaction.atomic
def quiz_start(*, assessment, person, by, rng=None):
    """Draw a quiz for ``person`` from the bank of the plan's topic: a new attempt, or the one in progress."""
    if not assessment.is_quiz:
        raise AssessmentRefused(_("This is not a quiz."))
    current = Attempt.objects.filter(assessment=assessment, person=person, state=Attempt.State.OPEN).first()
    if current is not None:
        return current
    bank = list(  # the plan's department's bank, and the questions of the whole club
        Question.objects.filter(
            Q(department_id=assessment.plan.department_id) | Q(department__isnull=True),
            club_id=assessment.club_id, topic=assessment.plan.topic, is_active=True,
        ).order_by("pk")
    )
    if not bank:
        raise AssessmentRefused(_("The question bank of this topic is empty; add questions first."))
    attempt = _new_attempt(assessment, person, by, club_today(assessment.club))
    drawn = (rng or random.SystemRandom()).sample(bank, min(assessment.question_count, len(bank)))
    bulk.bulk_create(AttemptAnswer, [
        AttemptAnswer(attempt=attempt, question=q, order=n, max_points=q.points) for n, q in enumerate(drawn)
    ])
    return attempt


def choices_in_order(answer):
    """The choices of ``answer``'s question in the order this attempt shows them.

    Seeded by the attempt and the question (``random.Random`` seeds a string through SHA-512, the
    same in every process), so a reload shows the same order and another attempt another.
    """
    choices = sorted(answer.question.choices.all(), key=lambda c: (c.order, c.pk))
    random.Random(f"attempt {answer.attempt_id} question {answer.question_id}").shuffle(choices)
    return choices


def auto_points(question, answer):
    """Points for an answer the computer can mark, None for a short answer."""
    kind = question.kind
    if kind == Question.Kind.SHORT:
        return None
    if kind == Question.Kind.TRUE_FALSE:
        right = answer.answer_bool is not None and answer.answer_bool == question.answer_true
    else:
        correct = {c.pk for c in question.choices.all() if c.is_correct}
        right = bool(correct) and set(answer.chosen) == correct
    return Decimal(answer.max_points if right else 0)


@month_lock.changed_by()
@transaction.atomic
def quiz_submit(*, attempt, answers, by, reason=""):
    """Save ``answers`` ({answer id: value}) once: a second submission is refused and changes nothing.

    A value is a list of choice ids (single and multiple choice), True/False, or text.
    """
    attempt = Attempt.objects.select_for_update().select_related("assessment__club").get(pk=attempt.pk)
    if attempt.state != Attempt.State.OPEN:
        raise AssessmentRefused(
            _("This quiz was already submitted at %(time)s; nothing was changed.")
            % {"time": timezone.localtime(attempt.submitted_at).strftime("%Y-%m-%d %H:%M")}
        )
    rows = list(attempt.answers.select_related("question").prefetch_related("question__choices"))
    for row in rows:
        value = answers.get(row.pk)
        kind = row.question.kind
        if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            row.chosen = sorted(int(v) for v in (value or []))
        elif kind == Question.Kind.TRUE_FALSE:
            row.answer_bool = value
        else:
            row.answer_text = (value or "").strip()
        row.points = auto_points(row.question, row)
    bulk.bulk_update(AttemptAnswer, rows, ["chosen", "answer_bool", "answer_text", "points"])
    attempt.submitted_at = timezone.now()
    attempt.entered_by = by
    attempt.state = Attempt.State.AWAITING_MARKING
    attempt.save(update_fields=["submitted_at", "entered_by", "state"])
    return _finish_quiz_if_marked(attempt, rows, by)


@month_lock.changed_by()
@transaction.atomic
def quiz_mark(*, attempt, points, by, reason=""):
    """Give points to the short answers (``points``: {answer id: Decimal}); the result comes once all are marked."""
    attempt = Attempt.objects.select_for_update().select_related("assessment__club").get(pk=attempt.pk)
    if attempt.person_id == by.pk:
        raise AssessmentRefused(_("Nobody marks their own assessment."))
    if attempt.state != Attempt.State.AWAITING_MARKING:
        raise AssessmentRefused(_("This attempt is not waiting to be marked."))
    rows = list(attempt.answers.select_related("question"))
    for row in rows:
        if row.question.kind == Question.Kind.SHORT and row.pk in points:
            given = points[row.pk]
            if given < 0 or given > row.max_points:
                raise AssessmentRefused(
                    _("Give from 0 to %(max)s points.") % {"max": row.max_points}
                )
            row.points, row.marked_by = given, by
    bulk.bulk_update(AttemptAnswer, rows, ["points", "marked_by"])
    return _finish_quiz_if_marked(attempt, rows, by)


def _finish_quiz_if_marked(attempt, rows, by):
    if any(row.points is None for row in rows):
        return attempt
    total = sum(row.max_points for row in rows)
    got = sum(row.points for row in rows)
    return _finish(attempt, percent(HUNDRED * got / total) if total else Decimal(0), by)


def _finish(attempt, score, by):
    from .levels import after_result

    assessment = attempt.assessment
    attempt.score = score
    attempt.passed = score >= assessment.pass_mark
    attempt.state = Attempt.State.MARKED
    attempt.finished_on = club_today(assessment.club)
    attempt.submitted_at = attempt.submitted_at or timezone.now()
    attempt.save(update_fields=["score", "passed", "state", "finished_on", "submitted_at"])
    if attempt.passed:
        after_result(person=attempt.person, on=attempt.finished_on, by=by)
    return attempt


# --- Hands-on assessments ---------------------------------------------------------------------------


def weighted_score(criteria, scores):
    """Σ weight × score / highest ÷ Σ weight, as a percentage with one decimal."""
    total_weight = sum(c.weight for c in criteria)
    got = sum(c.weight * Decimal(scores[c.pk]) / c.max_score for c in criteria)
    return percent(HUNDRED * got / total_weight)


def check_range(criteria, scores):
    """Errors by criterion id for a score missing or outside 0..highest."""
    errors = {}
    for criterion in criteria:
        value = scores.get(criterion.pk)
        if value is None:
            errors[criterion.pk] = _("Give a score.")
        elif value < 0 or value > criterion.max_score:
            errors[criterion.pk] = _("Give a score from 0 to %(max)s.") % {"max": criterion.max_score}
    return errors


@month_lock.changed_by(by="assessor")
@transaction.atomic
def handson_score(*, assessment, person, assessor, scores, note="", reason=""):
    """One assessor's scores (``scores``: {criterion id: Decimal}) of ``person``'s current attempt.

    The first assessor opens a new attempt (within the retake limit); the others join it. An
    assessor scores an attempt once. Returns the attempt.
    """
    if assessment.is_quiz:
        raise AssessmentRefused(_("This is not a hands-on assessment."))
    if person.pk == assessor.pk:
        raise AssessmentRefused(_("Nobody marks their own assessment."))
    criteria = list(assessment.criteria.all())
    if not criteria:
        raise AssessmentRefused(_("This assessment has no rubric yet."))
    errors = check_range(criteria, scores)
    if errors:
        raise AssessmentRefused(" ".join(sorted(set(errors.values()))))
    attempt = (
        Attempt.objects.select_for_update()
        .filter(assessment=assessment, person=person, state=Attempt.State.OPEN)
        .first()
    )
    if attempt is None:
        try:
            attempt = _new_attempt(assessment, person, assessor, club_today(assessment.club))
        except AssessmentRefused:
            # Another assessor opened the attempt a moment ago: join it.
            attempt = (
                Attempt.objects.select_for_update()
                .filter(assessment=assessment, person=person, state=Attempt.State.OPEN)
                .first()
            )
            if attempt is None:
                raise
    if attempt.sheets.filter(assessor=assessor).exists():
        raise AssessmentRefused(_("You have already scored this attempt."))
    sheet = AssessorSheet.objects.create(
        attempt=attempt, assessor=assessor, weighted=weighted_score(criteria, scores), note=note.strip()[:300]
    )
    bulk.bulk_create(RubricScore, [RubricScore(sheet=sheet, criterion=c, score=scores[c.pk]) for c in criteria])
    sheets = list(attempt.sheets.all())
    attempt.assessment = assessment
    if len(sheets) >= assessment.assessors_required:
        return _finish(attempt, percent(sum(s.weighted for s in sheets) / len(sheets)), assessor)
    return attempt
