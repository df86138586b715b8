"""The marketing director drafts a quarterly plan with its targets split by month on a phone; the store manager
returns it with a comment; the director changes and resubmits it; the store manager approves it; the plan
shows its actuals against the targets."""

import datetime

import pytest
from django.utils import timezone, translation

from attendance.models import Attendance, Status
from kernel.months import next_month
from plans.models import Plan, PlanStep
from plans.models import Status as PlanStatus
from staff.demo import seed_demo
from staff.models import Person, Role
from tests.browser import PHONE, SCREENSHOTS, sign_in


def zh(message):
    with translation.override("zh-hans"):
        return str(translation.gettext(message))


@pytest.mark.browser
def test_a_quarterly_plan_is_drafted_returned_resubmitted_and_approved(browser, transactional_db, live_server):
    from playwright.sync_api import expect

    seed_demo()
    director = Person.objects.get(user__username="marketing")
    club = director.club
    today = timezone.localdate(timezone=club.zone)
    quarter = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    months = [quarter, next_month(quarter), next_month(next_month(quarter))]
    customer_managers = list(Person.objects.filter(club=club, position=Role.CUSTOMER_MANAGER)[:2])
    for person in customer_managers:  # two late arrivals in the marketing department today
        Attendance.objects.create(person=person, club=club, date=today, status=Status.LATE, late_minutes=10)

    ctx, page = sign_in(browser, live_server.url, "marketing", **PHONE)
    page.goto(live_server.url + "/plans/add/")
    form = page.get_by_test_id("plan-form")
    form.locator("input[name=title]").fill("第四季度营销计划")
    form.locator("select[name=period]").select_option("quarter")
    form.locator("input[name=starts_on]").fill(quarter.isoformat())
    form.locator("textarea[name=goals]").fill("新会员增长，迟到减少。")
    page.get_by_test_id("save-plan").click()
    page.wait_for_url("**/plans/*/edit/")
    plan = Plan.objects.get(title="第四季度营销计划")
    assert (plan.starts_on, plan.department.kind, plan.approver.user.username) == (quarter, "marketing",
                                                                                  "storemanager")

    rows = [("30", ""), ("10", f"month:{months[0].isoformat()}"), ("10", f"month:{months[1].isoformat()}"),
            ("8", f"month:{months[2].isoformat()}")]
    for n, (value, part) in enumerate(rows):
        page.locator(f"select[name=t-{n}-metric]").select_option("late_arrivals")
        page.locator(f"input[name=t-{n}-value]").fill(value)
        page.locator(f"select[name=t-{n}-part]").select_option(part)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_test_id("save-submit").click()
    page.wait_for_url(f"{live_server.url}/plans/{plan.pk}/")
    expect(page.get_by_test_id("plan-status")).to_have_text(zh("Submitted"))
    differ = page.get_by_test_id("parts-differ")
    expect(differ).to_be_visible()  # 10 + 10 + 8 = 28, not 30
    ctx.close()

    ctx, page = sign_in(browser, live_server.url, "storemanager", **PHONE)
    expect(page.get_by_test_id("today-plan-waiting")).to_contain_text("第四季度营销计划")
    page.get_by_test_id("today-plan-waiting").click()
    page.wait_for_url(f"{live_server.url}/plans/{plan.pk}/")
    page.locator("[data-testid=decide-form] textarea[name=comment]").fill("月度目标加起来不等于季度目标，请调整。")
    page.get_by_test_id("return").click()
    expect(page.get_by_test_id("return-comment")).to_contain_text("月度目标加起来不等于季度目标")
    expect(page.get_by_test_id("plan-status")).to_have_text(zh("Returned for changes"))
    ctx.close()

    ctx, page = sign_in(browser, live_server.url, "marketing", **PHONE)
    page.goto(f"{live_server.url}/plans/{plan.pk}/")
    page.get_by_test_id("edit-plan").click()
    page.wait_for_url(f"{live_server.url}/plans/{plan.pk}/edit/")
    expect(page.get_by_test_id("return-comment")).to_contain_text("请调整")
    page.locator("input[name=t-3-value]").fill("10")
    page.get_by_test_id("save-submit").click()
    page.wait_for_url(f"{live_server.url}/plans/{plan.pk}/")
    expect(page.get_by_test_id("plan-status")).to_have_text(zh("Submitted"))
    expect(page.get_by_test_id("parts-match")).to_be_visible()
    ctx.close()

    ctx, page = sign_in(browser, live_server.url, "storemanager", **PHONE)
    page.goto(f"{live_server.url}/plans/{plan.pk}/")
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("approved-note")).to_be_visible()
    expect(page.get_by_test_id("plan-status")).to_have_text(zh("Approved"))
    line = page.get_by_test_id("target-line").first
    expect(line.get_by_test_id("line-target")).to_have_text("30")
    expect(line.get_by_test_id("line-actual")).to_have_text("2")
    progress = line.get_by_test_id("line-progress").inner_text()
    # 2 of 30, beside the share of the quarter passed, in the reader's words: "目标完成 6.7 %，全季已过 …%"
    assert progress.startswith("目标完成 6.7 %") and "全季已过" in progress and progress.count("%") == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "plans-plan-phone.png"), full_page=True)
    assert page.get_by_test_id("edit-plan").count() == 0  # read-only
    ctx.close()

    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert list(plan.steps.values_list("action", flat=True)) == [
        PlanStep.Action.SUBMITTED, PlanStep.Action.RETURNED, PlanStep.Action.SUBMITTED, PlanStep.Action.APPROVED]
    assert sorted(plan.targets.values_list("value", flat=True)) == [10, 10, 10, 30]
