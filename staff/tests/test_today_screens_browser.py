"""Every role's Today in the demo chain, in simplified Chinese, at the size they use it: the supervisor and the
technician on a phone (375×812), everyone else at a desk (1280×800). Screenshots go to ``var/screens/today/``
(``<login>-phone.png`` / ``<login>-desk.png``) for a person to read. At a desk the panels flow in two columns,
on a phone in one; no page is wider than its screen.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from attendance.demo import seed_floor
from attendance.demo_floor_extras import seed as seed_floor_extras
from staff.demo import seed_demo
from staff.models import Club
from tests.browser import DESKTOP, PHONE, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.clock("2026-12-02T15:00:00+08:00")]

SCREENS = Path(settings.VAR_DIR) / "screens" / "today"
SLOW_MS = 30_000
PEOPLE = [("owner", DESKTOP), ("storemanager", DESKTOP), ("marketing", DESKTOP), ("caremanager", DESKTOP),
          ("techmanager", DESKTOP), ("deptmanager", DESKTOP), ("supervisor", PHONE), ("technician", PHONE)]


def columns(page):
    """The distinct left edges of the Today page's panels that do not span the page."""
    return page.evaluate("""() => [...new Set([...document.querySelectorAll('[data-testid=today-panels] > :not(.today-wide)')]
        .map(el => Math.round(el.getBoundingClientRect().left)))]""")


def test_each_roles_today_reads_well_at_its_size(browser, transactional_db, live_server):
    seed_demo()
    club = Club.objects.get(code="sh-jingan")
    today = timezone.localdate(timezone=club.zone)
    seed_floor(today=today, days=3)
    seed_floor_extras(club=club, today=today, days=3)
    SCREENS.mkdir(parents=True, exist_ok=True)
    for login, size in PEOPLE:
        context, page = sign_in(browser, live_server.url, login, timeout_ms=SLOW_MS, **size)
        name = f"{login}-{'phone' if size is PHONE else 'desk'}"
        page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= size["viewport"]["width"], name
        if size is PHONE:
            assert len(columns(page)) <= 1, name
        elif login == "storemanager":
            assert len(columns(page)) == 2, f"{name}: {columns(page)}"
        context.close()
