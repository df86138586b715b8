"""Quizzes are fair: each attempt shows a question's choices in an order of its own, the same on every
reload; the right answer is not always first; marking reads the choice ticked, not its place."""

import pytest
from django.urls import reverse

from training import assessments
from training.models import Attempt
from training.tests import factories as f

CHOICES = [("Right-Sole", True), ("Wrong-Heel", False), ("Wrong-Toe", False), ("Wrong-Palm", False)]


@pytest.fixture
def quiz(world):
    f.question(world.club1, "single", "Where is the kidney reflex?", choices=CHOICES)  # the right one first
    plan = f.plan(world.club1, world.tech_manager, topic="technique")
    return f.quiz(plan, question_count=1, max_attempts=10)


def order_on_page(client, attempt):
    page = client.get(reverse("training:attempt_detail", args=[attempt.pk])).content.decode()
    return tuple(sorted((text for text, _ in CHOICES), key=page.index))


def fail(attempt, world):
    """Hand in a wrong answer, so that the next attempt may start."""
    row = attempt.answers.select_related("question").get()
    wrong = row.question.choices.get(text="Wrong-Heel").pk
    assessments.quiz_submit(attempt=attempt, answers={row.pk: [wrong]}, by=world.technician)


def test_each_attempt_shows_the_choices_in_an_order_of_its_own(client_as, world, quiz):
    client = client_as(world.technician)
    orders = []
    for _ in range(8):
        attempt = assessments.quiz_start(assessment=quiz, person=world.technician, by=world.technician)
        first = order_on_page(client, attempt)
        assert order_on_page(client, attempt) == first  # a reload shows the same order
        orders.append(first)
        fail(attempt, world)

    assert len(set(orders)) > 1
    assert any(order[0] != "Right-Sole" for order in orders)


def test_the_right_choice_scores_wherever_it_is_shown(client_as, world, quiz):
    attempt = assessments.quiz_start(assessment=quiz, person=world.technician, by=world.technician)
    row = attempt.answers.select_related("question").get()
    right = row.question.choices.get(text="Right-Sole").pk

    client_as(world.technician).post(reverse("training:attempt_detail", args=[attempt.pk]), {f"q{row.pk}": right})

    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.MARKED and attempt.passed is True
