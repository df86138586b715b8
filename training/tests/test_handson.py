"""Hands-on assessments: a weighted rubric scored by several assessors; scores out of range; who may score."""

from decimal import Decimal

import pytest
from django.urls import reverse

from training import assessments
from training.models import AssessorSheet, Attempt, RubricScore
from training.tests import factories as f


@pytest.fixture
def handson(world):
    plan = f.plan(world.club1, world.tech_manager)
    return f.handson(plan, criteria=(("Pressure", 3, 10), ("Sequence", 1, 5)), assessors_required=2, pass_mark=75)


def scores(assessment, *values):
    return {c.pk: Decimal(v) for c, v in zip(assessment.criteria.all(), values)}


def test_the_result_is_the_average_of_the_assessors_weighted_scores(world, handson):
    first = assessments.handson_score(assessment=handson, person=world.technician, assessor=world.tech_manager,
                                      scores=scores(handson, 8, 5))
    assert first.state == "open" and first.score is None  # one of two assessors
    # 3 × 8/10 + 1 × 5/5 = 3.4 of 4 → 85.0
    assert first.sheets.get().weighted == Decimal("85.0")

    done = assessments.handson_score(assessment=handson, person=world.technician, assessor=world.dept_manager,
                                     scores=scores(handson, 6, 2), note="Sequence out of order")
    # 3 × 0.6 + 1 × 0.4 = 2.2 of 4 → 55.0; the average of 85.0 and 55.0 is 70.0
    assert done.pk == first.pk
    assert (done.state, done.score, done.passed) == ("marked", Decimal("70.0"), False)
    assert AssessorSheet.objects.filter(attempt=done).count() == 2
    assert RubricScore.objects.filter(sheet__attempt=done).count() == 4


def test_a_score_outside_the_range_is_refused_and_nothing_is_saved(world, handson):
    with pytest.raises(assessments.AssessmentRefused, match="from 0 to 5"):
        assessments.handson_score(assessment=handson, person=world.technician, assessor=world.tech_manager,
                                  scores=scores(handson, 8, 6))
    assert not Attempt.objects.exists()


def test_an_assessor_scores_an_attempt_once(world, handson):
    assessments.handson_score(assessment=handson, person=world.technician, assessor=world.tech_manager,
                              scores=scores(handson, 8, 5))
    with pytest.raises(assessments.AssessmentRefused, match="already scored"):
        assessments.handson_score(assessment=handson, person=world.technician, assessor=world.tech_manager,
                                  scores=scores(handson, 10, 5))
    assert AssessorSheet.objects.get().weighted == Decimal("85.0")


def test_the_scoring_page_keeps_the_input_and_says_what_is_wrong(client_as, world, handson):
    url = f"{reverse('training:handson_score', args=[handson.pk])}?person={world.technician.pk}"
    pressure, sequence = handson.criteria.all()
    response = client_as(world.tech_manager).post(url, {f"s{pressure.pk}": "9", f"s{sequence.pk}": "7",
                                                        "note": "Good pressure"})
    page = response.content.decode()
    assert "Give a score from 0 to 5." in page
    assert 'value="9"' in page and "Good pressure" in page
    assert not Attempt.objects.exists()


def test_one_assessor_is_enough_when_the_assessment_asks_for_one(client_as, world):
    handson = f.handson(f.plan(world.club1, world.tech_manager), criteria=(("Pressure", 1, 10),), pass_mark=60)
    (criterion,) = handson.criteria.all()
    url = f"{reverse('training:handson_score', args=[handson.pk])}?person={world.technician.pk}"
    response = client_as(world.tech_manager).post(url, {f"s{criterion.pk}": "7.5"})
    attempt = Attempt.objects.get()
    assert response.url == reverse("training:attempt_detail", args=[attempt.pk])
    assert (attempt.score, attempt.passed) == (Decimal("75.0"), True)


def test_a_trainer_of_club_one_cannot_score_club_two(client_as, world):
    handson = f.handson(f.plan(world.club2, world.store_manager_2))
    url = f"{reverse('training:handson_score', args=[handson.pk])}?person={world.technician_2.pk}"
    client = client_as(world.tech_manager)
    assert client.get(url).status_code == 404
    assert client.post(url, {"note": "x"}).status_code == 404
    assert not Attempt.objects.exists()


def test_a_club_one_assessment_cannot_score_a_club_two_person(client_as, world, handson):
    url = f"{reverse('training:handson_score', args=[handson.pk])}?person={world.technician_2.pk}"
    pressure, sequence = handson.criteria.all()
    response = client_as(world.tech_manager).post(url, {f"s{pressure.pk}": "5", f"s{sequence.pk}": "5"})
    assert response.status_code == 404
    assert not Attempt.objects.exists()


def test_neither_a_technician_nor_a_supervisor_scores(client_as, world, handson):
    url = f"{reverse('training:handson_score', args=[handson.pk])}?person={world.technician_a2.pk}"
    assert client_as(world.technician).get(url).status_code == 403
    assert client_as(world.supervisor_a).get(url).status_code == 403
