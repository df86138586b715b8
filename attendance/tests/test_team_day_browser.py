"""The team screen on a supervisor's phone, in Chinese, in a real browser."""

import datetime

import pytest
from django.utils import timezone

from attendance.demo import seed_floor
from attendance.models import Attendance, GroomingCheck, RosterEntry, Status
from staff.demo import DEMO_PASSWORD, seed_demo
from staff.models import Person
from tests.browser import PHONE, SCREENSHOTS, TIMEOUT_MS


@pytest.fixture
def floor(transactional_db, live_server):
    seed_demo()
    seed_floor(today=timezone.localdate(), days=2)
    return live_server


def row(page, person):
    return page.locator(f'.team-row[data-person="{person.pk}"]')


@pytest.mark.browser
@pytest.mark.clock("2026-11-20T21:30:00+08:00")  # every shift has begun: the late arrival is not in the future
def test_a_supervisor_records_the_team_on_a_phone(browser, floor):
    from playwright.sync_api import expect

    today = timezone.localdate()
    team = list(Person.objects.filter(team__supervisor__user__username="supervisor", status="active").order_by("name"))
    late, groomed, wrong = team[0], team[1], team[2]
    # Everyone works today in this test, whatever the demo roster says.
    shift = RosterEntry.objects.filter(person__in=team, shift__isnull=False).first().shift
    RosterEntry.objects.filter(person__in=team, date=today).update(shift=shift)
    start = datetime.datetime.combine(today, shift.start)
    late_time = (start + datetime.timedelta(minutes=20)).strftime("%H:%M")

    context = browser.new_context(**PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(floor.url + "/accounts/login/")
    page.fill("#id_username", "supervisor")
    page.fill("#id_password", DEMO_PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(floor.url + "/")
    page.goto(floor.url + "/attendance/team/")

    row(page, late).locator("input[type=time]").first.fill(late_time)
    row(page, groomed).locator(".groom label").nth(3).click()  # the nails item, now failed
    row(page, groomed).locator("input[placeholder]").first.fill("指甲过长")
    row(page, wrong).locator(".presence label").nth(1).click()  # absent ...
    row(page, wrong).locator("input[type=time]").first.fill("10:00")  # ... yet with an arrival time
    page.get_by_test_id("save-team").click()

    expect(row(page, wrong).locator(".row-errors")).to_be_visible()  # waits for the refused page
    assert row(page, late).locator("input[type=time]").first.input_value() == late_time
    assert row(page, groomed).locator("input[placeholder]").first.input_value() == "指甲过长"
    assert not Attendance.objects.filter(date=today, person__in=team).exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    row(page, wrong).locator("input[type=time]").first.fill("")
    page.get_by_test_id("save-team").click()
    page.wait_for_selector(".alert-success")
    page.reload()

    saved = Attendance.objects.get(person=late, date=today)
    assert (saved.status, saved.late_minutes) == (Status.LATE, 20)
    assert Attendance.objects.get(person=wrong, date=today).status == Status.ABSENT
    assert Attendance.objects.filter(date=today, person__in=team).count() == len(team)
    check = GroomingCheck.objects.get(person=groomed, date=today)
    assert not check.passed and check.failures.get().note == "指甲过长"
    assert "20" in row(page, late).get_by_test_id("saved-status").inner_text()
    assert not row(page, groomed).locator(".groom input").nth(3).is_checked()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "team-day-phone.png"), full_page=True)
    context.close()
