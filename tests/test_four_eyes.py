"""Four eyes: nobody approves or rejects a reward or penalty about themselves, signs off their own
checklist, marks or scores their own assessment, judges themselves or acknowledges their own report.

Each path is tried where a request lands (a POST) and, where a page could be bypassed, at the
service as well; the record stays as it was.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation

from duties import services as duties_services
from meetings.models import Kind, Meeting, Report
from meetings.services import MeetingError, report_review
from meetings.tests.factories import make_series
from staff.models import Department
from training import assessments, competitions
from training.models import Attempt, AttemptAnswer, RewardPenalty, TrainingPlan
from training.tests import factories as f


def test_nobody_decides_a_reward_or_penalty_about_themselves(client_as, world):
    record = RewardPenalty.objects.create(club=world.club1, person=world.store_manager, date=datetime.date(2026, 1, 5),
                                          kind="reward", category="sales", reason="Best month", amount=500,
                                          proposed_by=world.owner)

    response = client_as(world.store_manager).post(reverse("training:reward_decide", args=[record.pk]),
                                                    {"decision": "approve"})

    assert response.status_code == 403
    record.refresh_from_db()
    assert record.status == "proposed" and record.decided_by is None


def test_the_service_refuses_a_decision_about_oneself_too(world):
    from training.services import TrainingRefused, reward_decide

    record = RewardPenalty.objects.create(club=world.club1, person=world.store_manager, date=datetime.date(2026, 1, 5),
                                          kind="reward", category="sales", reason="Best month", amount=500,
                                          proposed_by=world.owner)
    with pytest.raises(TrainingRefused):
        reward_decide(record=record, by=world.store_manager, approve=True)
    record.refresh_from_db()
    assert record.status == "proposed"


def test_the_owner_still_decides_the_store_managers_reward(client_as, world):
    record = RewardPenalty.objects.create(club=world.club1, person=world.store_manager, date=datetime.date(2026, 1, 5),
                                          kind="reward", category="sales", reason="Best month", amount=500,
                                          proposed_by=world.owner)
    client_as(world.owner).post(reverse("training:reward_decide", args=[record.pk]), {"decision": "approve"})
    record.refresh_from_db()
    assert record.status == "approved" and record.decided_by == world.owner


def test_nobody_signs_off_their_own_checklist(client_as, world):
    response = client_as(world.supervisor_a).post(reverse("duties:checklist_detail", args=[world.checklist_a.pk]),
                                                  {"comment": "All done"})

    assert response.status_code == 403
    world.checklist_a.refresh_from_db()
    assert world.checklist_a.signed_off_at is None
    with pytest.raises(PermissionDenied):
        duties_services.checklist_sign_off(checklist=world.checklist_a, by=world.supervisor_a, comment="All done")
    world.checklist_a.refresh_from_db()
    assert world.checklist_a.signed_off_at is None


@pytest.fixture
def own_plan(world):
    """A plan for the whole health-care department, run by the technical manager, who is in it."""
    care = world.tech_manager.department
    return TrainingPlan.objects.create(
        club=world.club1, title="Care basics", topic="technique", department=care, position="", goals="Safety",
        owner=world.tech_manager, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2027, 12, 31),
    )


def test_nobody_marks_their_own_quiz(client_as, world, own_plan):
    quiz = f.quiz(own_plan, question_count=1)
    question = f.question(world.club1, "short", "Explain the pressure points.", points=2)
    attempt = Attempt.objects.create(assessment=quiz, person=world.tech_manager, number=1,
                                     state=Attempt.State.AWAITING_MARKING, submitted_at=timezone.now())
    answer = AttemptAnswer.objects.create(attempt=attempt, question=question, max_points=2, answer_text="All of them")

    response = client_as(world.tech_manager).post(reverse("training:attempt_mark", args=[attempt.pk]),
                                                  {f"a{answer.pk}": "2"})

    assert response.status_code == 403
    with pytest.raises(assessments.AssessmentRefused):
        assessments.quiz_mark(attempt=attempt, points={answer.pk: Decimal(2)}, by=world.tech_manager)
    answer.refresh_from_db()
    attempt.refresh_from_db()
    assert answer.points is None and attempt.state == Attempt.State.AWAITING_MARKING


def test_nobody_scores_their_own_hands_on_assessment(client_as, world, own_plan):
    handson = f.handson(own_plan)
    criteria = list(handson.criteria.all())
    body = {f"s{c.pk}": "10" for c in criteria}
    url = f"{reverse('training:handson_score', args=[handson.pk])}?person={world.tech_manager.pk}"

    response = client_as(world.tech_manager).post(url, body)

    assert response.status_code == 403
    with pytest.raises(assessments.AssessmentRefused):
        assessments.handson_score(assessment=handson, person=world.tech_manager, assessor=world.tech_manager,
                                  scores={c.pk: Decimal(10) for c in criteria})
    assert not Attempt.objects.exists()


def test_a_judge_does_not_score_themselves(world):
    contest = f.competition(world.club1, [world.tech_manager], [world.tech_manager, world.technician])
    entries = list(contest.entries.select_related("person", "person__team"))

    with translation.override("en"):
        problems = competitions.scoring_problems(judge=world.tech_manager, entries=entries, forbidden_clubs=set())
        own = next(e for e in entries if e.person_id == world.tech_manager.pk)
        assert set(problems) == {own.pk}
        assert "Nobody scores themselves" in str(problems[own.pk])


def test_nobody_acknowledges_their_own_report(world):
    massage = Department.objects.get(club=world.club1, kind="massage")
    series = make_series(world.club1, massage, world.store_manager, kind=Kind.MONTH_END)
    meeting = Meeting.objects.create(series=series, club=world.club1, department=massage, title="Month end",
                                     kind=Kind.MONTH_END, starts_at=timezone.now(), chair=world.store_manager)
    report = Report.objects.create(meeting=meeting, club=world.club1, department=massage,
                                   period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 1, 31),
                                   author=world.owner, to=world.owner, status=Report.Status.SUBMITTED)

    with pytest.raises(MeetingError):
        report_review(report=report, by=world.owner, acknowledge=True, comment="")
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
