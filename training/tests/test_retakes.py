"""The retake limit: failing offers a retake up to the limit; every attempt is kept."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from training import assessments, levels
from training.models import Attempt, LevelRequirement
from training.tests import factories as f


@pytest.fixture
def handson(world):
    plan = f.plan(world.club1, world.tech_manager)
    return f.handson(plan, criteria=(("Pressure", 1, 10),), pass_mark=60, max_attempts=2)


def score(assessment, person, value, by):
    (criterion,) = assessment.criteria.all()
    return assessments.handson_score(assessment=assessment, person=person, assessor=by,
                                     scores={criterion.pk: Decimal(value)})


def test_a_retake_beyond_the_limit_is_refused_and_every_attempt_is_kept(world, handson):
    score(handson, world.technician, 3, world.tech_manager)
    score(handson, world.technician, 4, world.tech_manager)
    with pytest.raises(assessments.AssessmentRefused, match="No retake left: 2 attempts"):
        score(handson, world.technician, 9, world.tech_manager)
    attempts = Attempt.objects.filter(person=world.technician).order_by("number")
    assert [(a.number, a.score, a.passed) for a in attempts] == [
        (1, Decimal("30.0"), False), (2, Decimal("40.0"), False)]


def test_after_a_pass_there_is_no_retake(world, handson):
    score(handson, world.technician, 8, world.tech_manager)
    with pytest.raises(assessments.AssessmentRefused, match="already passed"):
        score(handson, world.technician, 9, world.tech_manager)


def test_the_assessment_page_shows_the_attempts_left_and_offers_no_retake_past_the_limit(client_as, world, handson):
    score(handson, world.technician, 3, world.tech_manager)
    client = client_as(world.tech_manager)
    page = client.get(reverse("training:assessment_detail", args=[handson.pk])).content.decode()
    assert "1 attempt left" in page
    score(handson, world.technician, 3, world.tech_manager)
    page = client.get(reverse("training:assessment_detail", args=[handson.pk])).content.decode()
    assert "No retake left" in page


def test_a_quiz_retake_beyond_the_limit_says_so(client_as, world):
    plan = f.plan(world.club1, world.tech_manager, topic="theory")
    f.question(world.club1, "true_false", "Harder is better.", topic="theory", answer_true=False)
    quiz = f.quiz(plan, max_attempts=1, pass_mark=100)
    client = client_as(world.technician)
    client.post(reverse("training:attempt_start", args=[quiz.pk]))
    attempt = Attempt.objects.get()
    row = attempt.answers.get()
    client.post(reverse("training:attempt_detail", args=[attempt.pk]), {f"q{row.pk}": "true"})
    response = client.post(reverse("training:attempt_start", args=[quiz.pk]), follow=True)
    assert "No retake left: 1 attempts are allowed" in response.content.decode()
    assert Attempt.objects.count() == 1


def test_re_certification_opens_a_retake_of_a_passed_level_assessment(world, handson):
    LevelRequirement.objects.create(club=world.club1, level="intermediate", assessment=handson)
    score(handson, world.technician, 8, world.tech_manager)
    world.technician.refresh_from_db()
    assert world.technician.level == "intermediate"
    award = levels.current_award(world.technician)
    today = datetime.date.today()
    assert not assessments.refusal(handson, world.technician, today=today) is None
    due = award.expires_on - datetime.timedelta(days=10)
    assert assessments.refusal(handson, world.technician, today=due) is None
