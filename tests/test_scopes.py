"""Scopes exactly as documented (README, "Who may see what"): a department head sees the people of
their department below them, never a peer head; the question bank belongs to a department."""

import pytest
from django.urls import reverse

from staff.models import Department
from training import assessments
from training.models import Question, RewardPenalty
from training.tests import factories as f

pytestmark = pytest.mark.timeless  # whose records a person reaches does not depend on the day: a --clock replay leaves it out


@pytest.fixture
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.mark.parametrize("head", ["care_manager", "tech_manager"])
def test_a_head_does_not_open_a_peer_heads_page(client_as, world, head):
    response = client_as(getattr(world, head)).get(reverse("staff:person_detail", args=[world.dept_manager.pk]))
    assert response.status_code == 403


def test_the_technical_manager_does_not_open_their_superiors_page(client_as, world):
    response = client_as(world.tech_manager).get(reverse("staff:person_detail", args=[world.care_manager.pk]))
    assert response.status_code == 403


def test_the_health_care_manager_sees_the_technical_manager_below_them(client_as, world):
    response = client_as(world.care_manager).get(reverse("staff:person_detail", args=[world.tech_manager.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("head", ["care_manager", "tech_manager"])
def test_a_head_proposes_no_penalty_for_a_peer_head(client_as, english, world, head):
    response = client_as(getattr(world, head)).post(reverse("training:reward_list"), {
        "person": world.dept_manager.pk, "date": "2026-01-05", "kind": "penalty", "category": "attendance",
        "reason": "Late", "points": "1",
    })
    assert "Choose someone you look after." in response.content.decode()
    assert not RewardPenalty.objects.exists()


def test_a_head_still_proposes_for_the_technicians_they_look_after(client_as, english, world):
    client_as(world.care_manager).post(reverse("training:reward_list"), {
        "person": world.technician.pk, "date": "2026-01-05", "kind": "reward", "category": "service",
        "reason": "Praised by a guest", "points": "1",
    })
    assert RewardPenalty.objects.get().person == world.technician


@pytest.fixture
def massage_question(world):
    return f.question(world.club1, "single", "Where is the kidney reflex?", choices=[("Sole", True), ("Heel", False)])


def test_the_question_bank_of_the_massage_department_is_not_the_marketing_directors(client_as, world,
                                                                                    massage_question):
    client = client_as(world.marketing)
    assert "kidney reflex" not in client.get(reverse("training:question_list")).content.decode()
    assert client.get(reverse("training:question_edit", args=[massage_question.pk])).status_code == 403
    assert "kidney reflex" in client_as(world.dept_manager).get(reverse("training:question_list")).content.decode()


def test_a_head_adds_questions_only_to_their_own_departments_bank(client_as, english, world):
    massage = Department.objects.get(club=world.club1, kind="massage")
    response = client_as(world.marketing).post(reverse("training:question_add"), {
        "department": massage.pk, "topic": "sales", "kind": "true_false", "text": "Greet every guest.",
        "points": "1", "answer_true": "true", "is_active": "on",
    })
    assert "Choose a department you run training for." in response.content.decode()
    assert not Question.objects.exists()


def test_a_quiz_draws_only_from_its_departments_bank(world, massage_question):
    marketing = Department.objects.get(club=world.club1, kind="marketing")
    f.question(world.club1, "true_false", "Another department's", answer_true=True, department=marketing)
    quiz = f.quiz(f.plan(world.club1, world.tech_manager), question_count=10)

    attempt = assessments.quiz_start(assessment=quiz, person=world.technician, by=world.technician)

    assert [row.question_id for row in attempt.answers.all()] == [massage_question.pk]
