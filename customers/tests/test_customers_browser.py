"""On a phone, a customer manager adds a member from an event, logs a follow-up, and sees the next one on
their Today page."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from customers.models import Contact, Customer, Event
from staff.demo import DEMO_PASSWORD, seed_demo
from staff.models import Person, Role
from tests.browser import PHONE, SCREENSHOTS, sign_in

pytestmark = pytest.mark.clock("2026-12-02T10:00:00+08:00")


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.mark.browser
def test_a_customer_manager_adds_a_member_from_an_event_and_sees_the_follow_up_today(browser, transactional_db,
                                                                                     live_server):
    from playwright.sync_api import expect

    seed_demo()
    manager = Person.objects.filter(position=Role.CUSTOMER_MANAGER, club__code="sh-jingan").order_by("pk").first()
    user = get_user_model().objects.create_user(username="cm1", password=DEMO_PASSWORD)
    manager.user = user
    manager.save()
    event = Event.objects.create(club=manager.club, title="冬季会员答谢日", kind="member_event",
                                 date=datetime.date(2026, 11, 28), owner=manager, attended=18, held=True)

    ctx, page = sign_in(browser, live_server.url, "cm1", **PHONE)
    page.goto(f"{live_server.url}/customers/events/{event.pk}/")
    no_sideways_scroll(page)
    page.get_by_test_id("add-member-from-event").click()
    page.fill("#id_name", "林晓雯")
    page.fill("#id_phone", "13812345678")
    page.fill("#id_health_notes", "腰椎不适，避免重压")
    page.check("#id_consent")
    no_sideways_scroll(page)
    page.get_by_test_id("save-customer").click()
    expect(page.get_by_test_id("customer-name")).to_contain_text("林晓雯")
    expect(page.get_by_test_id("masked-phone")).to_have_text("138****5678")
    expect(page.locator("main")).not_to_contain_text("腰椎")
    customer = Customer.objects.get(name="林晓雯")
    assert (customer.event, customer.source, customer.manager, customer.consent) == (event, "event", manager, True)

    page.select_option("#id_kind", "call")
    page.fill("#id_outcome", "对冬季套餐有兴趣")
    page.fill("#id_next_step", "发送冬季套餐价格")
    page.fill("#id_next_due", "2026-12-02")
    page.get_by_test_id("save-contact").click()
    expect(page.get_by_test_id("contacts")).to_contain_text("对冬季套餐有兴趣")
    assert Contact.objects.filter(customer=customer, next_by=manager, next_done=False).count() == 1

    page.goto(f"{live_server.url}/")
    panel = page.get_by_test_id("today-customers")
    expect(panel).to_contain_text("林晓雯")
    expect(panel).to_contain_text("发送冬季套餐价格")
    no_sideways_scroll(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "customers-today.png"), full_page=True)

    page.goto(f"{live_server.url}/customers/events/{event.pk}/")
    expect(page.get_by_test_id("event-newcomers")).to_contain_text("林晓雯")
    ctx.close()
