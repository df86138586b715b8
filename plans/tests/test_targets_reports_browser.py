"""A target followed into the pages that report on it: the marketing director's approved October plan (customers
served and a ceiling of late arrivals) and the till's October figures; on 2 November the director opens the
month-end summary report to the superior on a phone and reads each target, its actual and the gap, pre-filled;
the owner opens October's monthly report at a desk and reads the same target and actual in "Targets and
actuals", with what was reached in words."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from business import services as business
from business.models import Source
from meetings.tests.test_reports import october  # noqa: F401  (the marketing department's October)
from plans.models import Period, Status
from tests.browser import DESKTOP, PHONE, SCREENSHOTS
from tests.browser import sign_in as browser_sign_in
from tests.factories import PASSWORD

from .conftest import make_plan

pytestmark = [pytest.mark.browser, pytest.mark.clock("2026-11-02T10:00:00+08:00")]

OCT = datetime.date(2026, 10, 1)
SLOW_MS = 30_000  # a shared machine under load


def zh(message):
    with translation.override("zh-hans"):
        return str(translation.gettext(message))


def sign_in(browser, url, person, **context):
    return browser_sign_in(browser, url, person.user.username, password=PASSWORD, timeout_ms=SLOW_MS, **context)


def cells(row):
    return [" ".join(cell.split()) for cell in row.locator("th, td").all_inner_texts()]


@pytest.fixture
def marketing_october(transactional_db, live_server, world, october):  # noqa: F811
    plan = make_plan(world.marketing, period=Period.MONTH, start=OCT, end=datetime.date(2026, 10, 31),
                     title="营销部十月计划", targets=[("customers_served", "100", {}), ("late_arrivals", "3", {})])
    plan.status = Status.APPROVED
    plan.save(update_fields=["status"])
    # the till: 35 + 25 customers served in October, 12 on 1 November (not October's)
    for day, served in ((OCT.replace(day=7), 35), (OCT.replace(day=21), 25), (datetime.date(2026, 11, 1), 12)):
        business.save_figures(world.club1, {day: {"club": {"customers_served": Decimal(served)}}},
                              source=Source.FORM, by=world.store_manager)
    return plan


def test_a_target_reaches_the_summary_report_and_the_owners_report(browser, live_server, world, october,  # noqa: F811
                                                                   marketing_october):
    from playwright.sync_api import expect

    # The director, on a phone: the month-end report to the store manager carries the plan, pre-filled.
    ctx, page = sign_in(browser, live_server.url, world.marketing, **PHONE)
    page.goto(f"{live_server.url}/meetings/{october.pk}/report/")
    figures = page.get_by_test_id("figures")
    title = zh("%(plan)s: targets and actuals (%(elapsed)s of the period)") % {"plan": "营销部十月计划",
                                                                               "elapsed": "100.0 %"}
    expect(figures).to_contain_text(title)
    table = figures.locator("table").filter(has=page.locator("th", has_text=zh("Gap")))
    assert cells(table.locator("thead tr")) == [zh("Item"), zh("Target"), zh("Actual"), zh("Gap"), zh("Reached")]
    rows = {cells(row)[0]: cells(row)[1:] for row in table.locator("tbody tr").all()}
    # 60 customers served against 100: 40 short, 60 % reached; one late arrival against at most three
    assert rows[zh("Customers served")] == ["100", "60", "-40", "60.0 %"]
    assert rows[zh("Late arrivals")] == ["3", "1", "-2", zh("within the ceiling")]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.locator("textarea[name=analysis]").fill("客流差四十人。")
    page.locator("textarea[name=plan]").fill("十一月加推会员日。")
    page.get_by_role("button", name=zh("Save the draft")).click()
    expect(page.get_by_test_id("report-status")).to_have_text(zh("Draft"))
    expect(figures.locator("table").filter(has_text="-40")).to_have_count(1)  # kept with the draft
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "plans-summary-targets-phone.png"), full_page=True)
    ctx.close()

    # The owner, at a desk: October's report for the chain, "Targets and actuals".
    ctx, page = sign_in(browser, live_server.url, world.owner, **DESKTOP)
    page.goto(f"{live_server.url}/reports/monthly/2026-10/")
    section = page.get_by_test_id("report-targets")
    expect(section).to_contain_text(zh("Targets and actuals"))
    plan_rows = section.locator("tbody").filter(has=page.get_by_test_id("report-target-plan").filter(
        has_text="营销部十月计划"))
    expect(plan_rows).to_have_count(1)
    lines = {cells(row)[0]: cells(row)[1:] for row in plan_rows.get_by_test_id("report-target-line").all()}
    # actual, target, reached
    assert lines[zh("Customers served")] == ["60", "100", "60.0 %"]
    assert lines[zh("Late arrivals")] == ["1", "3", zh("within the ceiling")]
    plan_rows.get_by_test_id("report-target-plan").click()
    page.wait_for_url(f"{live_server.url}/plans/{marketing_october.pk}/")
    page.screenshot(path=str(SCREENSHOTS / "plans-report-targets-desktop.png"), full_page=True)
    ctx.close()
