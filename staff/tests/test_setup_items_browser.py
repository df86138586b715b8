"""The store manager keeps the club's grooming items from the setup checklist on a phone (375×812, simplified
Chinese): the step "Grooming and hygiene items" opens them; an item is added, reworded and retired; the
supervisor's team screen checks the new wording and no longer the retired item. The owner edits the club and
the store manager reopens a closed team at a desk. Screenshots go to ``var/screens/club-setup/``."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from attendance.models import GroomingItem
from staff.models import Club, Team
from tests.browser import DESKTOP, PHONE, sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.clock("2026-11-20T15:00:00+08:00")]

SCREENS = Path(settings.VAR_DIR) / "screens" / "club-setup"
SLOW_MS = 30_000


def zh(message, **values):
    with translation.override("zh-hans"):
        text = translation.gettext(message)
    return text % values if values else text


def click(page, locator):
    with page.expect_navigation(timeout=SLOW_MS):
        locator.click()


def test_the_store_manager_keeps_the_grooming_items_on_a_phone(browser, transactional_db, live_server, world):
    from playwright.sync_api import expect

    SCREENS.mkdir(parents=True, exist_ok=True)
    ctx, page = sign_in(browser, live_server.url, "store_manager", password=PASSWORD, timeout_ms=SLOW_MS, **PHONE)
    page.goto(f"{live_server.url}/clubs/{world.club1.pk}/setup/")
    step = page.get_by_test_id("setup-steps").locator(".setup-step", has_text=zh("Grooming and hygiene items"))
    click(page, step.get_by_role("link"))
    grooming = page.get_by_test_id("grooming-items")
    expect(grooming.get_by_test_id("check-item")).to_have_count(7)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(SCREENS / "grooming-items-phone.png"), full_page=True)

    click(page, page.get_by_test_id("grooming-item-add"))
    click(page, page.locator("main").get_by_role("button", name=zh("Save")))  # nothing written: refused
    expect(page.locator("main")).to_contain_text(zh("Write what is checked, e.g. “Shoes clean”."))
    page.fill("#id_name", "工鞋干净")
    click(page, page.locator("main").get_by_role("button", name=zh("Save")))
    expect(grooming.get_by_test_id("check-item-label").filter(has_text="工鞋干净")).to_be_visible()

    nails = grooming.get_by_test_id("check-item").filter(has_text=zh("Nails short and clean"))
    click(page, nails.get_by_test_id("check-item-edit"))
    page.fill("#id_name", "指甲短、不涂甲油")
    page.screenshot(path=str(SCREENS / "grooming-item-edit-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    click(page, page.locator("main").get_by_role("button", name=zh("Save")))
    expect(grooming.get_by_test_id("check-item-label").filter(has_text="指甲短、不涂甲油")).to_be_visible()

    badge = grooming.get_by_test_id("check-item").filter(has_text=zh("Name badge"))
    click(page, badge.get_by_test_id("check-item-retire"))
    expect(grooming.locator('[data-testid="check-item"][data-active="0"]')).to_contain_text(zh("Name badge"))
    assert not GroomingItem.objects.get(club=world.club1, key="badge").is_active
    ctx.close()

    ctx, page = sign_in(browser, live_server.url, "supervisor_a", password=PASSWORD, timeout_ms=SLOW_MS, **PHONE)
    page.goto(f"{live_server.url}/attendance/team/?team={world.team_a.pk}")
    row = page.locator(f"#row-{world.technician.pk}")
    expect(row).to_contain_text("工鞋干净")
    expect(row).to_contain_text("指甲短、不涂甲油")
    expect(row).not_to_contain_text(zh("Name badge"))
    ctx.close()


def test_the_owner_edits_a_club_and_its_store_manager_reopens_a_team(browser, transactional_db, live_server, world):
    from playwright.sync_api import expect

    SCREENS.mkdir(parents=True, exist_ok=True)
    old = Team.objects.create(club=world.club1, department=world.team_a.department, name="Team Old",
                              closed_on=datetime.date(2026, 6, 30))
    ctx, page = sign_in(browser, live_server.url, "owner", password=PASSWORD, timeout_ms=SLOW_MS, **DESKTOP)
    page.goto(f"{live_server.url}/clubs/{world.club1.pk}/setup/")
    click(page, page.get_by_test_id("club-edit"))
    page.fill("#id_name", "Club Two")  # another club's name: refused, the rest kept
    page.fill("#id_address", "2 Hill Road")
    click(page, page.locator("main").get_by_role("button", name=zh("Save")))
    expect(page.locator("main")).to_contain_text(zh("Another club already has this name."))
    expect(page.locator("#id_address")).to_have_value("2 Hill Road")
    page.fill("#id_name", "Club One North")
    click(page, page.locator("main").get_by_role("button", name=zh("Save")))
    expect(page.locator("main h1")).to_contain_text("Club One North")
    assert Club.objects.get(pk=world.club1.pk).address == "2 Hill Road"
    ctx.close()

    ctx, page = sign_in(browser, live_server.url, "store_manager", password=PASSWORD, timeout_ms=SLOW_MS, **DESKTOP)
    page.goto(f"{live_server.url}/clubs/{world.club1.pk}/setup/")
    assert page.get_by_test_id("club-edit").count() == 0
    closed = page.get_by_test_id("closed-team").filter(has_text="Team Old")
    click(page, closed.get_by_test_id("team-reopen"))
    page.fill("#id_reason", "新技师入职")
    page.screenshot(path=str(SCREENS / "team-reopen-desktop.png"), full_page=True)
    click(page, page.locator("main").get_by_role("button", name=zh("Reopen the team")))
    expect(page.get_by_test_id("setup-teams")).to_contain_text("Team Old")
    assert not Team.objects.get(pk=old.pk).is_closed
    ctx.close()
