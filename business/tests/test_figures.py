"""Business figures: what is kept, what the selectors give, the day's form, the month's page, the demo."""

import datetime
import time
from decimal import Decimal

import pytest
from django.urls import reverse

from attendance.models import MonthLock
from business import demo, selectors, services
from business.metrics import METRICS
from business.models import ClubDay, Entry, Source, TechnicianDay
from staff import locks
from tests.factories import PersonFactory

from .conftest import DAY, zh

pytestmark = pytest.mark.clock("2026-11-20T15:00:00+08:00")


def save(world, date, club=None, people=None, by=None, **kwargs):
    figures = {date: {"club": club or {}, "people": people or {}}}
    return services.save_figures(world.club1, figures, source=Source.FORM, by=by or world.store_manager, **kwargs)


def test_the_metrics_are_the_eight_figures_in_order():
    assert list(METRICS) == ["customers_served", "revenue", "services", "requested_services", "addon_sales",
                             "product_sales", "new_members", "member_topups"]
    assert {key for key, m in METRICS.items() if m.per_person} == {"services", "requested_services"}
    assert {m.unit for m in METRICS.values()} == {"count", "money"}
    label, unit, per_person = METRICS["revenue"]
    assert (zh("Revenue"), unit, per_person) == (str(zh("Revenue")), "money", False)


def test_totals_sum_the_club_the_team_and_the_person_over_inclusive_dates(world, django_assert_num_queries):
    first, second, outside = DAY - datetime.timedelta(days=1), DAY, DAY - datetime.timedelta(days=2)
    save(world, outside, club={"revenue": Decimal("999")}, people={world.technician: {"services": Decimal("9")}})
    save(world, first, club={"revenue": Decimal("1000.50"), "customers_served": Decimal(10)},
         people={world.technician: {"services": Decimal("4"), "requested_services": Decimal("1")},
                 world.technician_b: {"services": Decimal("3.5")}})
    save(world, second, club={"revenue": Decimal("2000"), "new_members": Decimal(2)},
         people={world.technician: {"services": Decimal("5"), "requested_services": Decimal("2")},
                 world.technician_a2: {"services": Decimal("6")}})
    services.save_figures(world.club2, {second: {"club": {"revenue": Decimal("50000")}, "people": {
        world.technician_2: {"services": Decimal("40")}}}}, source=Source.FORM, by=world.store_manager_2)

    with django_assert_num_queries(2):
        club = selectors.totals(world.club1, first, second)
    assert club["revenue"] == Decimal("3000.50")
    assert club["customers_served"] == 10 and club["new_members"] == 2
    assert club["product_sales"] == 0  # never entered: nothing to add
    assert club["services"] == Decimal("18.5") and club["requested_services"] == 3
    assert set(club) == set(METRICS) and all(isinstance(v, Decimal) for v in club.values())

    team = selectors.totals(world.club1, first, second, team=world.team_a)
    assert team["services"] == 15 and team["revenue"] == Decimal("3000.50")
    person = selectors.totals(world.club1, first, second, person=world.technician)
    assert (person["services"], person["requested_services"]) == (9, 3)

    with django_assert_num_queries(1):
        per = selectors.per_person(world.club1, first, second, "services")
    assert per == {world.technician.pk: 9, world.technician_b.pk: Decimal("3.5"), world.technician_a2.pk: 6}
    with pytest.raises(ValueError):
        selectors.per_person(world.club1, first, second, "revenue")


def test_a_late_correction_keeps_the_earlier_value_and_who_changed_it(world):
    first = save(world, DAY, club={"revenue": Decimal("1000")}, people={world.technician: {"services": Decimal(4)}})
    assert save(world, DAY, club={"revenue": Decimal("1000")}) is None  # nothing changes: no entry, no revision
    second = save(world, DAY, club={"revenue": Decimal("1200")}, by=world.owner)
    day = ClubDay.objects.get(club=world.club1, date=DAY)
    assert (day.revenue, day.revision, day.entry) == (Decimal("1200.00"), 2, second)
    assert [h.revenue for h in day.history.order_by("history_id")] == [Decimal("1000.00"), Decimal("1200.00")]
    assert [h.entry_id for h in day.history.order_by("history_id")] == [first.pk, second.pk]
    assert second.by == world.owner and second.source == Source.FORM


def test_a_locked_month_refuses_a_change_without_the_store_manager_and_a_reason(world):
    save(world, datetime.date(2026, 10, 14), club={"revenue": Decimal("1000")})
    MonthLock.objects.create(club=world.club1, month=datetime.date(2026, 10, 1), locked_by=world.store_manager)
    october = datetime.date(2026, 10, 14)
    with pytest.raises(services.FiguresRefused, match="2026-10"):
        save(world, october, club={"revenue": Decimal("1")}, by=world.supervisor_a)
    with pytest.raises(services.FiguresRefused):
        save(world, october, club={"revenue": Decimal("1")})  # the store manager, but no reason
    with pytest.raises(services.FiguresRefused):  # a token (no person) never changes a locked month
        services.save_figures(world.club1, {october: {"club": {"revenue": Decimal("1")}}}, source=Source.API)
    with pytest.raises(locks.MonthLocked):  # nor does a save that goes around the service
        day = ClubDay.objects.get(date=october)
        day.revenue = Decimal("2")
        day.save()
    assert ClubDay.objects.get(date=october).revenue == Decimal("1000.00")

    save(world, october, club={"revenue": Decimal("1100")}, people={world.technician: {"services": Decimal(3)}},
         reason="Till corrected a refund")
    day = ClubDay.objects.get(date=october)
    assert day.revenue == Decimal("1100.00")
    assert day.history.first().history_change_reason == "Till corrected a refund"
    assert TechnicianDay.objects.get(date=october).services == 3


# --- The day's form ----------------------------------------------------------------------------------


def day_url(date=DAY):
    return f"{reverse('business:day')}?date={date:%Y-%m-%d}"


def form_body(world, **values):
    body = {"customers_served": "84", "revenue": "25600.50", "addon_sales": "2100", "product_sales": "880",
            "new_members": "3", "member_topups": "6000",
            f"s{world.technician.pk}": "6", f"r{world.technician.pk}": "2",
            f"s{world.technician_a2.pk}": "5.5", f"r{world.technician_a2.pk}": "0",
            f"s{world.technician_b.pk}": "", f"r{world.technician_b.pk}": ""}
    body.update(values)
    return body


def test_the_store_manager_enters_a_day_all_or_nothing_and_sees_it_again(client, world):
    client.force_login(world.store_manager.user)
    page = client.get(day_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert zh("Nothing entered for this day yet.") in text
    assert "Tech A1" in text and "Tech B1" in text and "Tech Two" not in text

    bad = client.post(day_url(), form_body(world, **{f"r{world.technician.pk}": "7"}))
    assert bad.status_code == 200
    text = bad.content.decode()
    assert zh("More requested services than services.") in text
    assert zh("Nothing was saved; see below. What you entered is still there.") in text
    assert 'value="25600.50"' in text  # what was typed is still there
    assert not ClubDay.objects.exists() and not TechnicianDay.objects.exists()

    negative = client.post(day_url(), form_body(world, revenue="-5"))
    assert negative.status_code == 200 and not ClubDay.objects.exists()

    good = client.post(day_url(), form_body(world))
    assert good.status_code == 302
    day = ClubDay.objects.get(club=world.club1, date=DAY)
    assert (day.revenue, day.customers_served, day.entry.source, day.entry.by) == (
        Decimal("25600.50"), 84, Source.FORM, world.store_manager)
    assert {r.person_id: r.services for r in TechnicianDay.objects.all()} == {
        world.technician.pk: 6, world.technician_a2.pk: Decimal("5.5")}

    again = client.get(day_url())
    text = again.content.decode()
    assert 'value="25600.50"' in text and 'value="5.5"' in text
    assert zh("Entry form") in text and "store_manager" in text  # how and by whom it was entered

    client.post(day_url(), form_body(world, revenue="26000"))
    day.refresh_from_db()
    assert (day.revenue, day.revision) == (Decimal("26000.00"), 2)


def test_a_future_day_is_not_offered(client, world):
    client.force_login(world.store_manager.user)
    page = client.get(f"{reverse('business:day')}?date=2026-12-25")
    assert page.status_code == 200
    assert page.context["date"] == datetime.date(2026, 11, 20)


def test_a_locked_day_needs_a_reason_on_the_form(client, world):
    MonthLock.objects.create(club=world.club1, month=datetime.date(2026, 10, 1), locked_by=world.store_manager)
    client.force_login(world.store_manager.user)
    october = datetime.date(2026, 10, 14)
    refused = client.post(day_url(october), form_body(world))
    assert refused.status_code == 200
    assert zh("This month is locked: give a reason for the change.") in refused.content.decode()
    assert not ClubDay.objects.exists()
    saved = client.post(day_url(october), form_body(world, lock_reason="Entered late"))
    assert saved.status_code == 302
    assert ClubDay.objects.get(date=october).history.first().history_change_reason == "Entered late"


def test_the_owner_picks_the_club_and_club_two_stays_apart(client, world):
    client.force_login(world.owner.user)
    response = client.post(f"{day_url()}&club={world.club2.pk}", {"revenue": "700"})
    assert response.status_code == 302
    assert ClubDay.objects.get().club == world.club2
    client.force_login(world.store_manager.user)
    assert client.post(f"{day_url()}&club={world.club2.pk}", {"revenue": "1"}).status_code == 404
    assert ClubDay.objects.get().revenue == Decimal("700.00")


# --- The month's page ------------------------------------------------------------------------------


def _many_technicians(world, count):
    for n in range(count):
        PersonFactory(name=f"Extra {n}", club=world.club1, department=world.technician.department, team=world.team_b)


@pytest.mark.parametrize("extra", [0, 12])
def test_the_pages_run_the_same_queries_for_few_or_many_technicians(client, world, extra,
                                                                    django_assert_max_num_queries):
    _many_technicians(world, extra)
    from staff.models import Person

    people = {p: {"services": Decimal(4), "requested_services": Decimal(1)}
              for p in Person.objects.filter(club=world.club1, position="technician")}
    for offset in range(5):
        save(world, DAY - datetime.timedelta(days=offset), club={"revenue": Decimal(1000)}, people=people)
    client.force_login(world.store_manager.user)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("business:figures")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(day_url()).status_code == 200
    with django_assert_max_num_queries(40):
        body = {f"s{p.pk}": "5" for p in people}
        assert client.post(day_url(), {"revenue": "1200", **body}).status_code == 302


def test_the_month_page_shows_the_days_the_totals_and_each_technician(client, world):
    save(world, DAY, club={"revenue": Decimal("25600.50"), "customers_served": Decimal(84)},
         people={world.technician: {"services": Decimal(6), "requested_services": Decimal(3)}})
    save(world, DAY, club={"revenue": Decimal("25700")})
    client.force_login(world.store_manager.user)
    page = client.get(f"{reverse('business:figures')}?month=2026-11")
    text = page.content.decode()
    assert page.status_code == 200
    assert "25,700.00" in text or "25700" in text
    assert "Tech A1" in text and "50 %" in text
    assert reverse("staff:record_history", args=["business.clubday", ClubDay.objects.get().pk]) in text
    assert zh("Business figures") in text


# --- The demo ----------------------------------------------------------------------------------------


def test_the_demo_makes_a_plausible_year_quickly_and_only_once(world):
    _many_technicians(world, 8)
    started = time.monotonic()
    written = demo.seed(world.club1, months=12, today=datetime.date(2026, 11, 20))
    assert time.monotonic() - started < 20
    assert written > 365
    days = ClubDay.objects.filter(club=world.club1)
    assert days.earliest("date").date == datetime.date(2025, 11, 1)
    assert days.latest("date").date == datetime.date(2026, 11, 19)
    year = selectors.totals(world.club1, datetime.date(2025, 11, 1), datetime.date(2026, 11, 19))
    assert year["revenue"] > 0 and year["services"] > 0 and year["requested_services"] < year["services"]
    first_values = list(days.order_by("date").values_list("revenue", flat=True)[:5])
    assert demo.seed(world.club1, months=12, today=datetime.date(2026, 11, 20)) == 0
    assert Entry.objects.filter(club=world.club1).count() == 13

    ClubDay.objects.filter(club=world.club1).delete()
    Entry.objects.filter(club=world.club1).delete()
    demo.seed(world.club1, months=12, today=datetime.date(2026, 11, 20))
    assert list(ClubDay.objects.filter(club=world.club1).order_by("date")
                .values_list("revenue", flat=True)[:5]) == first_values  # the same on every run
