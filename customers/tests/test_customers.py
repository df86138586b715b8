"""Customers: who sees what, masking, the logged full file, the export, anonymisation, follow-ups on Today."""

import datetime

import pytest
from django.urls import reverse

from customers import selectors, services
from customers.models import Access, Contact, Customer, Event
from customers.tests.factories import ContactFactory, CustomerFactory, EventFactory

pytestmark = pytest.mark.clock("2026-12-02T10:00:00+08:00")
TODAY = datetime.date(2026, 12, 2)


@pytest.fixture
def customer(world):
    return CustomerFactory(club=world.club1, name="Li Mei", phone="13812345678", manager=world.customer_manager,
                           health_notes="Recent knee surgery", birthday=datetime.date(1990, 5, 6))


def test_the_phone_is_masked():
    from customers.models import mask_phone

    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("") == ""
    assert mask_phone("12345") == "***45"


# --- who sees what ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["technician", "supervisor_a", "dept_manager", "care_manager", "tech_manager"])
def test_outside_marketing_nobody_sees_customers(client_as, world, customer, persona):
    client = client_as(getattr(world, persona))
    assert client.get(reverse("customers:list")).status_code == 403
    assert client.get(reverse("customers:detail", args=[customer.pk])).status_code == 403
    response = client.post(reverse("customers:full", args=[customer.pk]))
    assert response.status_code == 403
    assert b"13812345678" not in response.content and b"knee" not in response.content
    assert client.post(reverse("customers:export")).status_code == 403
    assert not Access.objects.exists()


def test_the_customer_manager_sees_their_own_club_only(client_as, world, customer):
    other = CustomerFactory(club=world.club2, name="Far Away", phone="13999998888")
    client = client_as(world.customer_manager)
    page = client.get(reverse("customers:list")).content.decode()
    assert "Li Mei" in page and "Far Away" not in page
    assert client.get(reverse("customers:detail", args=[other.pk])).status_code == 404
    assert client.post(reverse("customers:full", args=[other.pk])).status_code == 404
    assert client.get(reverse("customers:list") + f"?club={world.club2.pk}").status_code == 404
    assert client.get(reverse("customers:contact_add", args=[other.pk])).status_code == 404


def test_the_list_masks_phones_except_for_the_customers_own_manager(client_as, world, customer, other_manager):
    for person in (world.marketing, world.store_manager, other_manager):
        page = client_as(person).get(reverse("customers:list")).content.decode()
        assert "138****5678" in page and "13812345678" not in page, person
    page = client_as(world.customer_manager).get(reverse("customers:list")).content.decode()
    assert "13812345678" in page


def test_the_file_page_hides_contacts_and_health_notes_until_the_full_file_is_opened(client_as, world, customer):
    client = client_as(world.marketing)
    page = client.get(reverse("customers:detail", args=[customer.pk])).content.decode()
    assert "138****5678" in page and "13812345678" not in page and "knee" not in page
    assert not Access.objects.exists()  # reading the page writes nothing
    response = client.post(reverse("customers:full", args=[customer.pk]))
    assert response.status_code == 200
    assert "13812345678" in response.content.decode() and "knee surgery" in response.content.decode()
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    logged = Access.objects.get()
    assert (logged.by, logged.customer, logged.action, logged.club) == (world.marketing, customer, "view",
                                                                        world.club1)


def test_only_the_customers_own_manager_among_customer_managers_opens_the_full_file(client_as, world, customer,
                                                                                   other_manager):
    assert client_as(other_manager).post(reverse("customers:full", args=[customer.pk])).status_code == 403
    assert client_as(world.customer_manager).post(reverse("customers:full", args=[customer.pk])).status_code == 200
    assert list(Access.objects.values_list("by", flat=True)) == [world.customer_manager.pk]


def test_a_change_of_the_file_is_logged_and_the_history_keeps_no_personal_data(client_as, world, customer):
    client = client_as(world.customer_manager)
    response = client.post(reverse("customers:edit", args=[customer.pk]), {
        "name": "Li Mei", "phone": "139 0000 1111", "level": "vip", "source": "walk_in",
        "manager": world.customer_manager.pk, "health_notes": "Pregnant: no deep pressure", "consent": "on",
        "joined_on": "2026-11-01"})
    assert response.status_code == 302, response.content.decode()[:2000]
    customer.refresh_from_db()
    assert (customer.phone, customer.level) == ("13900001111", "vip")
    assert customer.health_notes == "Pregnant: no deep pressure"
    assert Access.objects.filter(action="edit", by=world.customer_manager).count() == 1
    history_fields = {f.name for f in Customer.history.model._meta.get_fields()}
    assert not {"name", "phone", "health_notes", "birthday", "preferences"} & history_fields


# --- export -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["marketing", "customer_manager", "technician", "supervisor_a"])
def test_the_export_is_refused_to_all_but_the_store_manager_and_the_owner(client_as, world, customer, persona):
    assert client_as(getattr(world, persona)).post(reverse("customers:export")).status_code == 403
    assert not Access.objects.exists()


def test_the_export_masks_phones_leaves_out_notes_and_is_logged(client_as, world, customer):
    CustomerFactory(club=world.club1, name="=HYPERLINK(\"x\")", phone="13700001234")
    CustomerFactory(club=world.club2, name="Far Away")
    client = client_as(world.store_manager)
    assert client.get(reverse("customers:export")).status_code == 405
    response = client.post(reverse("customers:export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "Li Mei" in text and "138****5678" in text and "13812345678" not in text
    assert "knee" not in text and "Far Away" not in text
    assert "'=HYPERLINK" in text  # a formula stays text
    logged = Access.objects.get()
    assert (logged.by, logged.action, logged.rows) == (world.store_manager, "export", 2)
    # the owner exports another club's list with ?club=
    owner = client_as(world.owner).post(reverse("customers:export") + f"?club={world.club2.pk}")
    assert "Far Away" in owner.content.decode("utf-8-sig")


# --- anonymisation ------------------------------------------------------------------------------------


def test_anonymising_removes_the_person_and_keeps_the_figures(client_as, world, customer):
    ContactFactory(customer=customer, by=world.customer_manager, date=datetime.date(2026, 11, 20), kind="visit",
                   outcome="Told us about her knee", next_step="Call back", next_due=datetime.date(2026, 11, 25),
                   next_by=world.customer_manager)
    month = datetime.date(2026, 11, 1)
    before = selectors.month_figures(world.club1, month)
    client = client_as(world.marketing)
    assert client.get(reverse("customers:anonymise", args=[customer.pk])).status_code == 200
    assert client.post(reverse("customers:anonymise", args=[customer.pk]), {}).status_code == 200  # no confirmation
    customer.refresh_from_db()
    assert customer.name == "Li Mei"
    response = client.post(reverse("customers:anonymise", args=[customer.pk]), {"confirm": "on"})
    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.name, customer.phone, customer.health_notes, customer.birthday) == ("", "", "", None)
    assert customer.anonymised_at is not None
    contact = Contact.objects.get(customer=customer)
    assert contact.outcome == "" and contact.kind == "visit"
    assert not Contact.history.filter(outcome__contains="knee").exists()
    assert selectors.month_figures(world.club1, month) == before
    assert Access.objects.filter(action="anonymise", customer=customer).exists()
    page = client.get(reverse("customers:detail", args=[customer.pk])).content.decode()
    assert "Li Mei" not in page and "knee" not in page
    assert client.post(reverse("customers:full", args=[customer.pk])).status_code == 403


def test_a_customer_manager_may_not_anonymise(client_as, world, customer):
    assert client_as(world.customer_manager).post(reverse("customers:anonymise", args=[customer.pk]),
                                                  {"confirm": "on"}).status_code == 403
    customer.refresh_from_db()
    assert customer.name == "Li Mei"


# --- contacts and the Today page ---------------------------------------------------------------------


def test_a_logged_follow_up_is_due_on_the_customer_managers_today_page(client_as, world, customer, english):
    client = client_as(world.customer_manager)
    response = client.post(reverse("customers:contact_add", args=[customer.pk]), {
        "date": "2026-12-01", "kind": "call", "outcome": "Interested in the winter package",
        "next_step": "Send the package price", "next_due": "2026-12-02"})
    assert response.status_code == 302
    home = client.get(reverse("home")).content.decode()
    assert "Send the package price" in home and "Li Mei" in home
    # a later contact closes the next step
    client.post(reverse("customers:contact_add", args=[customer.pk]), {
        "date": "2026-12-02", "kind": "message", "outcome": "Sent"})
    assert "Send the package price" not in client.get(reverse("home")).content.decode()
    # nobody else gets the panel
    assert "Send the package price" not in client_as(world.technician).get(reverse("home")).content.decode()


def test_a_contact_cannot_be_in_the_future_and_a_next_step_needs_a_day(client_as, world, customer):
    client = client_as(world.customer_manager)
    response = client.post(reverse("customers:contact_add", args=[customer.pk]), {
        "date": "2026-12-05", "kind": "call", "next_step": "Call"})
    assert response.status_code == 200
    assert not Contact.objects.exists()


def test_adding_a_member_from_an_event_counts_among_its_results(client_as, world, english):
    event = EventFactory(club=world.club1, owner=world.marketing, date=datetime.date(2026, 11, 28))
    client = client_as(world.customer_manager)
    form = client.get(reverse("customers:add") + f"?event={event.pk}").content.decode()
    assert "Choose" in form or "(none)" in form
    response = client.post(reverse("customers:add"), {
        "name": "Zhao Lei", "phone": "13611112222", "level": "member", "source": "event", "event": event.pk,
        "manager": world.customer_manager.pk, "consent": "on"})
    assert response.status_code == 302
    new = Customer.objects.get(name="Zhao Lei")
    assert (new.club, new.created_by, new.joined_on, new.consent_on) == (world.club1, world.customer_manager, TODAY,
                                                                        TODAY)
    page = client.get(reverse("customers:event_detail", args=[event.pk])).content.decode()
    assert "Zhao Lei" in page
    # an event named as the source is required
    response = client.post(reverse("customers:add"), {"name": "No Event", "level": "member", "source": "event"})
    assert response.status_code == 200 and not Customer.objects.filter(name="No Event").exists()


def test_another_clubs_event_cannot_be_chosen(client_as, world):
    far = EventFactory(club=world.club2, owner=world.store_manager_2)
    response = client_as(world.customer_manager).post(reverse("customers:add"), {
        "name": "Sneaky", "level": "member", "source": "event", "event": far.pk})
    assert response.status_code == 200 and not Customer.objects.filter(name="Sneaky").exists()


# --- events and outside visits ------------------------------------------------------------------------


def test_the_marketing_director_runs_an_event_from_plan_to_results(client_as, world, english):
    client = client_as(world.marketing)
    response = client.post(reverse("customers:event_add"), {
        "title": "Winter health lecture", "kind": "lecture", "date": "2026-12-12", "owner": world.marketing.pk,
        "plan": "Invite 50 members", "budget": "3000", "invited": "50", "signed_up": "0", "attended": "0",
        "topups": "0"})
    assert response.status_code == 302
    event = Event.objects.get(title="Winter health lecture")
    assert (event.club, event.held) == (world.club1, False)
    response = client.post(reverse("customers:event_edit", args=[event.pk]), {
        "title": "Winter health lecture", "kind": "lecture", "date": "2026-12-12", "owner": world.marketing.pk,
        "plan": "Invite 50 members", "budget": "3000", "invited": "50", "signed_up": "30", "attended": "26",
        "topups": "12000", "results": "8 top-ups", "held": "on"})
    assert response.status_code == 302
    page = client.get(reverse("customers:event_detail", args=[event.pk])).content.decode()
    assert "50 / 30 / 26" in page and "8 top-ups" in page
    assert "Winter health lecture" in client.get(reverse("customers:events")).content.decode()


def test_an_event_or_visit_is_edited_by_its_owner_and_the_leaders_only(client_as, world, other_manager):
    event = EventFactory(club=world.club1, owner=world.customer_manager)
    assert client_as(other_manager).get(reverse("customers:event_edit", args=[event.pk])).status_code == 403
    assert client_as(world.customer_manager).get(reverse("customers:event_edit", args=[event.pk])).status_code == 200
    client = client_as(world.customer_manager)
    response = client.post(reverse("customers:visit_add"), {"date": "2026-12-01", "kind": "chamber",
                                                            "organisation": "District chamber"})
    assert response.status_code == 302
    from customers.models import OutsideVisit

    visit = OutsideVisit.objects.get()
    assert (visit.by, visit.club) == (world.customer_manager, world.club1)
    assert client_as(other_manager).get(reverse("customers:visit_edit", args=[visit.pk])).status_code == 403
    assert client_as(world.marketing).get(reverse("customers:visit_edit", args=[visit.pk])).status_code == 200


def test_a_vip_expected_today_is_on_the_receivers_today_page(client_as, world, english):
    vip = CustomerFactory(club=world.club1, name="Madam Qian", level="vip", manager=world.customer_manager)
    client = client_as(world.marketing)
    form = client.get(reverse("customers:arrivals")).content.decode()
    assert "Madam Qian" in form
    response = client.post(reverse("customers:arrivals"), {
        "customer": vip.pk, "date": "2026-12-02", "time": "15:00", "receiver": world.customer_manager.pk,
        "arranged": "Room 8, jasmine tea"})
    assert response.status_code == 302
    home = client_as(world.customer_manager).get(reverse("home")).content.decode()
    assert "Madam Qian" in home and "15:00" in home
    assert "Madam Qian" in client_as(world.store_manager).get(reverse("home")).content.decode()
    # a member is not a VIP: not offered
    member = CustomerFactory(club=world.club1, name="Plain Member")
    response = client.post(reverse("customers:arrivals"), {"customer": member.pk, "date": "2026-12-02",
                                                           "receiver": world.marketing.pk})
    assert response.status_code == 200


# --- figures -----------------------------------------------------------------------------------------


def test_the_months_figures_per_customer_manager(world, customer):
    vip = CustomerFactory(club=world.club1, level="vip", manager=world.customer_manager,
                          joined_on=datetime.date(2026, 10, 3))
    services.log_contact(vip, by=world.customer_manager, fields={
        "date": datetime.date(2026, 11, 10), "kind": "visit", "outcome": "", "next_step": "Call",
        "next_due": datetime.date(2026, 11, 12)})
    services.log_contact(customer, by=world.customer_manager, fields={
        "date": datetime.date(2026, 11, 11), "kind": "call", "outcome": "", "next_step": "", "next_due": None})
    EventFactory(club=world.club1, owner=world.customer_manager, date=datetime.date(2026, 11, 15), attended=12)
    rows = selectors.month_figures(world.club1, datetime.date(2026, 11, 1))
    mine = next(r for r in rows if r["person"] == world.customer_manager)
    assert (mine["new_members"], mine["active_members"], mine["follow_ups"], mine["overdue"],
            mine["event_attendance"], mine["vip_visits"]) == (1, 2, 2, 1, 12, 1)
    assert rows[-1]["person"] is None and rows[-1]["follow_ups"] == 2


def test_the_chains_totals_are_each_clubs_total_row(world, customer, django_assert_max_num_queries):
    """The owner's report reads every club's total at once; it must say what each club's own figures say."""
    month = datetime.date(2026, 11, 1)
    other = CustomerFactory(club=world.club2, level="key_account", manager=None, joined_on=datetime.date(2026, 11, 2))
    CustomerFactory(club=world.club1, manager=None, joined_on=datetime.date(2026, 11, 20))
    services.log_contact(customer, by=world.customer_manager, fields={
        "date": datetime.date(2026, 11, 10), "kind": "visit", "outcome": "", "next_step": "Call",
        "next_due": datetime.date(2026, 11, 12)})
    services.log_contact(other, by=world.store_manager_2, fields={
        "date": datetime.date(2026, 11, 4), "kind": "visit", "outcome": "", "next_step": "", "next_due": None})
    EventFactory(club=world.club2, owner=world.store_manager_2, date=datetime.date(2026, 11, 15), attended=7)
    with django_assert_max_num_queries(3):  # new members, the contacts' four figures, the events
        totals = selectors.club_totals([world.club1, world.club2], month)
    for club in (world.club1, world.club2):
        expected = {key: value for key, value in selectors.month_figures(club, month)[-1].items() if key != "person"}
        assert totals[club.pk] == expected
    assert totals[world.club2.pk]["event_attendance"] == 7 and totals[world.club2.pk]["new_members"] == 1


def test_the_marketing_figures_go_into_the_marketing_directors_summary_report(world, customer):
    from staff import registry

    services.log_contact(customer, by=world.customer_manager, fields={
        "date": datetime.date(2026, 11, 11), "kind": "call", "outcome": "", "next_step": "", "next_due": None})
    parts = registry.summary_figures(world.marketing, datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    assert "customers" in parts
    tables = registry.summary_tables(parts)
    assert any(world.customer_manager.name == row[0] for _t, _c, rows in tables for row in rows)
    assert registry.summary_figures(world.technician, datetime.date(2026, 11, 1),
                                    datetime.date(2026, 11, 30)).get("customers") is None


# --- Chinese ----------------------------------------------------------------------------------------


def test_the_list_reads_in_chinese(client_as, world, customer):
    client = client_as(world.marketing)
    client.cookies["django_language"] = "zh-hans"
    page = client.get(reverse("customers:list")).content.decode()
    assert "客户经理" in page and "筛选" in page


# --- demo -------------------------------------------------------------------------------------------


def test_the_demo_seeds_a_few_hundred_customers_with_a_year_of_records_quickly(world):
    import time

    from customers import demo
    from customers.models import OutsideVisit

    started = time.monotonic()
    written = demo.seed(world.club1, today=TODAY)
    assert time.monotonic() - started < 10
    assert Customer.objects.filter(club=world.club1).count() == 300
    assert Contact.objects.filter(club=world.club1).count() > 300
    assert Event.objects.filter(club=world.club1, held=True).exists()
    assert OutsideVisit.objects.filter(club=world.club1).exists()
    assert written > 600
    assert demo.seed(world.club1, today=TODAY) == 0  # once only
    assert selectors.due_follow_ups(world.customer_manager, TODAY)


def test_the_metrics_for_plans_match_the_months_figures(world, customer):
    from customers import metrics

    services.log_contact(customer, by=world.customer_manager, fields={
        "date": datetime.date(2026, 11, 11), "kind": "visit", "outcome": "", "next_step": "", "next_due": None})
    first, last = datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)
    mine = metrics.totals(world.club1, first, last, person=world.customer_manager)
    row = next(r for r in selectors.month_figures(world.club1, first) if r["person"] == world.customer_manager)
    assert {k: int(v) for k, v in mine.items()} == {k: row[k] for k in metrics.METRICS}
    assert metrics.per_person(world.club1, first, last, "follow_ups") == {world.customer_manager.pk: 1}
