"""A department head's Today at a desk (1280×800, simplified Chinese): the technician department manager and
the technical manager follow each kind of item on their page to the place where it is done — a team not yet
recorded, a late and an absent technician, a failed grooming check, a talk due, the overdue checklist items of
the people they lead, today's meeting with its open action items, today's training session.

The clock is pinned on Wednesday 2 December 2026 at 15:00 in Shanghai: the day shift (10:00–18:00) has begun,
the 11:00 department meeting is over. Screenshots go to ``var/screens/today/``.
"""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from attendance.models import Attendance, GroomingCheck, GroomingFailure, GroomingItem, RosterEntry, Status
from staff.models import Role
from tests.browser import DESKTOP, sign_in
from tests.factories import PASSWORD

from .test_home import TODAY, YESTERDAY, _massage_daily, checklist_item, duty

pytestmark = [pytest.mark.browser, pytest.mark.clock("2026-12-02T15:00:00+08:00")]

SCREENS = Path(settings.VAR_DIR) / "screens" / "today"
SLOW_MS = 30_000


def zh(message, **values):
    with translation.override("zh-hans"):
        text = translation.gettext(message)
    return text % values if values else text


@pytest.fixture
def department_day(transactional_db, live_server, world):
    """Team A: Tech A1 late 25′ with nails failed, Tech A2 absent; team B not recorded yet; Tech B1 absent last
    month (a talk is due); supervisor_a's checklist item of yesterday still open; today's massage meeting with an
    open action item; a training session of the massage department this afternoon."""
    from meetings.models import ActionItem
    from training.tests import factories as tf

    for person in (world.technician, world.technician_a2, world.technician_b):
        RosterEntry.objects.create(person=person, date=TODAY, shift=world.shift_1)
    Attendance.objects.create(person=world.technician, club=world.club1, date=TODAY, status=Status.LATE,
                              late_minutes=25, shift=world.shift_1, recorded_by=world.supervisor_a)
    Attendance.objects.create(person=world.technician_a2, club=world.club1, date=TODAY, status=Status.ABSENT,
                              recorded_by=world.supervisor_a)
    check = GroomingCheck.objects.create(person=world.technician, date=TODAY, round=1, passed=False)
    GroomingFailure.objects.create(check_record=check, item=GroomingItem.objects.get(club=world.club1, key="nails"),
                                   note="指甲过长")
    Attendance.objects.create(person=world.technician_b, club=world.club1, date=datetime.date(2026, 11, 12),
                              status=Status.ABSENT)
    checklist_item(world.supervisor_a, duty(world.club1, Role.SUPERVISOR, "Check the area hygiene"), YESTERDAY)
    series, meeting = _massage_daily(world)
    ActionItem.objects.create(series=series, meeting=meeting, club=world.club1, what="Order more towels",
                              owner=world.supervisor_a, due=TODAY + datetime.timedelta(days=3))
    plan = tf.plan(world.club1, world.dept_manager)
    session = tf.session(plan, world.supervisor_a, [world.technician, world.technician_b], date=TODAY,
                         subject="Shoulder work", start="16:00", end="17:00")
    SCREENS.mkdir(parents=True, exist_ok=True)
    return {"url": live_server.url, "meeting": meeting, "session": session}


def follow(page, home, locator, lands_on, *, shows=""):
    """From the Today page, click ``locator`` (a function of the page): it opens ``lands_on``, showing ``shows``."""
    page.goto(home)
    link = locator(page)
    link.scroll_into_view_if_needed()
    assert link.is_visible()
    with page.expect_navigation(timeout=SLOW_MS):
        link.click()
    assert lands_on in page.url, f"{page.url} is not {lands_on}"
    if shows:
        assert shows in page.inner_text("main"), f"{shows!r} is not on {page.url}"
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_the_department_manager_follows_each_item_of_their_day_to_where_it_is_done(browser, department_day, world):
    url, home = department_day["url"], department_day["url"] + "/"
    ctx, page = sign_in(browser, url, "dept_manager", password=PASSWORD, timeout_ms=SLOW_MS, **DESKTOP)
    club = page.get_by_test_id("today-club")
    # What their day asks, at a glance.
    team_b = club.get_by_test_id("today-team").filter(has_text="Team B")
    assert team_b.get_attribute("data-missing") == "1"
    assert "25" in club.get_by_test_id("today-exception").filter(has_text="Tech A1").inner_text()
    assert "指甲过长" in club.get_by_test_id("today-grooming").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.screenshot(path=str(SCREENS / "dept-manager-desk.png"), full_page=True)
    team = f"/attendance/team/?team={world.team_b.pk}&date={TODAY.isoformat()}"

    follow(page, home, lambda p: p.get_by_test_id("today-team").filter(has_text="Team B"), team, shows="Tech B1")
    follow(page, home, lambda p: p.get_by_test_id("today-exception").filter(has_text="Tech A1"),
           f"#row-{world.technician.pk}")
    assert page.locator(f"#row-{world.technician.pk}").is_visible()
    follow(page, home, lambda p: p.get_by_test_id("today-exception").filter(has_text="Tech A2"),
           f"#row-{world.technician_a2.pk}")
    follow(page, home, lambda p: p.get_by_test_id("today-grooming").first, f"#row-{world.technician.pk}")
    follow(page, home, lambda p: p.get_by_test_id("today-talk").filter(has_text="Tech B1"),
           f"/attendance/followup/talk/{world.technician_b.pk}/?month=2026-11", shows="Tech B1")
    assert page.locator("form textarea").count() >= 2
    follow(page, home, lambda p: p.get_by_test_id("today-team-overdue"), "/duties/review/", shows="supervisor_a")
    assert "Check the area hygiene" in page.inner_text("main")
    meeting = department_day["meeting"]
    line = page.get_by_test_id("today-meeting").filter(has_text="Massage daily")
    page.goto(home)
    assert zh("%(counter)s open action item", counter=1) in line.inner_text()
    assert zh("Write the minutes") in line.inner_text()  # they chair it, it is over, the minutes are not written
    follow(page, home, lambda p: p.get_by_test_id("today-meeting").filter(has_text="Massage daily"),
           f"/meetings/{meeting.pk}/", shows="Order more towels")
    session = department_day["session"]
    follow(page, home, lambda p: p.locator('[data-testid^="today-session"]').filter(has_text="Shoulder work"),
           f"/training/sessions/{session.pk}/", shows="Shoulder work")
    ctx.close()


def test_the_technical_manager_sees_the_massage_floor_and_todays_session(browser, department_day, world):
    url, home = department_day["url"], department_day["url"] + "/"
    ctx, page = sign_in(browser, url, "tech_manager", password=PASSWORD, timeout_ms=SLOW_MS, **DESKTOP)
    page.screenshot(path=str(SCREENS / "tech-manager-desk.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280

    follow(page, home, lambda p: p.get_by_test_id("today-team").filter(has_text="Team B"),
           f"/attendance/team/?team={world.team_b.pk}&date={TODAY.isoformat()}", shows="Tech B1")
    follow(page, home, lambda p: p.get_by_test_id("today-exception").filter(has_text="Tech A2"),
           f"#row-{world.technician_a2.pk}")
    follow(page, home, lambda p: p.get_by_test_id("today-grooming").first, f"#row-{world.technician.pk}")
    follow(page, home, lambda p: p.get_by_test_id("today-talk").filter(has_text="Tech B1"),
           f"/attendance/followup/talk/{world.technician_b.pk}/?month=2026-11", shows="Tech B1")
    session = department_day["session"]
    follow(page, home, lambda p: p.locator('[data-testid^="today-session"]').filter(has_text="Shoulder work"),
           f"/training/sessions/{session.pk}/", shows="Shoulder work")
    ctx.close()
