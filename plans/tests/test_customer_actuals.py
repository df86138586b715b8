"""The customer file's marketing figures as actuals: new members, follow-ups, event attendance and VIP visits
counted from the customers' records over the plan's period, for the club and a marketing person."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from customers import services as customer_services
from customers.tests.factories import CustomerFactory, EventFactory
from plans import metrics
from plans.metrics import Measure

from .conftest import make_plan

pytestmark = pytest.mark.clock("2026-11-20T15:00:00+08:00")


@pytest.fixture
def records(world):
    """November: three new members (two the customer manager's, one with no manager), one joined in October;
    two follow-ups by the customer manager (one a VIP visit), an event with 14 attending."""
    for day, manager in ((2, world.customer_manager), (9, world.customer_manager), (10, None)):
        CustomerFactory(club=world.club1, manager=manager, joined_on=datetime.date(2026, 11, day))
    vip = CustomerFactory(club=world.club1, level="vip", manager=world.customer_manager,
                          joined_on=datetime.date(2026, 10, 20))
    CustomerFactory(club=world.club2, joined_on=datetime.date(2026, 11, 3))
    for day, kind in ((4, "visit"), (12, "call")):
        customer_services.log_contact(vip, by=world.customer_manager, fields={
            "date": datetime.date(2026, 11, day), "kind": kind, "outcome": "", "next_step": "", "next_due": None})
    EventFactory(club=world.club1, owner=world.marketing, date=datetime.date(2026, 11, 15), attended=14)
    return world


def test_the_marketing_figures_are_metrics_measured_from_the_customer_file(records):
    w = records
    new_members = metrics.METRICS["customers_new_members"]
    assert new_members.unit == "count" and new_members.measured_for(metrics.PERSON)
    assert not new_members.measured_for(metrics.TEAM)
    assert metrics.METRICS["customers_overdue"].lower_is_better
    keys = dict(metrics.choices())
    for key in ("customers_new_members", "customers_follow_ups", "customers_event_attendance",
                "customers_vip_visits", "customers_active_members"):
        assert key in keys
    m = Measure(w.club1, datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    assert m.actual("customers_new_members") == 3
    assert m.actual("customers_new_members", person=w.customer_manager) == 2
    assert m.actual("customers_follow_ups", person=w.customer_manager) == 2
    assert m.actual("customers_vip_visits") == 1
    assert m.actual("customers_event_attendance") == 14
    assert m.actual("customers_event_attendance", person=w.marketing) == 14
    assert m.actual("customers_follow_ups", person=w.marketing) == Decimal(0)
    assert Measure(w.club2, datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)).actual(
        "customers_new_members") == 1


def test_a_month_plan_with_a_new_members_target_shows_the_actual_from_the_customers(client, records):
    w = records
    client.force_login(w.marketing.user)
    form = client.get(reverse("plans:add")).content.decode()
    plan = make_plan(w.marketing, period="month", start=datetime.date(2026, 11, 1),
                     end=datetime.date(2026, 11, 30), title="November marketing", targets=[
                         ("customers_new_members", "6", {}),
                         ("customers_new_members", "4", {"person": w.customer_manager}),
                         ("customers_follow_ups", "20", {})])
    edit = client.get(reverse("plans:edit", args=[plan.pk])).content.decode()
    assert "Customers · New members" in edit and "Customers · VIP visits" in edit
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Customers · New members" in page and "Customers · Follow-ups made" in page
    assert "50.0 % of the target at 66.7 % of the month" in page  # 3 of 6 new members
    assert "10.0 % of the target" in page  # 2 of 20 follow-ups
    assert form
