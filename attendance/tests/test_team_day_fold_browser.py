"""A team of ten on a supervisor's phone: days off and leave fold away, leave asks for its kind."""

import pytest
from django.utils import timezone

from attendance.demo import seed_floor
from attendance.models import Attendance, RosterEntry, Status
from staff.demo import seed_demo
from staff.models import Person
from tests.browser import PHONE, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.clock("2026-11-20T11:00:00+08:00")]

# Measured with this test's team (6 at work, 4 off, 2 of the six on leave) at 375×812:
# 4,074 px before the rows folded, 2,640 px after; with one-line heads (issue 19) 1,486 px.
# Issue 19's bound: 1.5 screens per five people.
MAX_HEIGHT = 1.5 * 812 * 10 / 5


@pytest.fixture
def team(transactional_db, live_server):
    seed_demo()
    today = timezone.localdate()
    seed_floor(today=today, days=1)
    people = list(Person.objects.filter(team__supervisor__user__username="supervisor", status="active").order_by("name"))
    for extra in people[10:]:
        extra.team = None
        extra.save()
    people = people[:10]
    shift = RosterEntry.objects.filter(shift__isnull=False).first().shift
    Attendance.objects.filter(person__in=people, date=today).delete()
    RosterEntry.objects.filter(person__in=people, date=today).delete()
    for person in people[:6]:
        RosterEntry.objects.create(person=person, date=today, shift=shift)
    for person in people[6:]:
        RosterEntry.objects.create(person=person, date=today, shift=None)
    for person in people[4:6]:
        Attendance.objects.create(person=person, club=person.club, date=today, status=Status.LEAVE, leave_type="sick")
    return live_server, people


def row(page, person):
    return page.locator(f'.team-row[data-person="{person.pk}"]')


def test_a_team_of_ten_fits_in_a_short_page(browser, team):
    server, people = team
    context, page = sign_in(browser, server.url, "supervisor", **PHONE)
    page.goto(server.url + "/attendance/team/")
    height = page.evaluate("document.body.scrollHeight")
    print(f"team screen, 10 people at 375x812: {height} px")
    assert height <= MAX_HEIGHT
    assert not row(page, people[8]).locator("input[type=time]").first.is_visible()  # a day off: one line
    assert row(page, people[0]).locator("input[type=time]").first.is_visible()  # at work: the times
    assert "病假" in row(page, people[4]).locator(".row-head").inner_text()  # on leave: its kind, on the one line
    assert not row(page, people[4]).locator(".leave-type select").is_visible()
    context.close()


def test_choosing_leave_asks_for_its_kind_and_saves_at_the_first_try(browser, team):
    server, people = team
    context, page = sign_in(browser, server.url, "supervisor", **PHONE)
    page.goto(server.url + "/attendance/team/")
    leaver = row(page, people[1])
    assert not leaver.locator(".leave-type select").is_visible()
    leaver.locator(".presence label").nth(2).click()  # 請假 / 请假
    assert leaver.locator(".leave-type select").is_visible()
    assert not leaver.locator("input[type=time]").first.is_visible()
    leaver.locator(".leave-type select").select_option("personal")
    page.get_by_test_id("save-team").click()
    page.wait_for_selector(".alert-success")
    saved = Attendance.objects.get(person=people[1], date=timezone.localdate())
    assert (saved.status, saved.leave_type) == (Status.LEAVE, "personal")
    context.close()


def test_a_refused_save_names_the_rows_and_jumps_to_the_first(browser, team):
    server, people = team
    context, page = sign_in(browser, server.url, "supervisor", **PHONE)
    page.goto(server.url + "/attendance/team/")
    row(page, people[3]).locator("input[type=time]").first.fill("11:45")  # later than now
    page.get_by_test_id("save-team").click()
    banner = page.get_by_test_id("rows-to-check")
    assert people[3].name in banner.inner_text()
    banner.get_by_role("link", name=people[3].name).click()
    assert page.url.endswith(f"#row-{people[3].pk}")
    assert "11:45" in row(page, people[3]).locator(".row-errors").inner_text()
    assert not Attendance.objects.filter(person=people[3], date=timezone.localdate()).exists()
    context.close()
