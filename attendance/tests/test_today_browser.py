"""The floor's Today panels in a real browser, in Chinese: each kind of item leads to the page where it is done.

Supervisor and technician on a phone (375×812), the store manager and the owner at a desk. The clock
is pinned on Wednesday 2 December 2026 at 15:00 in Shanghai: the early shift has begun.
"""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from attendance.demo import seed_floor
from attendance.demo_floor_extras import seed as seed_floor_extras
from attendance.models import (
    Attendance,
    CustomerFeedback,
    GroomingCheck,
    GroomingFailure,
    GroomingItem,
    RosterEntry,
    ServiceCheck,
    Status,
)
from staff.demo import seed_demo
from staff.models import Club, Person
from tests.browser import DESKTOP, PHONE, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.clock("2026-12-02T15:00:00+08:00")]

SLOW_MS = 30_000  # the first page of a live server on a busy machine
SCREENS = Path(settings.VAR_DIR) / "screens" / "today-floor"


@pytest.fixture
def floor(transactional_db, live_server):
    """The demo chain with two days of floor records, and today's first records of team A组:
    two late, one absent, one failed grooming, one on time; last month, one absence that calls for a talk."""
    seed_demo()
    club = Club.objects.get(code="sh-jingan")
    today = timezone.localdate(timezone=club.zone)
    seed_floor(today=today, days=2)
    seed_floor_extras(club=club, today=today, days=2)
    team = list(Person.objects.filter(team__supervisor__user__username="supervisor", status="active").order_by("name"))
    shift = RosterEntry.objects.filter(person__club=club, shift__isnull=False).order_by("shift__start").first().shift
    for person in team:
        RosterEntry.objects.update_or_create(person=person, date=today, defaults={"shift": shift})
    Attendance.objects.filter(person__in=team, date=today).delete()
    GroomingCheck.objects.filter(person__in=team, date=today).delete()
    late, late2, absent, groomed, fine = team[:5]
    for person, minutes in ((late, 25), (late2, 8)):
        Attendance.objects.create(person=person, club=club, date=today, status=Status.LATE, late_minutes=minutes,
                                  shift=shift, note="地铁延误")
    Attendance.objects.create(person=absent, club=club, date=today, status=Status.ABSENT)
    for person in (groomed, fine):
        Attendance.objects.create(person=person, club=club, date=today, status=Status.PRESENT, shift=shift)
    check = GroomingCheck.objects.create(person=groomed, date=today, round=1, passed=False)
    GroomingFailure.objects.create(check_record=check, item=GroomingItem.objects.get(club=club, key="nails"),
                                   note="指甲过长")
    Attendance.objects.update_or_create(person=absent, date=datetime.date(2026, 11, 12),
                                        defaults={"club": club, "status": Status.ABSENT})
    SCREENS.mkdir(parents=True, exist_ok=True)
    return {"url": live_server.url, "club": club, "today": today, "team": team, "late": late, "absent": absent,
            "groomed": groomed}


def follow(page, locator):
    """Click a link of the Today page and wait for the page it opens."""
    with page.expect_navigation():
        locator.click()
    return page


def back_home(page, url):
    page.goto(url + "/")


def shot(page, name):
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


def test_a_supervisor_follows_each_floor_item_on_a_phone(browser, floor):
    url, today = floor["url"], floor["today"]
    context, page = sign_in(browser, url, "supervisor", timeout_ms=SLOW_MS, **PHONE)
    panel = page.get_by_test_id("today-supervisor")
    button = panel.get_by_test_id("team-screen-button")
    recorded = button.get_by_test_id("team-recorded")
    assert recorded.get_attribute("data-recorded") == "5"
    assert int(recorded.get_attribute("data-missing")) == len(floor["team"]) - 5
    assert button.bounding_box()["height"] >= 48  # a big target
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "supervisor-today-phone")

    follow(page, button)
    assert page.url.endswith(f"/attendance/team/?team={floor['late'].team_id}&date={today.isoformat()}")
    assert page.locator(".team-row").count() == len(floor["team"])

    back_home(page, url)
    late = panel.get_by_test_id("today-exception").filter(has_text=floor["late"].name)
    assert "25" in late.inner_text()
    follow(page, late)
    assert page.url.endswith(f"#row-{floor['late'].pk}")
    assert page.locator(f"#row-{floor['late'].pk}").is_visible()

    back_home(page, url)
    absent = panel.get_by_test_id("today-exception").filter(has_text=floor["absent"].name)
    follow(page, absent)
    assert page.locator(f"#row-{floor['absent'].pk}").get_by_test_id("saved-status").is_visible()

    back_home(page, url)
    groomed = panel.get_by_test_id("today-grooming")
    assert groomed.count() == 1 and "指甲过长" in groomed.inner_text()
    follow(page, groomed)
    assert page.url.endswith(f"#row-{floor['groomed'].pk}")

    back_home(page, url)
    follow(page, panel.get_by_test_id("today-hygiene"))
    assert "/attendance/hygiene/" in page.url
    assert page.locator("form").count() >= 1

    back_home(page, url)
    follow(page, page.get_by_test_id("low-stock").locator("a"))
    assert "/attendance/consumables/" in page.url
    context.close()


def test_a_technician_sees_the_shift_the_week_and_the_month_on_a_phone(browser, floor):
    url = floor["url"]
    context, page = sign_in(browser, url, "technician", timeout_ms=SLOW_MS, **PHONE)
    me = Person.objects.get(user__username="technician")
    panel = page.get_by_test_id("today-my-week")
    assert panel.get_by_test_id("week-day").count() == 7
    entry = RosterEntry.objects.filter(person=me, date=floor["today"]).select_related("shift").first()
    if entry and entry.shift:
        assert entry.shift.name in panel.get_by_test_id("today-shift").inner_text()
    month = Attendance.objects.filter(person=me, date__gte=floor["today"].replace(day=1), date__lte=floor["today"])
    late = month.filter(status__in=[Status.LATE, Status.LATE_AND_LEFT_EARLY]).count()
    assert panel.get_by_test_id("month-late").inner_text().endswith(str(late))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "technician-today-phone")
    follow(page, panel.get_by_test_id("today-month"))
    assert page.url.endswith(me.get_absolute_url())

    # The latest spot check and customer feedback, each read on the service-quality page of their own.
    latest_check = ServiceCheck.objects.filter(technician=me).order_by("-date", "-pk").first()
    latest_feedback = CustomerFeedback.objects.filter(technician=me).order_by("-date", "-pk").first()
    assert latest_check and latest_feedback, "the demo floor gives every technician checks and feedback"
    back_home(page, url)
    spot = panel.get_by_test_id("today-spot-check")
    assert latest_check.date.strftime("%m-%d") in spot.inner_text()
    follow(page, spot)
    assert page.url.endswith(f"/attendance/quality/?person={me.pk}")
    assert page.get_by_test_id("check").first.inner_text().startswith(latest_check.date.isoformat())
    back_home(page, url)
    feedback = panel.get_by_test_id("today-feedback")
    assert latest_feedback.said[:10] in feedback.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    follow(page, feedback)
    assert latest_feedback.said in page.inner_text("main")
    context.close()


def test_the_store_manager_follows_each_floor_item_at_a_desk(browser, floor):
    url, today = floor["url"], floor["today"]
    context, page = sign_in(browser, url, "storemanager", timeout_ms=SLOW_MS, **DESKTOP)
    panel = page.get_by_test_id("today-club")
    teams = panel.get_by_test_id("today-team")
    assert teams.count() >= 3  # every team of the club, recorded or not
    shot(page, "store-manager-today-desk")

    follow(page, teams.filter(has_text=floor["late"].team.name))
    assert page.url.endswith(f"team={floor['late'].team_id}&date={today.isoformat()}")

    back_home(page, url)
    follow(page, panel.get_by_test_id("today-exception").filter(has_text=floor["late"].name))
    assert page.locator(f"#row-{floor['late'].pk}").is_visible()

    back_home(page, url)
    follow(page, panel.get_by_test_id("today-grooming").first)
    assert page.url.endswith(f"#row-{floor['groomed'].pk}")

    back_home(page, url)
    talk = panel.locator(f'[data-testid="today-talk"][href$="/{floor["absent"].pk}/?month=2026-11"]')
    follow(page, talk)
    assert f"/attendance/followup/talk/{floor['absent'].pk}/?month=2026-11" in page.url
    assert page.locator("form textarea").count() >= 2

    back_home(page, url)
    follow(page, panel.get_by_test_id("today-lock"))
    assert "/attendance/lock/" in page.url

    back_home(page, url)
    follow(page, panel.get_by_test_id("today-hygiene"))
    assert "/attendance/hygiene/" in page.url

    back_home(page, url)
    follow(page, panel.get_by_test_id("today-figures"))
    assert f"/attendance/stats/daily/?date={today.isoformat()}" in page.url
    context.close()

    context, page = sign_in(browser, url, "storemanager", timeout_ms=SLOW_MS, **PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "store-manager-today-phone")
    context.close()


def test_the_owner_sees_every_club_and_opens_one(browser, floor):
    url, today = floor["url"], floor["today"]
    context, page = sign_in(browser, url, "owner", timeout_ms=SLOW_MS, **DESKTOP)
    lines = page.get_by_test_id("today-club-line")
    assert lines.count() == Club.objects.count()
    line = page.locator(f'[data-testid="today-club-line"][data-club="{floor["club"].pk}"]')
    recorded = line.get_by_test_id("today-club-recorded")
    assert int(recorded.get_attribute("data-recorded")) >= 5
    shot(page, "owner-today-desk")
    follow(page, line.get_by_test_id("today-club-figures"))
    assert f"/attendance/stats/daily/?club={floor['club'].pk}&date={today.isoformat()}" in page.url
    context.close()
