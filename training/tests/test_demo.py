"""The demo training: three months of realistic records, and nothing twice."""

import datetime

from django.apps import apps

from staff.demo import seed_demo
from staff.models import Club
from training import demo, selectors
from training.models import Attempt, Competition, LevelAward, RewardPenalty, SessionAttendance, TrainingSession

TODAY = datetime.date(2026, 6, 15)


def counts():
    return {model.__name__: model.objects.count() for model in apps.get_app_config("training").get_models()}


def test_it_seeds_three_months_once(db):
    seed_demo(today=TODAY)
    for club in Club.objects.order_by("pk"):
        demo.seed(club=club, today=TODAY, days=90)
    first = counts()
    for club in Club.objects.order_by("pk"):
        assert demo.seed(club=club, today=TODAY, days=90) == 0
    assert counts() == first

    club = Club.objects.get(code="sh-jingan")
    held = TrainingSession.objects.filter(club=club, status="held")
    assert held.count() >= 20 and TrainingSession.objects.filter(club=club, status="scheduled").exists()
    assert not SessionAttendance.objects.filter(session__in=held, status="expected").exists()
    assert Attempt.objects.filter(assessment__club=club, assessment__kind="quiz", passed=False).exists()
    assert Attempt.objects.filter(assessment__club=club, assessment__kind="hands_on", passed=True).exists()
    assert Attempt.objects.filter(assessment__club=club, number=2).exists(), "some failed and retook"
    assert LevelAward.objects.filter(club=club, kind="promotion").exists()
    assert Competition.objects.filter(club=club, status="finished").count() == 1
    assert RewardPenalty.objects.filter(club=club, status="proposed").exists()

    figures = selectors.training_figures(club_ids=[club.pk], start=TODAY - datetime.timedelta(days=30), end=TODAY)
    month = figures[club.pk]
    assert month["sessions_held"] > 0 and month["attendance_rate"] > 80
    assert month["competition_winners"] and month["competition_winners"][0]["winners"]
