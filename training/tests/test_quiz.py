"""Quizzes: drawing from the bank, scoring every question type, hand marking, submitting twice."""

import random
from decimal import Decimal

import pytest
from django.urls import reverse

from training import assessments
from training.models import Attempt
from training.tests import factories as f


@pytest.fixture
def bank(world):
    club = world.club1
    return {
        "single": f.question(club, "single", "Where is the kidney reflex?", choices=[("Sole", True), ("Heel", False)]),
        "multiple": f.question(club, "multiple", "Which are massage techniques?", points=2,
                               choices=[("Press", True), ("Knead", True), ("Jump", False)]),
        "true_false": f.question(club, "true_false", "Harder is always better.", answer_true=False),
        "short": f.question(club, "short", "Describe the foot massage sequence.", points=2),
    }


@pytest.fixture
def quiz(world, bank):
    plan = f.plan(world.club1, world.tech_manager, topic="technique")
    return f.quiz(plan, question_count=10, pass_mark=60)


def answer_ids(attempt):
    return {row.question.kind: row for row in attempt.answers.select_related("question")}


def choice(question, text):
    return question.choices.get(text=text).pk


def test_it_draws_the_quiz_from_the_bank_of_the_plans_topic(world, quiz, bank):
    f.question(world.club1, "single", "Another topic", topic="sales", choices=[("a", True), ("b", False)])
    f.question(world.club2, "single", "Another club", topic="technique", choices=[("a", True), ("b", False)])
    attempt = assessments.quiz_start(assessment=quiz, person=world.technician, by=world.technician,
                                     rng=random.Random(1))
    assert sorted(row.question_id for row in attempt.answers.all()) == sorted(q.pk for q in bank.values())
    assert attempt.number == 1 and attempt.state == "open"


def test_it_scores_every_kind_and_waits_for_the_short_answer(world, quiz, bank):
    attempt = assessments.quiz_start(assessment=quiz, person=world.technician, by=world.technician)
    rows = answer_ids(attempt)
    answers = {
        rows["single"].pk: [choice(bank["single"], "Sole")],
        rows["multiple"].pk: [choice(bank["multiple"], "Press")],  # only part of the right set: no points
        rows["true_false"].pk: False,
        rows["short"].pk: "Soak, relax, reflex zones, relax",
    }
    attempt = assessments.quiz_submit(attempt=attempt, answers=answers, by=world.technician)

    points = {row.question.kind: row.points for row in attempt.answers.select_related("question")}
    assert points == {"single": 1, "multiple": 0, "true_false": 1, "short": None}
    assert attempt.state == "awaiting" and attempt.score is None

    assessments.quiz_mark(attempt=attempt, points={rows["short"].pk: Decimal("1.5")}, by=world.tech_manager)
    attempt.refresh_from_db()
    assert attempt.state == "marked"
    assert attempt.score == Decimal("58.3")  # 3.5 of 6 points
    assert attempt.passed is False


def test_the_exact_set_of_a_multiple_choice_question_scores(world, quiz, bank):
    attempt = assessments.quiz_start(assessment=quiz, person=world.technician, by=world.technician)
    rows = answer_ids(attempt)
    both = [choice(bank["multiple"], "Press"), choice(bank["multiple"], "Knead")]
    too_many = both + [choice(bank["multiple"], "Jump")]
    assert assessments.auto_points(bank["multiple"], type("A", (), {"chosen": both, "max_points": 2})) == 2
    assert assessments.auto_points(bank["multiple"], type("A", (), {"chosen": too_many, "max_points": 2})) == 0
    assessments.quiz_submit(attempt=attempt, by=world.technician, answers={
        rows["single"].pk: [choice(bank["single"], "Heel")], rows["multiple"].pk: both,
        rows["true_false"].pk: True, rows["short"].pk: "",
    })
    assessments.quiz_mark(attempt=attempt, points={rows["short"].pk: Decimal(2)}, by=world.tech_manager)
    attempt.refresh_from_db()
    assert (attempt.score, attempt.passed) == (Decimal("66.7"), True)  # 4 of 6


def test_a_quiz_without_short_answers_has_its_result_at_once(world):
    plan = f.plan(world.club1, world.tech_manager, topic="grooming")
    question = f.question(world.club1, "true_false", "Wear the name badge.", topic="grooming", answer_true=True)
    quiz = f.quiz(plan, pass_mark=100)
    attempt = assessments.quiz_start(assessment=quiz, person=world.technician, by=world.technician)
    row = attempt.answers.get()
    attempt = assessments.quiz_submit(attempt=attempt, answers={row.pk: True}, by=world.technician)
    assert (attempt.state, attempt.score, attempt.passed) == ("marked", Decimal(100), True)
    assert row.question == question


def test_a_quiz_handed_in_twice_is_refused_and_keeps_the_first_answers(world, quiz, bank):
    attempt = assessments.quiz_start(assessment=quiz, person=world.technician, by=world.technician)
    rows = answer_ids(attempt)
    first = {rows["true_false"].pk: False}
    assessments.quiz_submit(attempt=attempt, answers=first, by=world.technician)
    with pytest.raises(assessments.AssessmentRefused, match="already submitted"):
        assessments.quiz_submit(attempt=attempt, answers={rows["true_false"].pk: True}, by=world.technician)
    assert attempt.answers.get(pk=rows["true_false"].pk).answer_bool is False


def test_the_technician_takes_the_quiz_in_the_browser_and_a_second_hand_in_is_refused(client_as, world, quiz, bank):
    client = client_as(world.technician)
    response = client.post(reverse("training:attempt_start", args=[quiz.pk]))
    attempt = Attempt.objects.get(person=world.technician)
    assert response.url == reverse("training:attempt_detail", args=[attempt.pk])
    page = client.get(response.url).content.decode()
    assert "Where is the kidney reflex?" in page and "Hand in" in page
    rows = answer_ids(attempt)
    data = {f"q{rows['single'].pk}": choice(bank["single"], "Sole"), f"q{rows['true_false'].pk}": "false",
            f"q{rows['multiple'].pk}": [choice(bank["multiple"], "Press"), choice(bank["multiple"], "Knead")],
            f"q{rows['short'].pk}": "Soak first"}
    client.post(response.url, data)
    attempt.refresh_from_db()
    assert attempt.state == "awaiting" and attempt.entered_by == world.technician

    again = client.post(response.url, data, follow=True).content.decode()
    assert "already submitted" in again
    assert Attempt.objects.filter(person=world.technician).count() == 1


def test_the_trainer_enters_a_persons_answers_and_marks_the_short_answer(client_as, world, quiz, bank):
    client = client_as(world.tech_manager)
    response = client.post(reverse("training:attempt_start", args=[quiz.pk]), {"person": world.technician.pk})
    attempt = Attempt.objects.get(person=world.technician)
    rows = answer_ids(attempt)
    client.post(response.url, {f"q{rows['true_false'].pk}": "false", f"q{rows['short'].pk}": "Soak"})
    attempt.refresh_from_db()
    assert attempt.entered_by == world.tech_manager

    bad = client.post(reverse("training:attempt_mark", args=[attempt.pk]), {f"a{rows['short'].pk}": "9"})
    assert "Give from 0 to 2 points." in bad.content.decode()
    client.post(reverse("training:attempt_mark", args=[attempt.pk]), {f"a{rows['short'].pk}": "2"})
    attempt.refresh_from_db()
    assert (attempt.state, attempt.score) == ("marked", Decimal("50.0"))  # 1 + 2 of 6


def test_a_technician_cannot_start_a_quiz_for_someone_else(client_as, world, quiz):
    response = client_as(world.technician).post(reverse("training:attempt_start", args=[quiz.pk]),
                                                 {"person": world.technician_a2.pk})
    assert response.status_code == 403
    assert not Attempt.objects.exists()


def test_an_empty_bank_says_so(client_as, world):
    quiz = f.quiz(f.plan(world.club1, world.tech_manager, topic="sales"))
    response = client_as(world.technician).post(reverse("training:attempt_start", args=[quiz.pk]), follow=True)
    assert "question bank of this topic is empty" in response.content.decode()
