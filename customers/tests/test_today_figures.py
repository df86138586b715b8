"""The running month's marketing figures on the Today page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from customers import services
from customers.tests.factories import CustomerFactory, EventFactory

pytestmark = pytest.mark.clock("2026-12-02T10:00:00+08:00")


def _contact(customer, by, day, kind="call"):
    services.log_contact(customer, by=by, fields={"date": day, "kind": kind, "outcome": "", "next_step": "",
                                                  "next_due": None})


@pytest.fixture
def december(world, other_manager):
    mine = CustomerFactory(club=world.club1, name="Li Mei", manager=world.customer_manager,
                           joined_on=datetime.date(2026, 12, 1))
    vip = CustomerFactory(club=world.club1, name="Madam Qian", level="vip", manager=other_manager,
                          joined_on=datetime.date(2026, 6, 1))
    _contact(mine, world.customer_manager, datetime.date(2026, 12, 1))
    _contact(mine, world.customer_manager, datetime.date(2026, 12, 2))
    _contact(vip, other_manager, datetime.date(2026, 12, 2), kind="visit")
    EventFactory(club=world.club1, owner=world.marketing, date=datetime.date(2026, 12, 1), attended=17)
    _contact(CustomerFactory(club=world.club2, name="Far Away"), world.store_manager_2, datetime.date(2026, 12, 1))
    return mine, vip


def _numbers(panel):
    main = panel.split('data-testid="today-figures-main"', 1)[1].split("<details", 1)[0]
    return [int(cell.split("</div>", 1)[0]) for cell in main.split('fw-semibold lh-sm">')[1:]]


def _panel(client):
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="today-marketing-figures"' in page
    return page.split('data-testid="today-marketing-figures"', 1)[1].split("</section>", 1)[0]


def test_the_marketing_director_sees_the_months_figures_per_customer_manager_in_english(client_as, world,
                                                                                       december, other_manager):
    client = client_as(world.marketing)
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        panel = _panel(client)
    for words in ("Marketing figures this month", "New members", "Active members", "Follow-ups made",
                  "Follow-ups overdue", "Event attendance", "VIP visits", "The whole club", "Per customer manager"):
        assert words in panel, words
    assert world.customer_manager.name in panel and other_manager.name in panel
    # the club's total: 1 new member, 2 active, 3 follow-ups, 0 overdue, 17 attended, 1 VIP visit
    assert _numbers(panel) == [1, 2, 3, 0, 17, 1]


def test_the_store_manager_sees_them_in_chinese(client_as, world, december):
    client = client_as(world.store_manager)
    client.cookies["django_language"] = "zh-hans"
    panel = _panel(client)
    for words in ("新增会员", "活跃会员", "已做跟进", "逾期跟进", "活动到场人数", "VIP到店", "全会所"):
        assert words in panel, words
    assert world.customer_manager.name in panel


def test_a_customer_manager_sees_only_their_own_row(client_as, world, december, other_manager):
    client = client_as(world.customer_manager)
    client.cookies["django_language"] = "en"
    panel = _panel(client)
    assert "My marketing figures this month" in panel
    assert other_manager.name not in panel and "The whole club" not in panel and "Per customer manager" not in panel
    assert _numbers(panel) == [1, 1, 2, 0, 0, 0]


@pytest.mark.parametrize("persona", ["technician", "supervisor_a", "care_manager", "owner", "store_manager_2"])
def test_nobody_else_sees_club_1s_figures(client_as, world, december, persona):
    page = client_as(getattr(world, persona)).get(reverse("home")).content.decode()
    assert world.customer_manager.name not in page or 'data-testid="today-marketing-figures"' not in page
    if persona != "store_manager_2":
        assert 'data-testid="today-marketing-figures"' not in page


def test_the_today_page_reads_as_many_queries_with_many_customers(client_as, world, december, other_manager,
                                                                   django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(world.marketing)
    client.get(reverse("home"))  # the session and the caches warm up
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    for n in range(30):
        manager = (world.customer_manager, other_manager)[n % 2]
        customer = CustomerFactory(club=world.club1, manager=manager, joined_on=datetime.date(2026, 12, 1),
                                   level=("member", "vip")[n % 2])
        _contact(customer, manager, datetime.date(2026, 12, 2), kind=("call", "visit")[n % 2])
    EventFactory(club=world.club1, owner=other_manager, date=datetime.date(2026, 12, 2), attended=5)
    with django_assert_max_num_queries(len(few)):
        page = client.get(reverse("home")).content.decode()
    assert 'data-testid="today-marketing-figures"' in page
