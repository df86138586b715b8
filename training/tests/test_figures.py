"""The figures other modules read: per club, and per department for the meetings' summary reports."""

import datetime
from decimal import Decimal

import pytest

from staff.models import Department
from training import competitions, levels, selectors
from training.models import Attempt, RewardPenalty
from training.tests import factories as f

MARCH, END = datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)


def result(assessment, person, score, passed, day):
    last = Attempt.objects.filter(assessment=assessment, person=person).count()
    return Attempt.objects.create(assessment=assessment, person=person, number=last + 1, state="marked",
                                  score=Decimal(score), passed=passed, finished_on=day)


@pytest.fixture
def march(world):
    plan = f.plan(world.club1, world.tech_manager, topic="technique")
    held = f.session(plan, world.tech_manager, [world.technician, world.technician_a2, world.technician_b],
                     date=datetime.date(2026, 3, 10), status="held")
    for row, status in zip(held.attendance.order_by("person__name"), ["present", "late", "absent"]):
        row.status = status
        row.save()
    f.session(plan, world.tech_manager, [world.technician], date=datetime.date(2026, 3, 20))  # not held yet
    f.session(plan, world.tech_manager, [world.technician], date=datetime.date(2026, 4, 2), status="held")
    marketing = Department.objects.get(club=world.club1, kind="marketing")
    sales = f.plan(world.club1, world.marketing, topic="sales", position="customer_manager")
    sales.department = marketing
    sales.save()
    shop = f.session(sales, world.marketing, [world.customer_manager], date=datetime.date(2026, 3, 12), status="held")
    shop.attendance.update(status="present")

    handson = f.handson(plan)
    result(handson, world.technician, "80.0", True, datetime.date(2026, 3, 11))
    result(handson, world.technician_a2, "50.0", False, datetime.date(2026, 3, 11))
    result(handson, world.technician_b, "90.0", True, datetime.date(2026, 2, 27))  # February
    levels.level_change(person=world.technician, level="intermediate", kind="promotion", by=world.tech_manager,
                        on=datetime.date(2026, 3, 12))
    levels.level_change(person=world.technician_a2, level="junior", kind="manual", by=None,
                        on=datetime.date(2026, 3, 12))

    contest = f.competition(world.club1, [world.tech_manager], [world.technician, world.technician_a2],
                            held_on=datetime.date(2026, 3, 25))
    technique, script = contest.criteria.all()
    entries = {e.person_id: e.pk for e in contest.entries.all()}
    competitions.scores_save(competition=contest, round=contest.rounds.get(), judge=world.tech_manager, scores={
        (entries[world.technician.pk], technique.pk): Decimal(6), (entries[world.technician.pk], script.pk): Decimal(6),
        (entries[world.technician_a2.pk], technique.pk): Decimal(9),
        (entries[world.technician_a2.pk], script.pk): Decimal(9),
    })
    competitions.competition_finish(competition=contest, by=world.tech_manager)

    for kind, points, amount, status in (("reward", 10, "100", "approved"), ("penalty", 3, "30", "approved"),
                                         ("reward", 50, "500", "proposed")):
        RewardPenalty.objects.create(club=world.club1, person=world.technician, date=datetime.date(2026, 3, 5),
                                     kind=kind, category="other", reason="x", points=points, amount=Decimal(amount),
                                     status=status, proposed_by=world.store_manager)
    return plan


def test_training_figures_per_club(world, march):
    figures = selectors.training_figures(club_ids=[world.club1.pk, world.club2.pk], start=MARCH, end=END)
    one, two = figures[world.club1.pk], figures[world.club2.pk]
    assert (one["sessions_held"], one["present"], one["late"], one["absent"]) == (2, 2, 1, 1)
    assert one["attendance_rate"] == 75.0
    assert (one["assessments_taken"], one["assessments_passed"], one["pass_rate"]) == (2, 1, 50.0)
    assert one["by_topic"]["technique"]["pass_rate"] == 50.0
    assert (one["levels_gained"], one["levels_gained_by_level"]) == (1, {"intermediate": 1})
    (winner,) = one["competition_winners"]
    assert winner["winners"] == ["Tech A2"] and winner["held_on"] == datetime.date(2026, 3, 25)
    assert (one["rewards"], one["reward_points"], one["reward_amount"]) == (1, 10, Decimal("100"))
    assert (one["penalties"], one["penalty_points"], one["penalty_amount"]) == (1, 3, Decimal("30"))
    assert (two["sessions_held"], two["attendance_rate"], two["pass_rate"], two["competition_winners"]) == (
        0, None, None, [])


def test_every_club_when_no_ids_are_given(world, march):
    assert set(selectors.training_figures(club_ids=None, start=MARCH, end=END)) == {world.club1.pk, world.club2.pk}


def test_department_figures_for_the_meetings_module(world, march):
    massage = selectors.department_figures(club=world.club1, department_kind="massage", start=MARCH, end=END)
    assert massage == {"sessions_held": 1, "attendance_rate": 66.7, "assessments_taken": 2, "pass_rate": 50.0}
    marketing = selectors.department_figures(club=world.club1, department_kind="marketing", start=MARCH, end=END)
    assert marketing == {"sessions_held": 1, "attendance_rate": 100.0, "assessments_taken": 0, "pass_rate": None}
    nothing = selectors.department_figures(club=world.club2, department_kind="massage", start=MARCH, end=END)
    assert nothing == {"sessions_held": 0, "attendance_rate": None, "assessments_taken": 0, "pass_rate": None}


def test_the_end_day_is_included(world, march):
    april = selectors.department_figures(club=world.club1, department_kind="massage",
                                         start=datetime.date(2026, 4, 2), end=datetime.date(2026, 4, 2))
    assert april["sessions_held"] == 1


def test_one_persons_figures_month_by_month(world, march):
    months = selectors.person_training_figures(person=world.technician, start=datetime.date(2026, 2, 1),
                                               end=datetime.date(2026, 4, 30))
    assert list(months) == ["2026-03", "2026-04"]
    m = months["2026-03"]
    assert (m["sessions_attended"], m["assessments_taken"], m["assessments_passed"], m["average_score"]) == (
        1, 1, 1, 80.0)
    assert m["levels_gained"] == ["intermediate"]
    assert m["competitions"] == [{"competition": "技術手法大PK", "place": 2, "total": Decimal("60.00")}]
    assert (m["reward_points"], m["penalty_points"]) == (10, 3)
