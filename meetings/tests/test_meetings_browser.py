"""The marketing director runs today's daily work meeting on a phone; the store manager finds their action item."""

import datetime

import pytest
from django.utils import timezone

from meetings.jobs import create_due_meetings
from meetings.models import ActionItem, Attendee, Meeting
from staff.demo import seed_demo
from staff.models import Person, Role
from tests.browser import DESKTOP, PHONE, SCREENSHOTS, accessibility_problems, sign_in


@pytest.mark.browser
def test_marketing_runs_the_daily_meeting_and_the_store_manager_sees_the_action_item(
        browser, transactional_db, live_server):
    seed_demo()
    create_due_meetings()
    director = Person.objects.get(user__username="marketing")
    store_manager = Person.objects.get(user__username="storemanager")
    today = timezone.localdate(timezone=director.club.zone)
    meeting = Meeting.objects.get(series__club=director.club, series__key="marketing-daily", occurrence=today)
    tomorrow = Meeting.objects.get(series=meeting.series, occurrence=today + datetime.timedelta(days=1))

    ctx, page = sign_in(browser, live_server.url, "marketing", **PHONE)
    page.goto(live_server.url + "/meetings/")
    page.locator(f'a[href="/meetings/{meeting.pk}/"]').first.click()
    page.wait_for_url(f"{live_server.url}/meetings/{meeting.pk}/")

    page.get_by_test_id("take-attendance").click()
    rows = page.get_by_test_id("attendee-row")
    assert rows.count() == Attendee.objects.filter(meeting=meeting).count() >= 2
    for n in range(rows.count()):
        rows.nth(n).locator("label").first.click()  # the first choice: present
    rows.nth(1).locator("input[type=text]").fill("晚到五分钟")
    page.get_by_test_id("save-attendance").click()
    page.wait_for_url(f"{live_server.url}/meetings/{meeting.pk}/")

    page.locator("[data-testid=minutes-form] textarea[name=minutes]").fill("回顾昨日接待情况；今日重点：VIP回访。")
    page.locator("[data-testid=minutes-form] button[type=submit]").click()
    page.wait_for_load_state()
    page.locator("[data-testid=decision-form] textarea[name=text]").fill("本周内完成全部VIP会员电话回访。")
    page.locator("[data-testid=decision-form] button[type=submit]").click()
    page.wait_for_load_state()
    form = page.locator("[data-testid=item-form]")
    form.locator("input[name=what]").fill("确认下月讲座场地")
    form.locator("select[name=owner]").select_option(label=store_manager.name)
    form.locator("input[name=due]").fill((today + datetime.timedelta(days=3)).isoformat())
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "确认下月讲座场地" in page.get_by_test_id("raised-items").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert accessibility_problems(page) == []  # one id per element, each field labelled, readable contrast
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "meetings-meeting-phone.png"), full_page=True)

    page.get_by_test_id("next-meeting").click()
    page.wait_for_url(f"{live_server.url}/meetings/{tomorrow.pk}/")
    carried = page.get_by_test_id("carried-items").inner_text()
    assert "确认下月讲座场地" in carried and store_manager.name in carried
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    ctx.close()

    meeting.refresh_from_db()
    assert meeting.status == "held" and "VIP回访" in meeting.minutes
    assert list(meeting.decisions.values_list("text", flat=True)) == ["本周内完成全部VIP会员电话回访。"]
    assert set(Attendee.objects.filter(meeting=meeting).values_list("status", flat=True)) == {"present"}
    item = ActionItem.objects.get(meeting=meeting)
    assert (item.owner, item.status) == (store_manager, "open")

    ctx, page = sign_in(browser, live_server.url, "storemanager", **DESKTOP)
    page.goto(live_server.url + "/meetings/action-items/")
    mine = page.get_by_test_id("my-open-items").inner_text()
    assert "确认下月讲座场地" in mine
    page.screenshot(path=str(SCREENSHOTS / "meetings-my-action-items.png"))
    ctx.close()
    assert store_manager.position == Role.STORE_MANAGER
