"""Issue 22 in Chromium on a supervisor's phone (375×812), with Playwright's offline emulation: the team
screen keeps working when the signal drops, shows conflicts and a locked month, and leaves nothing
personal on the phone after signing out."""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from attendance.demo import seed_floor
from attendance.models import Attendance, GroomingCheck, MonthLock, RosterEntry, Status, TeamSubmission
from staff.demo import seed_demo
from staff.models import Person
from tests.browser import PHONE, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.clock("2026-11-20T11:00:00+08:00")]

SCREENS = Path(settings.VAR_DIR) / "screens" / "team-offline"


def shoot(page, name):
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / name), full_page=False)

# What the phone keeps: the entries (IndexedDB) and the team screen (the service worker's cache).
STORED = """async () => {
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open("clubops-offline", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("entries", { keyPath: "id" })
      .createIndex("person", "person");
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const entries = await new Promise((resolve) => {
    const request = db.transaction("entries").objectStore("entries").getAll();
    request.onsuccess = () => resolve(request.result);
  });
  db.close();
  const pages = (await caches.keys()).filter((name) => name.startsWith("clubops-pages-"));
  return { entries, pages };
}"""


@pytest.fixture
def team(transactional_db, live_server):
    """Ten people of the supervisor's team, all on the early shift (10:00–18:00) today, nothing recorded yet."""
    seed_demo()
    today = timezone.localdate()
    seed_floor(today=today, days=1)
    people = list(Person.objects.filter(team__supervisor__user__username="supervisor", status="active")
                  .order_by("name"))
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


def row(page, person):
    return page.locator(f'.team-row[data-person="{person.pk}"]')


def open_team_screen(browser, server):
    """Signed in on a phone, the team screen open and kept by the service worker."""
    context, page = sign_in(browser, server.url, "supervisor", **PHONE)
    page.goto(server.url + "/attendance/team/")
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.reload()  # now through the worker, which keeps the page
    page.wait_for_function("() => !!navigator.serviceWorker.controller")
    return context, page


def waiting(page):
    banner = page.get_by_test_id("offline-status")
    banner.wait_for(state="visible")
    return int(banner.get_attribute("data-count"))


def test_offline_entries_survive_a_reload_and_are_saved_once_when_the_signal_is_back(browser, team):
    server, people = team
    today = timezone.localdate()
    context, page = open_team_screen(browser, server)
    context.set_offline(True)

    row(page, people[0]).locator("input[type=time]").first.fill("10:20")
    row(page, people[1]).locator("input[type=time]").first.fill("10:35")
    groomed = row(page, people[2])
    groomed.locator(".groom label").nth(3).click()  # nails, now failed
    groomed.locator(".grooming-note input").fill("指甲過長")
    page.get_by_test_id("save-team").click()
    page.locator("#offline-status[data-count='3']").wait_for(state="attached")
    assert waiting(page) == 3
    assert not Attendance.objects.filter(person__in=people, date=today).exists()

    page.reload()  # still offline: the worker's kept page, the entries from IndexedDB
    page.locator("#offline-status[data-count='3']").wait_for(state="attached")  # put back into the form
    assert row(page, people[0]).locator("input[type=time]").first.input_value() == "10:20"
    assert row(page, people[1]).locator("input[type=time]").first.input_value() == "10:35"
    assert not row(page, people[2]).locator(".groom input").nth(3).is_checked()
    assert row(page, people[2]).locator(".grooming-note input").input_value() == "指甲過長"
    assert waiting(page) == 3
    assert "3" in page.get_by_test_id("offline-status").inner_text()
    shoot(page, "offline-reloaded.png")
    kept = page.evaluate(STORED)
    assert len(kept["entries"]) == 1 and kept["pages"]

    with page.expect_navigation():  # sent by itself when the signal is back; the page shows what was saved
        context.set_offline(False)
    page.wait_for_selector(".alert-success")
    assert Attendance.objects.filter(person__in=people, date=today).count() == 10
    late = Attendance.objects.filter(person__in=people, date=today, status=Status.LATE)
    assert sorted(late.values_list("late_minutes", flat=True)) == [20, 35]
    check = GroomingCheck.objects.get(person=people[2], date=today)
    assert not check.passed and check.failures.get().note == "指甲過長"
    assert GroomingCheck.objects.filter(person__in=people, date=today).count() == 10
    assert TeamSubmission.objects.count() == 1
    assert page.evaluate(STORED)["entries"] == []
    context.close()


def test_a_change_made_meanwhile_and_a_locked_month_are_shown_and_chosen(browser, team):
    server, people = team
    today = timezone.localdate()
    manager = Person.objects.get(user__username="storemanager")
    context, page = open_team_screen(browser, server)
    context.set_offline(True)
    row(page, people[0]).locator("input[type=time]").first.fill("10:20")
    page.get_by_test_id("save-team").click()
    page.locator("#offline-status[data-count='1']").wait_for(state="attached")
    # Meanwhile the store manager marks the same person absent.
    Attendance.objects.create(person=people[0], club=people[0].club, date=today, status=Status.ABSENT,
                              recorded_by=manager)

    context.set_offline(False)
    choice = page.get_by_test_id("offline-choice")
    choice.wait_for()
    assert people[0].name in choice.inner_text()
    shoot(page, "conflict.png")
    assert "10:20" in choice.get_by_test_id("offline-mine").inner_text()
    assert manager.name in choice.get_by_test_id("offline-theirs").inner_text()
    assert Attendance.objects.get(person=people[0], date=today).status == Status.ABSENT  # not overwritten
    assert Attendance.objects.filter(person__in=people, date=today).count() == 10  # the others were taken
    with page.expect_navigation():
        choice.get_by_test_id("offline-keep-mine").click()
    record = Attendance.objects.get(person=people[0], date=today)
    assert record.status == Status.LATE and record.late_minutes == 20
    assert page.evaluate(STORED)["entries"] == []

    # The month is locked while the phone has no signal: the late entry is shown, not saved, and dropped.
    context.set_offline(True)
    row(page, people[1]).locator("input[type=time]").first.fill("10:35")
    page.get_by_test_id("save-team").click()
    page.locator("#offline-status[data-count='1']").wait_for(state="attached")
    MonthLock.objects.create(club=people[0].club, month=today.replace(day=1), locked_by=manager)
    context.set_offline(False)
    choice = page.get_by_test_id("offline-choice")
    choice.wait_for()
    assert people[1].name in choice.inner_text() and "10:35" in choice.get_by_test_id("offline-mine").inner_text()
    assert page.get_by_test_id("offline-keep-mine").count() == 0  # a locked month is not the supervisor's
    shoot(page, "locked.png")
    choice.get_by_test_id("offline-drop").click()
    page.get_by_test_id("offline-choices").wait_for(state="hidden")
    assert page.evaluate(STORED)["entries"] == []
    assert Attendance.objects.get(person=people[1], date=today).status == Status.PRESENT
    context.close()


def test_signing_out_leaves_nothing_personal_on_the_phone(browser, team):
    server, people = team
    context, page = open_team_screen(browser, server)
    context.set_offline(True)
    row(page, people[0]).locator("input[type=time]").first.fill("10:20")
    page.get_by_test_id("save-team").click()
    page.locator("#offline-status[data-count='1']").wait_for(state="attached")
    kept = page.evaluate(STORED)
    assert len(kept["entries"]) == 1 and kept["pages"]

    # The signal is back but the server cannot be reached: the entry is still waiting when they sign out.
    page.route("**/attendance/team/**", lambda route: route.abort() if route.request.method == "POST"
               else route.continue_())
    context.set_offline(False)
    questions = []
    page.on("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.locator(".navbar-toggler").click()
    page.locator("#nav.show").wait_for()
    with page.expect_navigation(url=server.url + "/accounts/login/"):
        page.locator("form[data-sign-out] button").click()
    assert len(questions) == 1 and "1" in questions[0]  # asked before dropping what was not sent
    left = page.evaluate(STORED)
    assert left == {"entries": [], "pages": []}
    assert not Attendance.objects.filter(person__in=people, date=timezone.localdate()).exists()
    context.close()


def test_the_next_person_on_the_phone_never_sees_what_the_last_one_kept(browser, team):
    """The session ended without signing out (cookies gone): the next person to sign in drops what was kept."""
    from staff.demo import DEMO_PASSWORD

    server, people = team
    context, page = open_team_screen(browser, server)
    context.set_offline(True)
    row(page, people[0]).locator("input[type=time]").first.fill("10:20")
    page.get_by_test_id("save-team").click()
    page.locator("#offline-status[data-count='1']").wait_for(state="attached")
    # Nothing reaches the server any more, from before the connection is back: the page sends what it kept when it
    # goes online, and a send that got through would reload it under the next navigation (net::ERR_ABORTED).
    page.route("**/attendance/team/**", lambda route: route.abort())
    context.set_offline(False)
    context.clear_cookies()

    page.goto(server.url + "/accounts/login/")
    page.fill("#id_username", "storemanager")
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation(url=server.url + "/"):
        page.press("#id_password", "Enter")
    page.wait_for_load_state("load")
    page.wait_for_function("""async () => {
        const pages = (await caches.keys()).filter((name) => name.startsWith("clubops-pages-"));
        return pages.length === 0;
    }""")
    assert page.evaluate(STORED) == {"entries": [], "pages": []}
    context.close()



def test_the_team_screen_is_installable(browser, team, tmp_path):
    """Chrome's own verdict (DevTools Protocol, Page.getInstallabilityErrors): no error on the team screen. Lighthouse
    12 dropped its PWA category; scripts/lighthouse prints the same check with the best-practices score. A browser
    with a profile on disk, as a phone's: Chrome never offers to install from an incognito window (Playwright's
    usual contexts are), which it reports as the error "in-incognito"."""
    from staff.demo import DEMO_PASSWORD
    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    server, _people = team
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS, **PHONE)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(server.url + "/accounts/login/")
    page.fill("#id_username", "supervisor")
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation(url=server.url + "/"):
        page.press("#id_password", "Enter")
    page.goto(server.url + "/attendance/team/")
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    session = context.new_cdp_session(page)
    assert session.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    manifest = session.send("Page.getAppManifest")
    assert manifest["url"].endswith("/manifest.webmanifest") and manifest.get("errors", []) == []
    context.close()
