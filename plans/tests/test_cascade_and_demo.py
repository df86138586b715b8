"""Plans cascade: the parts of a target (its months, teams, people, and the plans below) are added up against
the whole on the plan's page, with a warning when they differ. The demo year, and the pages' query counts."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from plans import demo
from plans.models import Period, Plan, Status, Target
from plans.progress import plan_progress

from .conftest import make_plan

pytestmark = pytest.mark.clock("2026-11-20T15:00:00+08:00")
TODAY = datetime.date(2026, 11, 20)


def _group(line, kind):
    return next(g for g in line.groups if g.kind == kind)


def test_the_parts_of_a_target_add_up_against_the_whole(world):
    year = make_plan(world.dept_manager, period=Period.YEAR, start=datetime.date(2026, 1, 1),
                     end=datetime.date(2026, 12, 31), title="Year", targets=[
                         ("late_arrivals", "120", {}), ("grooming_pass_rate", "95", {})])
    make_plan(world.dept_manager, title="Q3", start=datetime.date(2026, 7, 1), end=datetime.date(2026, 9, 30),
              parent=year, targets=[("late_arrivals", "30", {})])
    make_plan(world.dept_manager, title="Q4", parent=year, targets=[
        ("late_arrivals", "30", {}), ("late_arrivals", "12", {"month": datetime.date(2026, 10, 1)}),
        ("late_arrivals", "9", {"month": datetime.date(2026, 11, 1)}),
        ("late_arrivals", "9", {"month": datetime.date(2026, 12, 1)}),
        ("late_arrivals", "20", {"team": world.team_a}), ("late_arrivals", "6", {"team": world.team_b}),
        ("grooming_pass_rate", "96", {}), ("grooming_pass_rate", "98", {"team": world.team_a}),
    ])
    lines, elapsed = plan_progress(year, TODAY)
    late = next(line for line in lines if line.metric.key == "late_arrivals")
    below = _group(late, "child")
    assert [p.label for p in below.parts] == ["Q3", "Q4"]
    assert (below.total, below.differs) == (Decimal(60), True)  # two quarters of four: 60 of 120

    q4 = Plan.objects.get(title="Q4")
    lines, elapsed = plan_progress(q4, TODAY)
    late = next(line for line in lines if line.metric.key == "late_arrivals")
    assert (_group(late, "month").total, _group(late, "month").differs) == (Decimal(30), False)
    assert (_group(late, "team").total, _group(late, "team").differs) == (Decimal(26), True)
    grooming = next(line for line in lines if line.metric.key == "grooming_pass_rate")
    assert not _group(grooming, "team").differs  # rates do not add up: no sum to compare
    assert elapsed == Decimal("55.4")  # 51 of 92 days


def test_the_plan_page_warns_when_the_parts_differ(client, world):
    plan = make_plan(world.marketing, targets=[
        ("customers_served" if False else "meetings_held", "90", {}),
        ("meetings_held", "30", {"month": datetime.date(2026, 10, 1)}),
        ("meetings_held", "30", {"month": datetime.date(2026, 11, 1)}),
        ("meetings_held", "20", {"month": datetime.date(2026, 12, 1)}),
    ])
    client.force_login(world.marketing.user)
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "The parts add up to 80, not the whole target of 90." in page
    Target.objects.filter(plan=plan, month=datetime.date(2026, 12, 1)).update(value=30)
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "The parts add up to the whole target of 90." in page and "not the whole target" not in page


def test_the_demo_year_of_plans(world):
    assert demo.seed(world.club1, today=TODAY) == 4 * 17  # four authors: a year, four quarters, twelve months
    assert demo.seed(world.club1, today=TODAY) == 0  # idempotent
    assert not Plan.objects.filter(club=world.club2).exists()
    december = Plan.objects.filter(club=world.club1, period=Period.MONTH, starts_on=datetime.date(2026, 12, 1))
    assert set(december.values_list("status", flat=True)) == {Status.SUBMITTED}
    assert set(Plan.objects.filter(club=world.club1, starts_on__lte=TODAY).values_list("status", flat=True)) == {
        Status.APPROVED}
    massage_year = Plan.objects.get(club=world.club1, period=Period.YEAR, department__kind="massage")
    assert massage_year.approver == world.store_manager
    lines, _elapsed = plan_progress(massage_year, TODAY)
    late = next(line for line in lines if line.metric.key == "late_arrivals")
    assert (_group(late, "child").total, _group(late, "child").differs) == (Decimal(120), False)
    quarter = Plan.objects.get(club=world.club1, period=Period.QUARTER, department__kind="massage",
                               starts_on=datetime.date(2026, 10, 1))
    lines, _elapsed = plan_progress(quarter, TODAY)
    assert all(not group.differs for line in lines for group in line.groups)


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_plan_pages_take_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    demo.seed(world.club1, today=TODAY)
    client.force_login(world.store_manager.user)
    plan = Plan.objects.get(club=world.club1, period=Period.MONTH, department__kind="massage",
                            starts_on=datetime.date(2026, 11, 1))
    with django_assert_max_num_queries(30):
        assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(reverse("plans:list")).status_code == 200
    # a few targets or many, split per team and person: the same number of queries
    few = make_plan(world.store_manager, department=None, targets=[
        ("late_arrivals", "3", {}), ("late_arrivals", "1", {"team": world.team_a}),
        ("late_arrivals", "1", {"person": world.technician})])
    many = make_plan(world.store_manager, department=None, title="Many", targets=[
        ("late_arrivals", "3", {}), ("late_arrivals", "1", {"team": world.team_a}),
        ("late_arrivals", "1", {"team": world.team_b}), ("late_arrivals", "1", {"person": world.technician}),
        ("late_arrivals", "1", {"person": world.technician_b}), ("absences", "2", {}),
        ("absences", "1", {"person": world.technician_a2}), ("attendance_rate", "95", {"team": world.team_b}),
    ])
    for name in ("plans:detail", "plans:edit"):
        assert _queries(client, reverse(name, args=[few.pk])) == _queries(client, reverse(name, args=[many.pk]))
