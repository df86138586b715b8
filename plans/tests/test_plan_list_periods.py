"""On a phone a year of plans is long: the club's plans are grouped by quarter and month, the current ones open
and the earlier ones folded (``<details>``, no script), the year's plans above them."""

import datetime
import re

import pytest

from plans.models import Period

from .conftest import make_plan

pytestmark = pytest.mark.clock("2026-11-20T15:00:00+08:00")

D = datetime.date


@pytest.fixture
def year_of_plans(world):
    manager = world.store_manager
    make_plan(manager, department=None, period=Period.YEAR, start=D(2026, 1, 1), end=D(2026, 12, 31),
              title="The year 2026")
    for start, end, period, title in [
        (D(2026, 7, 1), D(2026, 9, 30), Period.QUARTER, "Third quarter"),
        (D(2026, 10, 1), D(2026, 12, 31), Period.QUARTER, "Fourth quarter"),
        (D(2026, 1, 1), D(2026, 1, 31), Period.MONTH, "January plan"),
        (D(2026, 10, 1), D(2026, 10, 31), Period.MONTH, "October plan"),
        (D(2026, 11, 1), D(2026, 11, 30), Period.MONTH, "November plan"),
        (D(2026, 11, 11), D(2026, 11, 13), Period.PROMOTION, "Singles' Day campaign"),
        (D(2026, 12, 1), D(2026, 12, 31), Period.MONTH, "December plan"),
    ]:
        make_plan(manager, department=None, period=period, start=start, end=end, title=title)


def groups(html):
    """{data-testid: (open, text)} of every folded group on the page."""
    found = {}
    for match in re.finditer(r'<details[^>]*data-testid="(plans-[^"]+)"([^>]*)>', html):
        found[match.group(1)] = "open" in match.group(2).split()
    return found


def section(html, testid):
    start = html.find(f'data-testid="{testid}"')
    depth, i = 1, html.find(">", start)
    while depth:  # to this <details>'s own closing tag
        opening, closing = html.find("<details", i + 1), html.find("</details>", i + 1)
        if opening != -1 and opening < closing:
            depth, i = depth + 1, opening
        else:
            depth, i = depth - 1, closing
    return html[start:i]


def test_the_current_quarter_and_month_are_open_and_earlier_ones_folded(world, year_of_plans, client_as):
    page = client_as(world.store_manager).get("/plans/")
    assert page.status_code == 200
    html = page.content.decode()
    assert groups(html) == {
        "plans-quarter-4": True, "plans-month-2026-12": True, "plans-month-2026-11": True,
        "plans-month-2026-10": False,
        "plans-quarter-3": False,
        "plans-quarter-1": False, "plans-month-2026-01": False,
    }
    club = html[html.find('data-testid="plans-club"'):]
    club = club[:club.find("</section>")]
    assert "The year 2026" in club[club.find('data-testid="plans-year"'):club.find("<details")]
    fourth = section(club, "plans-quarter-4")
    assert "Fourth quarter" in fourth and "Third quarter" not in fourth
    november = section(club, "plans-month-2026-11")
    assert "November plan" in november and "Singles&#x27; Day campaign" in november and "October plan" not in november
    assert "Quarter 4" in fourth and 'class="badge text-bg-light">5<' in fourth  # its plan and four months' plans
    assert "November 2026" in november
    assert "<script" not in club


def test_a_past_year_is_folded_and_an_empty_one_says_so(world, year_of_plans, client_as):
    client = client_as(world.store_manager)
    html = client.get("/plans/", {"year": 2027}).content.decode()
    assert "No plans for this year that you may read." in html and "<details" not in html
    make_plan(world.store_manager, department=None, period=Period.MONTH, start=D(2025, 3, 1), end=D(2025, 3, 31),
              title="March 2025")
    html = client.get("/plans/", {"year": 2025}).content.decode()
    assert groups(html) == {"plans-quarter-1": False, "plans-month-2025-03": False}
    assert "March 2025" in html
