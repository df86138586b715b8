"""The calendar, a plan and a leaderboard take as many queries for many rows as for few."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PersonFactory
from training import assessments, competitions
from training.tests import factories as f

DAY = datetime.date(2026, 3, 2)


def count(client, url):
    client.get(url)  # warm caches (content types, translations) outside the measurement
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def more_technicians(world, n):
    return [PersonFactory(name=f"Extra {i}", club=world.club1, department=world.technician.department,
                          team=world.team_a) for i in range(n)]


def test_the_calendar(client_as, world):
    plan = f.plan(world.club1, world.tech_manager)
    f.session(plan, world.tech_manager, [world.technician], date=DAY)
    client = client_as(world.tech_manager)
    url = f"{reverse('training:calendar')}?month=2026-03"
    few = count(client, url)
    people = [world.technician, world.technician_a2, *more_technicians(world, 4)]
    for n in range(1, 10):
        other = f.plan(world.club1, world.dept_manager, title=f"Plan {n}", topic="theory")
        f.session(other, world.supervisor_a, people, date=DAY + datetime.timedelta(days=n), subject=f"Part {n}")
    many = count(client, url)
    print(f"calendar: {few} queries for 1 session, {many} for 10 sessions")
    assert many == few


def test_the_plan_page(client_as, world):
    plan = f.plan(world.club1, world.tech_manager)
    f.session(plan, world.tech_manager, [world.technician], date=DAY)
    quiz = f.quiz(plan)
    client = client_as(world.tech_manager)
    url = reverse("training:plan_detail", args=[plan.pk])
    few = count(client, url)
    people = [world.technician, world.technician_a2, world.technician_b, *more_technicians(world, 5)]
    for n in range(1, 6):
        f.session(plan, world.dept_manager, people, date=DAY + datetime.timedelta(days=n))
    f.question(world.club1, "true_false", "x", answer_true=True)
    for person in people[:4]:
        assessments.quiz_start(assessment=quiz, person=person, by=person)
    for n in range(3):
        handson = f.handson(plan, title=f"Hands-on {n}")
        for person in people:
            assessments.handson_score(assessment=handson, person=person, assessor=world.tech_manager,
                                      scores={c.pk: Decimal(7) for c in handson.criteria.all()})
    many = count(client, url)
    print(f"plan: {few} queries for 1 session, 1 assessment and 1 trainee; {many} for 6, 4 and 11")
    assert many == few


def test_the_leaderboard(client_as, world):
    entrants = [world.technician, world.technician_a2]
    contest = f.competition(world.club1, [world.tech_manager], entrants)
    client = client_as(world.store_manager)
    url = reverse("training:competition_detail", args=[contest.pk])
    few = count(client, url)

    people = [world.technician, world.technician_a2, world.technician_b, *more_technicians(world, 7)]
    big = f.competition(world.club1, [world.tech_manager, world.dept_manager, world.supervisor_b], people,
                        rounds=("R1", "R2", "R3"), criteria=(("A", 3, 10), ("B", 2, 10), ("C", 1, 10)))
    for judge in (world.tech_manager, world.dept_manager, world.supervisor_b):
        for rnd in big.rounds.all():
            competitions.scores_save(competition=big, round=rnd, judge=judge, scores={
                (e.pk, c.pk): Decimal(5 + (e.pk + c.pk) % 5) for e in big.entries.all() for c in big.criteria.all()
            })
    many = count(client, reverse("training:competition_detail", args=[big.pk]))
    print(f"leaderboard: {few} queries for 2 entrants and no scores; {many} for 10 entrants, 3 judges, 3 rounds")
    assert many == few
