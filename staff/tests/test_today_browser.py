"""Each role's Today page in Chromium, at the size they use it: every kind of non-floor item is a link
that opens the page where it is done (the floor's items have their own tests in ``attendance``).

The technician on a phone (375×812); the store manager, the owner and the marketing director on a
desktop (1280×800); all in simplified Chinese. Screenshots go to ``var/screens/today-home/``.
"""

import datetime
from pathlib import Path

import pytest
from django.conf import settings

from staff.models import Level, Notice, Role
from tests.browser import DESKTOP, PHONE, sign_in
from tests.factories import PASSWORD

from .test_home import TODAY, YESTERDAY, _grooming, _massage_daily, checklist_item, duty

pytestmark = [pytest.mark.browser, pytest.mark.clock("2026-12-02T10:00:00+08:00")]

SCREENS = Path(settings.BASE_DIR) / "var" / "screens" / "today-home"


def shoot(page, name):
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


SLOW_MS = 90_000  # the monthly report computes an unbuilt month live: slow on a busy machine


def follow(page, home, testid, lands_on, shows):
    """Click the first item ``testid`` of the Today page; the page it opens is ``lands_on`` and shows ``shows``."""
    page.goto(home)
    page.get_by_test_id(testid).first.click(no_wait_after=True)
    page.wait_for_url(f"**{lands_on}**", timeout=SLOW_MS, wait_until="domcontentloaded")
    assert shows in page.inner_text("main") if page.locator("main").count() else shows in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_a_technician_on_a_phone_follows_each_item_to_where_it_is_done(browser, transactional_db, live_server, world):
    from meetings.models import ActionItem
    from training.models import LevelAward
    from training.tests import factories as tf

    checklist_item(world.technician, duty(world.club1, Role.TECHNICIAN, "Clean my massage bed"), TODAY)
    checklist_item(world.technician, duty(world.club1, Role.TECHNICIAN, "Restock my oils"), YESTERDAY)
    plan = tf.plan(world.club1, world.tech_manager)
    tf.session(plan, world.tech_manager, [world.technician], date=TODAY + datetime.timedelta(days=1),
               subject="Foot reflexology, part 2")
    tf.quiz(plan, title="Theory of the foot")
    world.technician.level = Level.JUNIOR
    world.technician.save()
    LevelAward.objects.create(person=world.technician, club=world.club1, level=Level.JUNIOR, kind="manual",
                              granted_on=datetime.date(2026, 1, 1), expires_on=datetime.date(2026, 12, 20))
    series, meeting = _massage_daily(world)
    ActionItem.objects.create(series=series, meeting=meeting, club=world.club1, what="Order more towels",
                              owner=world.technician, due=YESTERDAY)
    Notice.objects.create(person=world.technician, kind="nothing", date=TODAY, text="Bring your uniform tomorrow")
    ctx, page = sign_in(browser, live_server.url, "technician", password=PASSWORD, timeout_ms=30_000, **PHONE)
    home = live_server.url + "/"

    page.goto(home)
    shoot(page, "technician-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    follow(page, home, "today-duty-item", "/duties/", "Clean my massage bed")
    follow(page, home, "today-my-overdue", "/duties/", "Restock my oils")
    follow(page, home, "today-session", "/training/sessions/", "Foot reflexology, part 2")
    follow(page, home, "today-assessment", "/training/assessments/", "Theory of the foot")
    follow(page, home, "today-level", "/training/people/", "Tech A1")
    follow(page, home, "today-meeting", f"/meetings/{meeting.pk}/", "Massage daily")
    follow(page, home, "today-action-item", "/meetings/action-items/", "Order more towels")
    follow(page, home, "today-notice", "/notices/", "Bring your uniform tomorrow")
    ctx.close()


def test_a_store_manager_at_a_desk_follows_each_item_to_where_it_is_done(browser, transactional_db, live_server, world):
    from training.models import RewardPenalty

    checklist_item(world.supervisor_a, duty(world.club1, Role.SUPERVISOR, "Check the area hygiene"), YESTERDAY)
    last_monday = TODAY - datetime.timedelta(days=TODAY.weekday() + 7)
    checklist_item(world.dept_manager, duty(world.club1, Role.TECHNICIAN_MANAGER, "Weekly department plan"),
                   last_monday, last_monday + datetime.timedelta(days=6), cadence="weekly", state="done")
    RewardPenalty.objects.create(club=world.club1, person=world.technician, date=datetime.date(2026, 11, 28),
                                 kind="reward", category="service", reason="Praised by a guest", points=2,
                                 proposed_by=world.supervisor_a)
    _massage_daily(world)
    _grooming(world.technician, datetime.date(2026, 11, 10), True)
    _grooming(world.technician, datetime.date(2026, 12, 1), False)
    ctx, page = sign_in(browser, live_server.url, "store_manager", password=PASSWORD, timeout_ms=30_000, **DESKTOP)
    home = live_server.url + "/"

    page.goto(home)
    shoot(page, "store-manager-desktop")
    follow(page, home, "today-team-overdue", "/duties/review/", "supervisor_a")
    follow(page, home, "today-sign-off", "/duties/checklists/", "Weekly department plan")
    page.get_by_role("button", name="签核").click()  # signed off where it is done…
    page.goto(home)
    assert page.get_by_test_id("today-sign-off").count() == 0  # …and it leaves the Today page
    follow(page, home, "today-rewards", "/training/rewards/", "Praised by a guest")
    follow(page, home, "today-meeting", "/meetings/", "Massage daily")
    follow(page, home, "today-figure", "/reports/monthly/2026-12/", "")
    follow(page, home, "today-report-link", "/reports/monthly/2026-12/", "")
    ctx.close()


def test_the_owner_at_a_desk_follows_each_red_flag_into_the_report(browser, transactional_db, live_server, world):
    from attendance.models import Attendance, ConsumableItem

    Attendance.objects.create(person=world.technician, club=world.club1, date=datetime.date(2026, 11, 3),
                              status="absent")
    _grooming(world.technician, datetime.date(2026, 10, 5), True)
    _grooming(world.technician, datetime.date(2026, 11, 5), False)
    ConsumableItem.objects.create(club=world.club1, name="Massage cream", unit="bottle", stock=2, low_stock_threshold=3)
    ctx, page = sign_in(browser, live_server.url, "owner", password=PASSWORD, timeout_ms=30_000, **DESKTOP)
    home = live_server.url + "/"

    page.goto(home)
    shoot(page, "owner-desktop")
    club = world.club1.pk
    follow(page, home, "today-flag", f"/reports/monthly/2026-11/clubs/{club}/records/needs_talk/", "Tech A1")
    page.goto(home)
    page.get_by_test_id("today-flag").filter(has_text="Massage cream").click()
    page.wait_for_url("**/attendance/consumables/**")
    assert "Massage cream" in page.content()
    page.goto(home)
    page.get_by_test_id("today-report-club").first.get_by_role("link", name="Club One").click(no_wait_after=True)
    page.wait_for_url(f"**/reports/monthly/2026-11/clubs/{club}/", timeout=SLOW_MS, wait_until="domcontentloaded")
    follow(page, home, "today-chain-report", "/reports/monthly/2026-11/", "Club Two")
    ctx.close()


def test_the_marketing_director_at_a_desk_follows_each_item_to_where_it_is_done(browser, transactional_db, live_server,
                                                                              world):
    from meetings import services
    from meetings.tests.factories import make_series, meeting_on

    series = make_series(world.club1, world.marketing.department, world.marketing, title="Marketing daily",
                         positions=["marketing_director", "customer_manager"], time=datetime.time(10, 30))
    services.meetings_create_ahead(series=series)
    meeting = meeting_on(series, TODAY)
    checklist_item(world.marketing, duty(world.club1, Role.MARKETING_DIRECTOR, "Chair the daily meeting"), TODAY)
    checklist_item(world.customer_manager, duty(world.club1, Role.CUSTOMER_MANAGER, "Call back VIP guests"), YESTERDAY)
    ctx, page = sign_in(browser, live_server.url, "marketing", password=PASSWORD, timeout_ms=30_000, **DESKTOP)
    home = live_server.url + "/"

    page.goto(home)
    shoot(page, "marketing-desktop")
    follow(page, home, "today-duty-item", "/duties/", "Chair the daily meeting")
    follow(page, home, "today-team-overdue", "/duties/review/", "customer_manager")
    follow(page, home, "today-meeting", f"/meetings/{meeting.pk}/", "Marketing daily")
    ctx.close()
