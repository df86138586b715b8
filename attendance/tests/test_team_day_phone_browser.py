"""Issue 19's figure for the team screen on a supervisor's phone (375×812), kept by these tests:
a team of ten with two late arrivals and one grooming failure recorded in at most ten taps, on a
page no taller than 1.5 screens per five people."""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from attendance.demo import seed_floor
from attendance.models import Attendance, GroomingCheck, RosterEntry, Status
from staff.demo import seed_demo
from staff.models import Person
from tests.browser import PHONE, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.clock("2026-11-20T11:00:00+08:00")]

SCREEN = PHONE["viewport"]["height"]
MAX_TAPS = 10
SCREENS = Path(settings.VAR_DIR) / "screens" / "team-screen"


def max_height(people):
    """1.5 screens per five people."""
    return 1.5 * SCREEN * people / 5


@pytest.fixture
def team(transactional_db, live_server):
    """Ten people of the supervisor's team, all on the early shift (10:00–18:00) today."""
    seed_demo()
    today = timezone.localdate()
    seed_floor(today=today, days=1)
    people = list(Person.objects.filter(team__supervisor__user__username="supervisor", status="active").order_by("name"))
    for extra in people[10:]:
        extra.team = None
        extra.save()
    people = people[:10]
    shift = RosterEntry.objects.filter(shift__name="早班").first().shift
    Attendance.objects.filter(person__in=people, date=today).delete()
    GroomingCheck.objects.filter(person__in=people, date=today).delete()
    RosterEntry.objects.filter(person__in=people, date=today).delete()
    for person in people:
        RosterEntry.objects.create(person=person, date=today, shift=shift)
    return live_server, people


class Taps:
    """Counts what the test does on the screen: a click or a typed value is one tap."""

    def __init__(self):
        self.count = 0

    def click(self, locator):
        self.count += 1
        locator.click()

    def fill(self, locator, value):
        self.count += 1
        locator.fill(value)


def row(page, person):
    return page.locator(f'.team-row[data-person="{person.pk}"]')


def shoot(page, name):
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / name), full_page=True)


@pytest.mark.parametrize("locale,language", [("zh-CN", "zh-hans"), ("zh-TW", "zh-hant")])
def test_ten_people_two_late_one_grooming_failure_in_ten_taps(browser, team, locale, language):
    server, people = team
    context, page = sign_in(browser, server.url, "supervisor", **{**PHONE, "locale": locale})
    page.goto(server.url + "/attendance/team/")
    height = page.evaluate("document.body.scrollHeight")
    print(f"team screen, {len(people)} people at 375x812 ({language}): {height} px")
    assert height <= max_height(len(people))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shoot(page, f"team-10-{language}.png")

    taps = Taps()
    taps.fill(row(page, people[0]).locator("input[type=time]").first, "10:20")
    taps.fill(row(page, people[1]).locator("input[type=time]").first, "10:35")
    groomed = row(page, people[2])
    taps.click(groomed.locator(".groom label").nth(3))  # nails, now failed
    taps.fill(groomed.locator(".grooming-note input"), "指甲過長")
    taps.click(page.get_by_test_id("save-team"))
    page.wait_for_selector(".alert-success")
    print(f"taps: {taps.count}")
    assert taps.count <= MAX_TAPS

    today = timezone.localdate()
    assert Attendance.objects.filter(person__in=people, date=today).count() == 10
    late = Attendance.objects.filter(person__in=people, date=today, status=Status.LATE)
    assert sorted(late.values_list("late_minutes", flat=True)) == [20, 35]
    check = GroomingCheck.objects.get(person=people[2], date=today)
    assert not check.passed and check.failures.get().note == "指甲過長"
    assert page.evaluate("document.body.scrollHeight") <= max_height(len(people))
    shoot(page, f"team-10-saved-{language}.png")
    context.close()


def test_days_off_and_leave_fold_to_one_line_and_open_on_a_tap(browser, team):
    server, people = team
    today = timezone.localdate()
    for person in people[6:]:
        RosterEntry.objects.filter(person=person, date=today).update(shift=None)
    for person in people[4:6]:
        Attendance.objects.create(person=person, club=person.club, date=today, status=Status.LEAVE, leave_type="sick")
    context, page = sign_in(browser, server.url, "supervisor", **PHONE)
    page.goto(server.url + "/attendance/team/")
    shoot(page, "team-folded-zh-hans.png")
    worked, leave, off = row(page, people[0]), row(page, people[4]), row(page, people[8])
    one_line = worked.locator(".row-head").bounding_box()["height"]
    for folded in (leave, off):
        box = folded.bounding_box()
        assert box["height"] <= one_line + 20, box  # the head line and the card's padding, nothing more
        assert not folded.locator("input[type=time]").first.is_visible()
    assert "病假" in leave.inner_text()  # the kind of leave shows on the folded line
    assert not leave.locator(".leave-type select").is_visible()

    off.locator(".row-toggle").click()  # a tap on the name opens the row
    assert off.locator("input[type=time]").first.is_visible()
    assert off.locator(".row-more summary").is_visible()
    off.locator(".row-toggle").click()
    assert not off.locator(".row-more summary").is_visible()
    assert not off.locator("input[type=time]").first.is_visible()

    off.locator(".presence label").nth(0).click()  # came in after all: the times open
    assert off.locator("input[type=time]").first.is_visible()
    worked.locator(".presence label").nth(2).click()  # 请假: the kind opens, the times fold
    assert worked.locator(".leave-type select").is_visible()
    assert not worked.locator("input[type=time]").first.is_visible()
    context.close()


def test_a_time_to_come_is_refused_and_every_other_input_stays(browser, team):
    server, people = team
    context, page = sign_in(browser, server.url, "supervisor", **PHONE)
    page.goto(server.url + "/attendance/team/")
    row(page, people[0]).locator("input[type=time]").first.fill("10:20")
    groomed = row(page, people[1])
    groomed.locator(".groom label").nth(3).click()
    groomed.locator(".grooming-note input").fill("指甲过长")
    row(page, people[2]).locator(".presence label").nth(2).click()  # leave, kind not chosen
    row(page, people[5]).locator("input[type=time]").first.fill("11:40")  # later than 11:00 now
    page.get_by_test_id("save-team").click()

    banner = page.get_by_test_id("rows-to-check")
    assert people[2].name in banner.inner_text() and people[5].name in banner.inner_text()
    assert "11:40" in row(page, people[5]).locator(".row-errors").inner_text()
    assert row(page, people[2]).locator(".leave-type select").is_visible()
    assert row(page, people[0]).locator("input[type=time]").first.input_value() == "10:20"
    assert groomed.locator(".grooming-note input").input_value() == "指甲过长"
    assert not groomed.locator(".groom input").nth(3).is_checked()
    assert not Attendance.objects.filter(person__in=people, date=timezone.localdate()).exists()
    first = sorted([people[2], people[5]], key=lambda p: people.index(p))[0]
    top = page.evaluate(f"document.getElementById('row-{first.pk}').getBoundingClientRect().top")
    assert 0 <= top < SCREEN  # the first row to check is on the screen
    shoot(page, "team-refused-zh-hans.png")
    banner.get_by_role("link", name=people[5].name).click()
    assert page.url.endswith(f"#row-{people[5].pk}")
    context.close()


def test_without_javascript_every_field_shows_and_the_server_checks(browser, team):
    server, people = team
    context, page = sign_in(browser, server.url, "supervisor", **{**PHONE, "java_script_enabled": False})
    page.goto(server.url + "/attendance/team/")
    first = row(page, people[0])
    assert first.locator(".leave-type select").is_visible()
    assert first.locator("input[type=time]").first.is_visible()
    shoot(page, "team-no-js-zh-hans.png")
    first.locator(".presence label").nth(2).click()  # leave, no kind
    page.get_by_test_id("save-team").click()
    assert people[0].name in page.get_by_test_id("rows-to-check").inner_text()
    assert first.locator(".leave-type select").is_visible()
    assert not Attendance.objects.filter(person__in=people, date=timezone.localdate()).exists()
    context.close()
