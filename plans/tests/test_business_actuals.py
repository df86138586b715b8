"""Business figures as actuals: revenue is the club's, services (鐘數) per technician, their team and the club,
read through ``business.selectors`` over the plan's period — and shown on the plan page as money."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from business.models import ClubDay, Entry, TechnicianDay
from plans import metrics
from plans.metrics import Measure

from .conftest import make_plan

pytestmark = pytest.mark.clock("2026-11-20T15:00:00+08:00")


@pytest.fixture
def figures(world):
    """2 Nov: revenue ¥12,000, A1 6 services (2 requested), B1 4; 3 Nov: revenue ¥8,500, A2 5; 31 Oct: ¥99,999."""
    entry = Entry.objects.create(club=world.club1, source="form", by=world.store_manager)
    for date, revenue, people in (
        (datetime.date(2026, 11, 2), "12000", [(world.technician, 6, 2), (world.technician_b, 4, 0)]),
        (datetime.date(2026, 11, 3), "8500", [(world.technician_a2, 5, 1)]),
        (datetime.date(2026, 10, 31), "99999", [(world.technician, 9, 9)]),
    ):
        day = ClubDay.objects.create(club=world.club1, date=date, revenue=Decimal(revenue), entry=entry)
        for person, services, requested in people:
            TechnicianDay.objects.create(day=day, club=world.club1, date=date, person=person,
                                         services=services, requested_services=requested, entry=entry)
    return world


def test_business_metrics_measure_the_period(figures):
    w = figures
    m = Measure(w.club1, datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    assert m.actual("revenue") == Decimal("20500")
    assert m.actual("services") == 15
    assert m.actual("services", team=w.team_a) == 11
    assert m.actual("services", person=w.technician_b) == 4
    assert m.actual("requested_services", person=w.technician) == 2
    assert m.actual("services", person=w.technician_2) == 0
    assert metrics.METRICS["services"].measured_for(metrics.PERSON)
    assert not metrics.METRICS["revenue"].measured_for(metrics.TEAM)
    assert metrics.format_value(metrics.METRICS["revenue"], Decimal("20500")) == "¥20,500"


def test_the_plan_page_shows_money_against_the_target(client, figures):
    w = figures
    plan = make_plan(w.store_manager, department=None, period="month", start=datetime.date(2026, 11, 1),
                     end=datetime.date(2026, 11, 30), title="November club", targets=[
                         ("revenue", "41000", {}), ("services", "30", {}), ("services", "20", {"team": w.team_a}),
                         ("services", "10", {"team": w.team_b})])
    client.force_login(w.store_manager.user)
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "¥41,000" in page and "¥20,500" in page
    assert "50.0 % of the target at 66.7 % of the month" in page  # revenue: behind the month's pace
    assert "The parts add up to the whole target of 30." in page
