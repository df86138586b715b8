"""Issue 22 on the area hygiene check, in Chromium on a supervisor's phone (375×812) with Playwright's offline
emulation: checked without a signal, reloaded without a signal, saved exactly once when the signal is back."""

import pytest
from django.utils import timezone

from attendance.models import Area, HygieneCheck, TeamSubmission
from attendance.tests.test_team_offline_browser import STORED, shoot
from staff.demo import seed_demo
from staff.models import Person
from tests.browser import PHONE, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.clock("2026-11-20T11:00:00+08:00")]


@pytest.fixture
def rooms(transactional_db, live_server):
    """Two areas kept by technicians of the supervisor's team, not checked today."""
    seed_demo()
    people = list(Person.objects.filter(team__supervisor__user__username="supervisor", status="active")
                  .order_by("name")[:2])
    club = people[0].club
    made = [Area.objects.create(club=club, name=f"測試房 {n + 1}", responsible=person, order=90 + n)
            for n, person in enumerate(people)]
    return live_server, made


def area(page, room):
    return page.locator(f'.area-row[data-area="{room.pk}"]')


def test_a_hygiene_check_made_offline_survives_a_reload_and_is_saved_once(browser, rooms):
    server, (room1, room2) = rooms
    today = timezone.localdate()
    context, page = sign_in(browser, server.url, "supervisor", timeout_ms=30_000, **PHONE)
    page.goto(server.url + "/attendance/hygiene/")
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.reload()  # now through the worker, which keeps the page
    page.wait_for_function("() => !!navigator.serviceWorker.controller")
    context.set_offline(True)

    area(page, room1).locator(".groom label").first.click()  # the first item, now failed
    area(page, room1).locator("input[name$='-note']").fill("地面有水")
    page.get_by_test_id("save-hygiene").click()
    page.locator("#offline-status[data-count='1']").wait_for(state="attached")
    assert "1" in page.get_by_test_id("offline-status").inner_text()
    assert not HygieneCheck.objects.filter(area__in=[room1, room2]).exists()

    page.reload()  # still offline: the worker's kept page, the entry from IndexedDB put back into the form
    page.locator("#offline-status[data-count='1']").wait_for(state="attached")
    assert area(page, room1).locator("input[name$='-note']").input_value() == "地面有水"
    assert not area(page, room1).locator(".groom input").first.is_checked()
    assert area(page, room2).locator(".groom input").first.is_checked()
    shoot(page, "hygiene-offline-reloaded.png")
    assert len(page.evaluate(STORED)["entries"]) == 1

    with page.expect_navigation():  # sent by itself when the signal is back; the page shows what was saved
        context.set_offline(False)
    page.wait_for_selector(".alert-success")
    check = HygieneCheck.objects.get(area=room1, date=today)
    assert not check.passed and check.note == "地面有水" and check.failures.count() == 1
    assert HygieneCheck.objects.get(area=room2, date=today).passed
    assert HygieneCheck.objects.filter(area__in=[room1, room2]).count() == 2
    assert TeamSubmission.objects.filter(kind=TeamSubmission.Kind.HYGIENE).count() == 1
    assert page.evaluate(STORED)["entries"] == []
    assert area(page, room1).get_by_test_id("saved-result").count() == 1
    context.close()
