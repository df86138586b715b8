"""A finished month's report page keeps the other apps' sections (plans' targets, customers' figures) once drawn,
per reader, and draws them again when a record they show changes (``reports.feeds``: their feeds are marked
``page`` and write ``SectionMark``; ``reports.views._sections``)."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import forget_cache
from customers import services as customer_services
from customers.models import Customer
from customers.tests.factories import CustomerFactory
from kernel.months import last_months
from plans import metrics
from plans.models import Period, Plan, Target
from plans.models import Status as PlanStatus
from reports import feeds
from reports.models import StaleMonth
from reports.selectors import clubs_with_first_month
from reports.snapshots import snapshots_for
from reports.tests.test_feeds import _tables_read
from staff import registry
from staff.models import Club

from .conftest import make_plan

# Each write commits, as a request's does: marks written once per transaction (``feeds.mark``) are then written
# again by the next change, which a test held in one transaction would not show.
pytestmark = [pytest.mark.clock("2026-11-20T15:00:00+08:00"), pytest.mark.django_db(transaction=True)]

OCT = datetime.date(2026, 10, 1)
URL = "/reports/monthly/2026-10/"


@pytest.fixture
def kept_october(world, settings, monkeypatch):
    """October's snapshots built (so its page is kept), and a count of the times the sections are read."""
    forget_cache(settings)
    snapshots_for(clubs_with_first_month(Club.objects.all()), last_months(OCT, 12))
    reads = []
    real = registry.report_sections
    monkeypatch.setattr(registry, "report_sections", lambda *a: reads.append(a[0]) or real(*a))
    return reads


def _approved_plan(world, value="120"):
    plan = make_plan(world.store_manager, department=None, period=Period.MONTH, start=OCT,
                     end=datetime.date(2026, 10, 31), title="October plan", targets=[("services", value, {})])
    plan.status = PlanStatus.APPROVED
    plan.save(update_fields=["status"])
    return plan


def _contact(customer, by, day, kind="call"):
    customer_services.log_contact(customer, by=by, fields={"date": day, "kind": kind, "outcome": "",
                                                           "next_step": "", "next_due": None})


def _page(client):
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def _targets(page):
    return page.split('data-testid="report-target-plan"', 1)[1].split("</table>", 1)[0]


def _marketing_row(page, club):
    return page.split(f"<tr><td>{club.name}</td>", 1)[1].split("</tr>", 1)[0]


def _stale_marks():
    return sorted(StaleMonth.objects.values_list("club_id", "month", "changed_at"))


def test_the_targets_are_kept_and_a_changed_target_or_plan_draws_them_again(client_as, world, kept_october):
    stale = _stale_marks()
    plan = _approved_plan(world)
    client = client_as(world.owner)
    first = _page(client)
    assert "120" in _targets(first) and len(kept_october) == 1
    with CaptureQueriesContext(connection) as queries:
        again = _page(client)
    assert len(kept_october) == 1, "the sections were kept"
    assert not [q for q in queries.captured_queries if "plans_plan" in q["sql"]]
    assert _targets(again) == _targets(first)

    target = Target.objects.get(plan=plan)
    target.value = Decimal("150")
    target.save()
    changed = _page(client)
    assert len(kept_october) == 2 and "150" in _targets(changed) and "120" not in _targets(changed)

    plan.title = "October plan, revised"
    plan.save()
    assert "October plan, revised" in _page(client)
    assert _stale_marks() == stale, "a plan makes no snapshot stale"


def _cells(row):
    """The club's row: new members, active members, follow-ups, overdue, event attendance, VIP visits."""
    return [int(cell.split("</td>", 1)[0]) for cell in row.split('<td class="text-end">')[1:]]


def test_a_contact_logged_late_and_a_customer_s_new_level_show_on_the_kept_page(client_as, world, kept_october):
    stale = _stale_marks()
    customer = CustomerFactory(club=world.club1, name="Madam Qian", level="member", manager=world.customer_manager,
                               joined_on=datetime.date(2026, 6, 1))
    _contact(customer, world.customer_manager, datetime.date(2026, 10, 12), kind="visit")
    client = client_as(world.owner)
    assert _cells(_marketing_row(_page(client), world.club1)) == [0, 1, 1, 0, 0, 0]
    _page(client)
    reads = len(kept_october)

    _contact(customer, world.customer_manager, datetime.date(2026, 10, 20), kind="visit")  # entered late
    assert _cells(_marketing_row(_page(client), world.club1)) == [0, 1, 2, 0, 0, 0]
    assert len(kept_october) == reads + 1

    customer = Customer.objects.get(pk=customer.pk)
    customer.phone = "13800000000"  # no figure of October: the kept page stays
    customer.save()
    _page(client)
    assert len(kept_october) == reads + 1
    customer.level = "vip"  # both October visits were a VIP's
    customer.save()
    assert _cells(_marketing_row(_page(client), world.club1)) == [0, 1, 2, 0, 0, 2]
    assert _stale_marks() == stale, "a customer makes no snapshot stale"


def test_each_reader_gets_their_own_sections(client_as, world, kept_october):
    """The owner and the store manager read the same page of club 1; what each may see there is read for each."""
    _approved_plan(world)
    url = reverse("reports:club_monthly", args=["2026-10", world.club1.pk])
    for reader in (world.owner, world.store_manager, world.owner, world.store_manager):
        response = client_as(reader).get(url)
        assert response.status_code == 200 and "October plan" in response.content.decode()
    assert [reader.pk for reader in kept_october] == [world.owner.pk, world.store_manager.pk]


def test_every_table_the_sections_read_is_registered_as_a_feed_or_a_reference(world, kept_october):
    """Every table that the sections' queries read either marks its months when it changes, or is listed in
    ``feeds.REFERENCE`` with the reason it does not need to. A new metric or section that reads a new table fails
    here until it is registered."""
    make_plan(world.store_manager, department=None, period=Period.MONTH, start=OCT, end=datetime.date(2026, 10, 31),
              title="Every metric", targets=[(key, "10", {}) for key in metrics.registry()])
    Plan.objects.update(status=PlanStatus.APPROVED)
    customer = CustomerFactory(club=world.club1, manager=world.customer_manager, joined_on=OCT)
    _contact(customer, world.customer_manager, datetime.date(2026, 10, 12), kind="visit")
    by_table = {m._meta.db_table: m._meta.label_lower for m in apps.get_models()}
    with CaptureQueriesContext(connection) as queries:
        templates, context = registry.report_sections(world.owner, [world.club1, world.club2], OCT)
    assert len(templates) == 2 and context["report_targets"] and context["customers_report"]
    read = {by_table[t] for t in _tables_read(q["sql"] for q in queries.captured_queries) if t in by_table}
    assert {"plans.plan", "customers.contact", "attendance.attendance"} <= read, read
    unregistered = read - feeds.labels() - set(feeds.REFERENCE)
    assert unregistered == set(), f"the page's sections read tables not in reports/feeds.py: {sorted(unregistered)}"
