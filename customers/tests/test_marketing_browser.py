"""On a phone, in Chinese, the marketing director runs an event from plan to results and adds a member from it;
the month-end summary report carries the month's marketing figures, pre-filled."""

import datetime

import pytest

from customers import selectors
from customers.models import Customer, Event
from staff.demo import seed_demo
from staff.models import Person, Role
from tests.browser import PHONE, SCREENSHOTS, sign_in

pytestmark = pytest.mark.clock("2026-12-02T10:00:00+08:00")


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.mark.browser
def test_the_marketing_director_runs_an_event_from_plan_to_results(browser, transactional_db, live_server, clock):
    from playwright.sync_api import expect

    seed_demo()
    director = Person.objects.get(user__username="marketing")
    ctx, page = sign_in(browser, live_server.url, "marketing", timeout_ms=30_000, **PHONE)

    # the plan and the budget, before the day
    page.goto(f"{live_server.url}/customers/events/new/")
    page.fill("#id_title", "冬季养生讲座")
    page.select_option("#id_kind", "lecture")
    page.fill("#id_date", "2026-12-05")
    page.fill("#id_plan", "邀请五十位会员，讲解冬季养生")
    page.fill("#id_budget", "3000")
    page.fill("#id_invited", "50")
    no_sideways_scroll(page)
    page.get_by_test_id("save-event").click()
    expect(page.get_by_test_id("event-title")).to_contain_text("冬季养生讲座")
    event = Event.objects.get(title="冬季养生讲座")
    assert (event.owner, event.held, event.budget) == (director, False, 3000)

    # after the day: who was invited, signed up and came, and the results
    clock.move_to(datetime.datetime(2026, 12, 6, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=8))))
    ctx.close()  # four days on, the session has ended: sign in again
    ctx, page = sign_in(browser, live_server.url, "marketing", timeout_ms=30_000, **PHONE)
    page.goto(f"{live_server.url}/customers/events/{event.pk}/edit/")
    page.fill("#id_invited", "50")
    page.fill("#id_signed_up", "32")
    page.fill("#id_attended", "27")
    page.fill("#id_topups", "15000")
    page.fill("#id_results", "九人充值，两位新会员")
    page.check("#id_held")
    page.get_by_test_id("save-event").click()
    expect(page.get_by_test_id("event-counts")).to_have_text("50 / 32 / 27")
    expect(page.get_by_test_id("event-file")).to_contain_text("九人充值")
    expect(page.get_by_test_id("event-new-members")).to_have_text("0")

    # a new member from the event counts in its results
    page.get_by_test_id("add-member-from-event").click()
    page.fill("#id_name", "韩思远")
    page.fill("#id_phone", "13700001111")
    page.check("#id_consent")
    no_sideways_scroll(page)
    page.get_by_test_id("save-customer").click()
    expect(page.get_by_test_id("customer-name")).to_contain_text("韩思远")
    assert Customer.objects.get(name="韩思远").event == event
    page.goto(f"{live_server.url}/customers/events/{event.pk}/")
    expect(page.get_by_test_id("event-new-members")).to_have_text("1")
    expect(page.get_by_test_id("event-newcomers")).to_contain_text("韩思远")
    no_sideways_scroll(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "customers-event.png"), full_page=True)
    ctx.close()


@pytest.mark.browser
def test_the_month_end_report_carries_the_marketing_figures(browser, transactional_db, live_server):
    from playwright.sync_api import expect

    from meetings import services as meeting_services
    from meetings.models import DayRule, Frequency, Kind, Meeting, Report
    from meetings.tests.factories import make_series

    from customers import demo as customers_demo

    seed_demo()
    director = Person.objects.get(user__username="marketing")
    customers_demo.seed(club=director.club, today=datetime.date(2026, 12, 2))  # a year of customers and contacts
    meeting = (Meeting.objects.filter(club=director.club, chair=director, series__kind=Kind.MONTH_END,
                                      starts_at__date__gte=datetime.date(2026, 11, 20),
                                      starts_at__date__lte=datetime.date(2026, 12, 1))
               .order_by("-starts_at").first())
    if meeting is None:
        series = make_series(director.club, director.department, director, title="营销月末总结",
                             kind=Kind.MONTH_END, frequency=Frequency.MONTHLY, day_rule=DayRule.LAST_WORKING_DAY,
                             positions=["marketing_director", "customer_manager"])
        meeting_services.meetings_make(series=series, days=[datetime.date(2026, 11, 30)])
        meeting = Meeting.objects.get(series=series)
    Report.objects.filter(meeting=meeting).delete()  # the report not started: pre-filled with today's figures
    november = selectors.month_figures(director.club, datetime.date(2026, 11, 1))
    total = november[-1]
    assert total["follow_ups"] > 0

    ctx, page = sign_in(browser, live_server.url, "marketing", timeout_ms=30_000, **PHONE)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/report/")
    figures = page.get_by_test_id("figures")
    expect(figures).to_contain_text("各客户经理营销数据")
    expect(figures).to_contain_text("新增会员")
    expect(figures).to_contain_text("已做跟进")
    expect(figures).to_contain_text("全会所")
    for row in november[:-1]:
        if any(row[key] for key in selectors.FIGURES):
            expect(figures).to_contain_text(row["person"].name)
    table = figures.locator("table", has_text="全会所")
    whole = table.locator("tr", has_text="全会所")
    expect(whole).to_contain_text(str(total["follow_ups"]))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "customers-month-end-report.png"), full_page=True)
    ctx.close()
    assert Person.objects.filter(position=Role.MARKETING_DIRECTOR, club=director.club).exists()
