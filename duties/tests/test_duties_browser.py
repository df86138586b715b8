"""The store manager ticks today's duties on a phone; the owner's review shows them."""

import pytest
from django.utils import timezone

from duties.jobs import create_due_checklists
from duties.models import ChecklistItem
from staff.demo import seed_demo
from tests.browser import DESKTOP, PHONE, SCREENSHOTS, sign_in


@pytest.mark.browser
def test_the_store_manager_ticks_two_items_and_the_owner_sees_them(browser, transactional_db, live_server):
    seed_demo()
    create_due_checklists()
    ctx, page = sign_in(browser, live_server.url, "storemanager", **PHONE)
    page.goto(live_server.url + "/duties/")
    items = page.locator('section[data-testid^="checklist-"] li.list-group-item')
    items.nth(0).locator("button[value=done]").click()
    page.wait_for_load_state()
    second = items.nth(1)
    second.locator("input[name=note]").fill("客诉已回访")
    second.locator("button[value=done]").click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    ctx.close()

    done = ChecklistItem.objects.filter(checklist__person__user__username="storemanager", state="done",
                                        checklist__period_end__gte=timezone.localdate())
    assert done.count() == 2
    assert done.filter(note="客诉已回访").exists()

    ctx, page = sign_in(browser, live_server.url, "owner", **DESKTOP)
    page.goto(live_server.url + "/duties/review/?period=week")
    row = page.get_by_test_id("review-people").locator("tr", has_text=done.first().checklist.person.name)
    assert row.locator("td").nth(1).inner_text() == "2"
    assert "客诉已回访" in page.content()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "duties-review-owner.png"))
    ctx.close()
