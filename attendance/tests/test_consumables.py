"""Consumables: stock with low-stock warnings, receiving, issuing to a technician, and the stock never below zero."""

import datetime
import threading

import pytest
from django import forms
from django.db import IntegrityError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from attendance.services import consumables as services
from attendance.models import ConsumableIssue, ConsumableItem, StockReceipt
from conftest import need_service
from tests.factories import ClubFactory, PersonFactory, department

from .conftest import in_language, input_value, messages_of, options, selected_value, set_language, shows

LIST = reverse("attendance:consumable_list")
RECEIVE = reverse("attendance:consumable_receive")
ISSUE = reverse("attendance:consumable_issue")
ISSUES = reverse("attendance:consumable_issues")


def stock_of(item):
    return ConsumableItem.objects.get(pk=item.pk).stock


def issuing(item, technician, quantity, note=""):
    """The issue form as posted."""
    return {"issue-item": item.pk, "issue-technician": technician.pk, "issue-quantity": str(quantity),
            "issue-note": note}


def test_the_stock_list_shows_what_is_low(world, stock, client_as):
    ConsumableItem.objects.filter(pk=stock["cream"].pk).update(stock=3)

    response = client_as(world.supervisor_a).get(LIST)

    assert response.status_code == 200
    assert shows(response, "Massage cream low stock 3 bottle")
    assert shows(response, "Towels 50 towel")
    assert not shows(response, "Towels low stock")
    assert shows(response, "Low stock: Massage cream (3 bottle left)")
    assert not shows(response, "Club-two oil")


def test_the_store_manager_receives_stock(world, stock, client_as):
    cream = stock["cream"]
    day = timezone.localdate(timezone=world.club1.zone)

    response = client_as(world.store_manager).post(
        RECEIVE, {"receive-item": cream.pk, "receive-quantity": "24", "receive-received_on": day.isoformat(),
                  "receive-note": "Supplier A"}
    )

    assert response.status_code == 302
    assert stock_of(cream) == 34
    receipt = StockReceipt.objects.get()
    assert (receipt.quantity, receipt.received_by, receipt.note) == (24, world.store_manager, "Supplier A")
    latest = cream.history.latest()
    assert (latest.stock, latest.history_user) == (34, world.store_manager.user)
    page = client_as(world.store_manager).get(response.url)
    assert messages_of(page) == ["Received 24 bottle of Massage cream; 34 in stock now."]


def test_department_managers_receive_stock_but_supervisors_do_not(world, stock, client_as):
    day = timezone.localdate(timezone=world.club1.zone).isoformat()
    data = {"receive-item": stock["towels"].pk, "receive-quantity": "5", "receive-received_on": day}

    assert client_as(world.dept_manager).post(RECEIVE, data).status_code == 302
    for persona in (world.supervisor_a, world.technician, world.marketing):
        assert client_as(persona).post(RECEIVE, data).status_code == 403
    assert stock_of(stock["towels"]) == 55
    assert not shows(client_as(world.supervisor_a).get(LIST), "Receive stock")


def test_a_supervisor_issues_to_a_technician_of_their_team(world, stock, client_as):
    cream = stock["cream"]

    response = client_as(world.supervisor_a).post(
        ISSUE, issuing(cream, world.technician, "2", "for room 1")
    )

    assert response.status_code == 302
    assert stock_of(cream) == 8
    issue = ConsumableIssue.objects.get()
    assert (issue.technician, issue.quantity, issue.issued_by, issue.note) == (world.technician, 2, world.supervisor_a,
                                                                               "for room 1")
    assert issue.history.get().history_user == world.supervisor_a.user
    assert cream.history.latest().stock == 8


def test_issuing_down_to_the_threshold_warns(world, stock, client_as):
    client = client_as(world.supervisor_a)

    response = client.post(ISSUE, issuing(stock["cream"], world.technician, "7"),
                           follow=True)

    assert "Massage cream is running low: 3 bottle left." in messages_of(response)
    assert shows(response, "Massage cream low stock")


def test_an_issue_larger_than_the_stock_is_refused_in_the_users_language_and_keeps_what_was_typed(
    world, stock, client_as
):
    set_language(world.supervisor_a, "zh-hans")
    cream = stock["cream"]

    response = client_as(world.supervisor_a).post(
        ISSUE, issuing(cream, world.technician_a2, "11", "big job")
    )

    assert response.status_code == 200
    assert stock_of(cream) == 10
    assert not ConsumableIssue.objects.exists()
    with_language = in_language(
        "zh-hans", _("Only %(stock)s %(unit)s left in stock; issue at most that, or receive stock first.")
    )
    assert response.context["issue_form"].errors["quantity"] == [with_language % {"stock": 10, "unit": "bottle"}]
    assert selected_value(response, "issue-item") == str(cream.pk)
    assert selected_value(response, "issue-technician") == str(world.technician_a2.pk)
    assert input_value(response, "issue-quantity") == "11"
    assert input_value(response, "issue-note") == "big job"


def test_a_quantity_that_is_not_a_whole_positive_number_is_refused_in_the_users_language(world, stock, client_as):
    set_language(world.supervisor_a, "zh-hant")
    client = client_as(world.supervisor_a)

    words = client.post(ISSUE, issuing(stock["cream"], world.technician, "two"))
    zero = client.post(ISSUE, issuing(stock["cream"], world.technician, "0"))

    assert words.context["issue_form"].errors["quantity"] == [
        in_language("zh-hant", forms.IntegerField.default_error_messages["invalid"])
    ]
    assert zero.context["issue_form"].errors["quantity"]
    assert input_value(words, "issue-quantity") == "two"
    assert stock_of(stock["cream"]) == 10


def test_the_service_refuses_to_overdraw_and_changes_nothing(world, stock):
    cream = stock["cream"]
    services.issue(item=cream, technician=world.technician, quantity=6, by=world.supervisor_a)

    with pytest.raises(services.NotEnoughStock) as refused:
        services.issue(item=cream, technician=world.technician_a2, quantity=5, by=world.supervisor_a)

    assert refused.value.available == 4
    assert stock_of(cream) == 4
    assert ConsumableIssue.objects.count() == 1


def test_an_issue_checked_against_an_old_stock_is_still_refused(world, stock, client_as, monkeypatch):
    """The form saw 10 in stock; meanwhile someone took 9. The service, not the form, has the last word."""
    from attendance.forms import consumables as forms_consumables

    cream = stock["cream"]
    original_clean = forms_consumables.IssueForm.clean

    def clean_then_someone_else_issues(form):
        data = original_clean(form)
        services.issue(item=cream, technician=world.technician_a2, quantity=9, by=world.store_manager)
        return data

    monkeypatch.setattr(forms_consumables.IssueForm, "clean", clean_then_someone_else_issues)

    response = client_as(world.supervisor_a).post(ISSUE, issuing(cream, world.technician, "3"))

    assert response.status_code == 200
    assert response.context["issue_form"].errors["quantity"] == [
        "Only 1 bottle left in stock; issue at most that, or receive stock first."
    ]
    assert stock_of(cream) == 1
    assert list(ConsumableIssue.objects.values_list("quantity", flat=True)) == [9]


def test_the_database_refuses_a_negative_stock_and_a_quantity_of_zero(world, stock):
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsumableItem.objects.filter(pk=stock["cream"].pk).update(stock=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        StockReceipt.objects.create(item=stock["cream"], quantity=0, received_on=datetime.date(2025, 1, 1))
    assert stock_of(stock["cream"]) == 10


def test_supervisor_b_cannot_issue_to_team_a(world, stock, client_as):
    response = client_as(world.supervisor_b).post(
        ISSUE, issuing(stock["cream"], world.technician, "1")
    )

    assert response.status_code == 200
    assert response.context["issue_form"].errors["technician"] == [
        "Choose a technician you look after; this one is not in your list."
    ]
    assert options(response, "issue-technician") == ["Tech B1 · Team B"]
    assert stock_of(stock["cream"]) == 10
    assert not ConsumableIssue.objects.exists()


def test_the_store_manager_issues_to_anyone_in_the_club_but_not_from_another_clubs_stock(world, stock, client_as):
    client = client_as(world.store_manager)

    other = client.post(ISSUE, issuing(stock["oil_2"], world.technician_b, "1"))
    ok = client.post(ISSUE, issuing(stock["towels"], world.technician_b, "4"))

    assert other.context["issue_form"].errors["item"]
    assert ok.status_code == 302
    assert (stock_of(stock["oil_2"]), stock_of(stock["towels"])) == (4, 46)


def test_club_two_cannot_see_or_change_club_ones_consumables(world, stock, client_as):
    client = client_as(world.store_manager_2)
    edit = reverse("attendance:consumable_item_edit", args=[stock["cream"].pk])

    assert not shows(client.get(LIST), "Massage cream")
    assert client.get(LIST, {"club": world.club1.pk}).status_code == 404
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"name": "Stolen", "unit": "bottle", "low_stock_threshold": 1}).status_code == 404
    assert ConsumableItem.objects.get(pk=stock["cream"].pk).name == "Massage cream"


def test_the_store_manager_adds_and_edits_the_catalogue(world, stock, client_as):
    client = client_as(world.store_manager)

    added = client.post(reverse("attendance:consumable_item_add"),
                        {"name": "Essential oil", "unit": "bottle", "low_stock_threshold": "2", "is_active": "on"})
    oil = ConsumableItem.objects.get(name="Essential oil")
    duplicate = client.post(reverse("attendance:consumable_item_edit", args=[oil.pk]),
                            {"name": "Towels", "unit": "bottle", "low_stock_threshold": "2", "is_active": "on"})

    assert added.status_code == 302
    assert (oil.club, oil.stock, oil.is_low) == (world.club1, 0, True)
    assert duplicate.context["form"].errors["name"] == ["This club already has a consumable of this name."]
    assert client_as(world.supervisor_a).get(reverse("attendance:consumable_item_add")).status_code == 403


def test_the_issue_list_filters_by_technician_and_month(world, stock, client_as):
    zone = world.club1.zone
    now = timezone.now()
    last_month = now.astimezone(zone).replace(day=1) - datetime.timedelta(days=3)
    services.issue(item=stock["cream"], technician=world.technician, quantity=1, by=world.supervisor_a)
    services.issue(item=stock["towels"], technician=world.technician_a2, quantity=3, by=world.supervisor_a)
    services.issue(item=stock["towels"], technician=world.technician_b, quantity=5, by=world.supervisor_b)
    services.issue(item=stock["cream"], technician=world.technician, quantity=2, by=world.supervisor_a,
                   issued_at=last_month)
    client = client_as(world.supervisor_a)

    def listed(**params):
        response = client.get(ISSUES, params)
        return sorted((i.technician.name, i.item.name, i.quantity) for i in response.context["page"])

    assert listed() == [("Tech A1", "Massage cream", 1), ("Tech A2", "Towels", 3)]
    assert listed(technician=world.technician.pk) == [("Tech A1", "Massage cream", 1)]
    assert listed(month=last_month.strftime("%Y-%m")) == [("Tech A1", "Massage cream", 2)]
    assert listed(technician=world.technician_b.pk) == [("Tech A1", "Massage cream", 1), ("Tech A2", "Towels", 3)]
    refused = client.get(ISSUES, {"technician": world.technician_b.pk})
    assert "That technician is not one you look after; showing everyone." in messages_of(refused)
    assert shows(client_as(world.store_manager).get(ISSUES), "Towels 8 towel")
    assert list(client_as(world.store_manager_2).get(ISSUES).context["page"]) == []


def test_people_who_keep_no_floor_records_cannot_open_the_consumables(world, stock, client_as):
    for persona in (world.technician, world.customer_manager, world.marketing):
        client = client_as(persona)
        assert client.get(LIST).status_code == 403
        assert client.get(ISSUES).status_code == 403
        assert client.post(ISSUE, issuing(stock["cream"], world.technician, "1")).status_code == 403
    assert stock_of(stock["cream"]) == 10


def _more_items_and_issues(club, technicians, count, prefix):
    for n in range(count):
        item = ConsumableItem.objects.create(
            club=club, name=f"{prefix} {n}", unit="box", stock=100, low_stock_threshold=n * 10
        )
        for tech in technicians:
            services.issue(item=item, technician=tech, quantity=1, by=None)


def test_the_stock_page_and_the_issue_list_take_as_many_queries_for_many_rows_as_for_few(
    world, stock, client_as, django_assert_max_num_queries
):
    client = client_as(world.store_manager)
    _more_items_and_issues(world.club1, [world.technician], 2, "Few")
    with CaptureQueriesContext(connection) as few_stock:
        client.get(LIST)
    with CaptureQueriesContext(connection) as few_issues:
        client.get(ISSUES)
    few_stock, few_issues = len(few_stock), len(few_issues)

    extra = [PersonFactory(club=world.club1, department=world.team_a.department, team=world.team_a) for _ in range(5)]
    _more_items_and_issues(world.club1, [world.technician, world.technician_b, *extra], 12, "Many")

    with django_assert_max_num_queries(few_stock):
        response = client.get(LIST)
    assert len(response.context["items"]) == 16
    with django_assert_max_num_queries(few_issues):
        response = client.get(ISSUES)
    assert len(response.context["page"]) == 50


# --- Two issues at the same moment (PostgreSQL only) -----------------------------------


def _issue_in_thread(item_pk, technician, by, barrier, results):
    try:
        item = ConsumableItem.objects.get(pk=item_pk)
        barrier.wait()
        services.issue(item=item, technician=technician, quantity=3, by=by)
        results.append("issued")
    except services.NotEnoughStock:
        results.append("refused")
    finally:
        connections.close_all()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_issues_at_the_same_moment_cannot_overdraw_the_stock():
    if connection.vendor != "postgresql":
        need_service("PostgreSQL", f"this run's database is {connection.vendor}; set DATABASE_URL=postgres://...")
    club = ClubFactory()
    massage = department(club, "massage")
    technicians = [PersonFactory(club=club, department=massage) for _ in range(6)]
    item = ConsumableItem.objects.create(club=club, name="Massage cream", unit="bottle", stock=10)
    barrier = threading.Barrier(len(technicians))
    results = []

    threads = [
        threading.Thread(target=_issue_in_thread, args=(item.pk, tech, None, barrier, results)) for tech in technicians
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["issued"] * 3 + ["refused"] * 3
    assert stock_of(item) == 1
    assert sum(ConsumableIssue.objects.filter(item=item).values_list("quantity", flat=True)) == 9


def test_the_supervisors_today_page_warns_of_low_stock_in_their_club_only(world, stock, client_as):
    ConsumableItem.objects.filter(pk=stock["cream"].pk).update(stock=1)

    response = client_as(world.supervisor_a).get(reverse("home"))

    assert shows(response, "Low stock: Massage cream (1 bottle left)")
    assert not shows(client_as(world.supervisor_2).get(reverse("home")), "Low stock")


def test_stock_cannot_be_received_on_a_day_of_a_locked_month(world, stock, client_as):
    from attendance.models import MonthLock

    day = timezone.localdate(timezone=world.club1.zone).replace(day=1) - datetime.timedelta(days=1)
    MonthLock.objects.create(club=world.club1, month=day.replace(day=1), locked_by=world.store_manager)

    response = client_as(world.store_manager).post(RECEIVE, {"receive-item": stock["cream"].pk, "receive-quantity": "3",
                                                             "receive-received_on": day.isoformat()})

    assert response.context["receive_form"].errors["received_on"] == [
        f"{day:%Y-%m} is locked; record the delivery on a day of an open month."]
    assert input_value(response, "receive-quantity") == "3"
    assert stock_of(stock["cream"]) == 10
