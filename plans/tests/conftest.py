"""Plans' own fixtures on top of the ``world`` personas: English pages, and plans to work on."""

import datetime
from decimal import Decimal

import pytest

from plans import services
from plans.models import Period, Plan, Target


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def make_plan(author, *, department="own", period=Period.QUARTER, start=datetime.date(2026, 10, 1),
              end=datetime.date(2026, 12, 31), title="Q4 plan", targets=(), parent=None):
    plan = Plan(club=author.club, department=author.department if department == "own" else department,
                period=period, starts_on=start, ends_on=end, title=title, goals="Grow", parent=parent)
    rows = [Target(metric=metric, value=Decimal(value), **part) for metric, value, part in targets]
    return services.save_plan(plan, rows, author=author)


@pytest.fixture
def marketing_plan(world):
    """The marketing director's fourth-quarter draft: 300 complaints at most... and an attendance rate."""
    return make_plan(world.marketing, targets=[
        ("late_arrivals", "30", {}),
        ("late_arrivals", "10", {"month": datetime.date(2026, 10, 1)}),
        ("late_arrivals", "10", {"month": datetime.date(2026, 11, 1)}),
        ("late_arrivals", "10", {"month": datetime.date(2026, 12, 1)}),
        ("attendance_rate", "95", {}),
    ])
