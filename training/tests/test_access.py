"""Who sees what in training: a technician only their own record; one club never scores another."""

from decimal import Decimal

import pytest
from django.urls import reverse

from training import assessments
from training.models import Attempt, JudgeScore
from training.tests import factories as f


def test_a_technician_sees_their_own_record_and_nobody_elses(client_as, world):
    client = client_as(world.technician)
    own = client.get(reverse("training:person_record", args=[world.technician.pk]))
    assert own.status_code == 200 and "Tech A1" in own.content.decode()
    assert client.get(reverse("training:person_record", args=[world.technician_a2.pk])).status_code == 403
    assert client.get(reverse("training:person_record", args=[world.technician_2.pk])).status_code == 404


def test_a_technician_cannot_open_another_persons_attempt(client_as, world):
    plan = f.plan(world.club1, world.tech_manager)
    handson = f.handson(plan, criteria=(("Pressure", 1, 10),))
    (criterion,) = handson.criteria.all()
    attempt = assessments.handson_score(assessment=handson, person=world.technician_a2, assessor=world.tech_manager,
                                        scores={criterion.pk: Decimal(7)})
    assert client_as(world.technician).get(reverse("training:attempt_detail", args=[attempt.pk])).status_code == 403
    assert client_as(world.supervisor_a).get(reverse("training:attempt_detail", args=[attempt.pk])).status_code == 403


def test_a_trainer_of_club_one_cannot_score_or_enter_anything_of_club_two(client_as, world):
    plan = f.plan(world.club2, world.store_manager_2)
    handson = f.handson(plan, criteria=(("Pressure", 1, 10),))
    quiz = f.quiz(plan)
    f.question(world.club2, "true_false", "x", answer_true=True)
    contest = f.competition(world.club2, [world.store_manager_2], [world.technician_2])
    client = client_as(world.tech_manager)
    assert client.get(reverse("training:assessment_detail", args=[handson.pk])).status_code == 404
    assert client.post(f"{reverse('training:handson_score', args=[handson.pk])}?person={world.technician_2.pk}",
                       {"note": "x"}).status_code == 404
    assert client.post(reverse("training:attempt_start", args=[quiz.pk]),
                       {"person": world.technician_2.pk}).status_code == 404
    assert client.post(reverse("training:competition_score", args=[contest.pk]), {}).status_code == 404
    assert not Attempt.objects.exists() and not JudgeScore.objects.exists()


def test_a_club_one_trainer_cannot_score_a_club_two_technician_on_a_club_one_assessment(world):
    plan = f.plan(world.club1, world.tech_manager)
    handson = f.handson(plan, criteria=(("Pressure", 1, 10),))
    from training import access

    assert not access.may_assess(world.tech_manager, handson, world.technician_2)
    assert access.may_assess(world.tech_manager, handson, world.technician)


@pytest.mark.parametrize("persona, status", [
    ("tech_manager", 200), ("dept_manager", 200), ("care_manager", 200), ("marketing", 403), ("supervisor_a", 403),
])
def test_heads_run_training_for_their_departments(client_as, world, persona, status):
    plan = f.plan(world.club1, world.tech_manager)
    assert client_as(getattr(world, persona)).get(reverse("training:plan_detail", args=[plan.pk])).status_code == status


def test_the_person_page_links_the_training_record(client_as, world):
    page = client_as(world.technician).get(reverse("staff:person_detail", args=[world.technician.pk])).content.decode()
    assert 'data-testid="person-training"' in page
    assert reverse("training:person_record", args=[world.technician.pk]) in page


def test_the_navigation_offers_what_each_person_may_open(client_as, world):
    technician = client_as(world.technician).get(reverse("training:calendar")).content.decode()
    assert "My training record" in technician and "Training plans" not in technician
    manager = client_as(world.tech_manager).get(reverse("training:calendar")).content.decode()
    assert "Training plans" in manager and "Levels" in manager and "Rewards and penalties" in manager
