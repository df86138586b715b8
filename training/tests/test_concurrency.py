"""Two hand-ins of one quiz at once, and two assessors scoring at once (PostgreSQL: real row locks)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.utils import translation

from conftest import need_service
from training import assessments
from training.models import AssessorSheet, Attempt
from training.tests import factories as f


def at_once(*calls):
    barrier, results = threading.Barrier(len(calls)), []

    def run(call):
        barrier.wait()
        try:
            with translation.override("en"):
                results.append(call())
        except assessments.AssessmentRefused as error:
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_quiz_handed_in_twice_at_once_is_saved_once(world):
    if connection.vendor != "postgresql":
        need_service("PostgreSQL", f"this run's database is {connection.vendor}")
    quiz = f.quiz(f.plan(world.club1, world.tech_manager, topic="theory"), pass_mark=100)
    f.question(world.club1, "true_false", "Harder is better.", topic="theory", answer_true=False)
    attempt = assessments.quiz_start(assessment=quiz, person=world.technician, by=world.technician)
    row = attempt.answers.get()
    results = at_once(
        lambda: assessments.quiz_submit(attempt=attempt, answers={row.pk: False}, by=world.technician),
        lambda: assessments.quiz_submit(attempt=attempt, answers={row.pk: True}, by=world.technician),
    )
    refused = [r for r in results if isinstance(r, assessments.AssessmentRefused)]
    assert len(refused) == 1 and "already submitted" in str(refused[0])
    attempt.refresh_from_db()
    assert attempt.state == "marked" and Attempt.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_assessors_scoring_at_once_share_one_attempt(world):
    if connection.vendor != "postgresql":
        need_service("PostgreSQL", f"this run's database is {connection.vendor}")
    handson = f.handson(f.plan(world.club1, world.tech_manager), criteria=(("Pressure", 1, 10),),
                        assessors_required=2)
    (criterion,) = handson.criteria.all()

    def score(assessor, value):
        return lambda: assessments.handson_score(assessment=handson, person=world.technician, assessor=assessor,
                                                 scores={criterion.pk: Decimal(value)})

    at_once(score(world.tech_manager, 8), score(world.dept_manager, 6))
    attempt = Attempt.objects.get()
    assert AssessorSheet.objects.filter(attempt=attempt).count() == 2
    assert (attempt.state, attempt.score) == ("marked", Decimal("70.0"))
