"""The question bank: each kind checked as it is written; retired questions are not drawn."""

from django.urls import reverse

from staff.models import Department
from training import assessments
from training.models import Question
from training.tests import factories as f


def post(client, url=None, **fields):
    massage = Department.objects.get(club__code="one", kind="massage")  # the bank is a department's
    data = {"department": massage.pk, "topic": "theory", "kind": "single", "text": "Where is the kidney reflex?",
            "points": "1", "is_active": "on", **fields}
    return client.post(url or reverse("training:question_add"), data)


def test_a_single_choice_question_needs_exactly_one_right_answer(client_as, world):
    client = client_as(world.tech_manager)
    page = post(client, ch0_text="Sole", ch0_correct="on", ch1_text="Heel", ch1_correct="on").content.decode()
    assert "Tick exactly one correct answer." in page and 'value="Heel"' in page
    post(client, ch0_text="Sole", ch0_correct="on", ch1_text="Heel")
    question = Question.objects.get()
    assert question.club == world.club1 and question.created_by == world.tech_manager
    assert [(c.text, c.is_correct) for c in question.choices.all()] == [("Sole", True), ("Heel", False)]


def test_true_or_false_must_be_said(client_as, world):
    client = client_as(world.marketing)
    own = Department.objects.get(club=world.club1, kind="marketing").pk  # the marketing director's own bank
    page = post(client, kind="true_false", text="Smile at the door.", department=own).content.decode()
    assert "Say whether the statement is true or false." in page
    post(client, kind="true_false", text="Smile at the door.", answer_true="true", department=own)
    assert Question.objects.get().answer_true is True


def test_editing_replaces_the_answers_and_a_retired_question_is_not_drawn(client_as, world):
    question = f.question(world.club1, "multiple", "Techniques?", topic="theory",
                          choices=[("Press", True), ("Jump", False)])
    client = client_as(world.tech_manager)
    url = reverse("training:question_edit", args=[question.pk])
    assert 'value="Jump"' in client.get(url).content.decode()
    post(client, url, kind="multiple", text="Techniques?", ch0_text="Press", ch0_correct="on", ch1_text="Knead",
         ch1_correct="on", is_active="")
    question.refresh_from_db()
    assert [c.text for c in question.choices.all()] == ["Press", "Knead"] and not question.is_active
    quiz = f.quiz(f.plan(world.club1, world.tech_manager, topic="theory"))
    f.question(world.club1, "true_false", "Harder is better.", topic="theory", answer_true=False)
    attempt = assessments.quiz_start(assessment=quiz, person=world.technician, by=world.technician)
    assert [row.question.text for row in attempt.answers.all()] == ["Harder is better."]


def test_another_clubs_question_is_not_found(client_as, world):
    question = f.question(world.club2, "short", "Club two only")
    assert client_as(world.tech_manager).get(reverse("training:question_edit", args=[question.pk])).status_code == 404
