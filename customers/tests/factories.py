"""Customers, contacts, events and visits for the tests (in the style of tests/factories.py)."""

import datetime

import factory

from customers.models import Arrival, Contact, Customer, Event, OutsideVisit


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    name = factory.Sequence(lambda n: f"Customer {n}")
    phone = factory.Sequence(lambda n: f"138{n:08d}")
    level = "member"
    source = "walk_in"
    joined_on = datetime.date(2026, 11, 1)
    health_notes = "Avoid the lower back"
    preferences = "Firm pressure"
    consent = True
    consent_on = datetime.date(2026, 11, 1)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    customer = factory.SubFactory(CustomerFactory)
    club = factory.SelfAttribute("customer.club")
    date = datetime.date(2026, 11, 20)
    kind = "call"
    outcome = "Booked a foot massage"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Member evening {n}")
    kind = "member_event"
    date = datetime.date(2026, 11, 15)
    invited = 40
    signed_up = 20
    attended = 15


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutsideVisit

    date = datetime.date(2026, 11, 18)
    kind = "chamber"
    organisation = factory.Sequence(lambda n: f"Chamber of commerce {n}")
    person_visited = "Secretary Wang"
    outcome = "Agreed a members' day"


def customer_targets(world):
    """One customer, event and visit per club (club 1's looked after by the customer manager)."""
    c1 = CustomerFactory(club=world.club1, name="Customer One", phone="13812345678", manager=world.customer_manager)
    c2 = CustomerFactory(club=world.club2, name="Customer Club2 Only", phone="13900002222")
    e1 = EventFactory(club=world.club1, title="Spring member evening", owner=world.customer_manager)
    e2 = EventFactory(club=world.club2, title="Club2 Only Lecture", owner=world.store_manager_2)
    v1 = VisitFactory(club=world.club1, by=world.customer_manager, organisation="Jing'an chamber")
    v2 = VisitFactory(club=world.club2, by=world.store_manager_2, organisation="Club2 Only Association")
    a1 = Arrival.objects.create(club=world.club1, customer=c1, date=datetime.date(2026, 12, 2),
                                receiver=world.customer_manager, arranged="Room 8, jasmine tea")
    a2 = Arrival.objects.create(club=world.club2, customer=c2, date=datetime.date(2026, 12, 2),
                                receiver=world.store_manager_2, arranged="Club2 Only arrangement")
    return {"cu_customer_1": c1, "cu_customer_2": c2, "cu_event_1": e1, "cu_event_2": e2, "cu_visit_1": v1,
            "cu_visit_2": v2, "cu_arrival_1": a1, "cu_arrival_2": a2}
