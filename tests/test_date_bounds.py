"""No address, query string or month in an address answers 500 for a date outside 2000 … 2100.

Every GET of the access matrix (tests/test_access_matrix.py) is opened by the owner and a
supervisor with ``date``, ``month``, ``week`` and ``year`` set to dates at and beyond the bounds;
every month in an address is replaced by such a month. The answer is the page with a message,
or a 4xx — never a 500 (the test client raises the view's exception).
"""

import re

import pytest

# the matrix's objects to open (its autouse fixtures) and its list of GETs
from tests.test_access_matrix import (  # noqa: F401
    app_objects,
    floor_objects,
    gets,
    left_with_login,
    meeting_objects,
    report_objects,
    training_objects,
)

pytestmark = pytest.mark.timeless  # the dates it sends are its own, not the clock's: a --clock replay leaves it out

BAD = [
    # (date, month, year)
    ("0001-01-01", "0001-01", "1"),
    ("1999-12-31", "1999-12", "1999"),
    ("2101-01-01", "2101-01", "2101"),
    ("9999-12-31", "9999-12", "9999"),
    ("10000-01-01", "10000-01", "10000"),
]
MONTH_IN_PATH = re.compile(r"/(\d{4}-\d{2})/")


@pytest.mark.clock("2026-11-20T10:00:00+08:00")
@pytest.mark.parametrize("persona", ["owner", "supervisor_a"])
def test_no_page_fails_on_a_date_out_of_bounds(client, world, persona):
    client.force_login(getattr(world, persona).user)
    failures, opened = [], 0
    for label, url, statuses in gets(world):
        if statuses.get(persona) != 200 or "format=" in url:
            continue
        for day, month, year in BAD:
            joiner = "&" if "?" in url else "?"
            targets = [f"{url}{joiner}date={day}&month={month}&week={day}&year={year}"]
            if MONTH_IN_PATH.search(url):
                targets.append(MONTH_IN_PATH.sub(f"/{month}/", url, count=1))
            for target in targets:
                response = client.get(target)
                opened += 1
                if response.status_code >= 500:
                    failures.append(f"{label}: {target} → {response.status_code}")
    assert opened > 100
    assert failures == []


@pytest.mark.clock("2026-11-20T10:00:00+08:00")
def test_a_date_out_of_bounds_says_so_and_shows_today(client, world):
    client.force_login(world.supervisor_a.user)
    response = client.get("/attendance/team/", {"date": "9999-12-31"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert response.status_code == 200
    assert "“9999-12-31” is not a date; showing today." in response.content.decode()


@pytest.mark.clock("2026-11-20T10:00:00+08:00")
def test_a_report_month_out_of_bounds_is_not_found(client, world):
    client.force_login(world.owner.user)
    for month in ("0001-01", "1999-12", "2101-01", "9999-12"):
        assert client.get(f"/reports/monthly/{month}/").status_code == 404
