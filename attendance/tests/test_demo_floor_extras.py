"""The demo's hygiene, consumables and quality records: realistic, never a negative stock, and nothing twice."""

import datetime

from django.db.models import Sum

from attendance import demo_floor_extras
from attendance.models import (
    Area,
    ConsumableIssue,
    ConsumableItem,
    CustomerFeedback,
    HygieneCheck,
    HygieneFailure,
    ServiceCheck,
    ServiceCheckScore,
    StockReceipt,
)

TODAY = datetime.date(2026, 3, 16)
MODELS = [Area, HygieneCheck, HygieneFailure, ConsumableItem, StockReceipt, ConsumableIssue, ServiceCheck,
          ServiceCheckScore, CustomerFeedback]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_it_seeds_a_club_realistically_and_creates_nothing_twice(world):
    demo_floor_extras.seed(club=world.club1, today=TODAY, days=30)
    first = counts()

    demo_floor_extras.seed(club=world.club1, today=TODAY, days=30)

    assert counts() == first
    assert all(first[name] > 0 for name in first), first
    assert set(ConsumableItem.objects.values_list("name", flat=True)) == {"按摩膏", "毛巾", "精油", "美容产品"}
    assert HygieneCheck.objects.filter(passed=False).exists()
    assert not HygieneCheck.objects.filter(passed=False, failures__isnull=True).exists()
    assert not HygieneCheck.objects.filter(date__gte=TODAY).exists()
    assert ConsumableItem.objects.low().count() >= 2
    for item in ConsumableItem.objects.all():
        received = item.receipts.aggregate(n=Sum("quantity"))["n"] or 0
        issued = item.issues.aggregate(n=Sum("quantity"))["n"] or 0
        assert item.stock == received - issued >= 0
    assert not ServiceCheck.objects.filter(scores__isnull=True).exists()
    assert not Area.objects.exclude(club=world.club1).exists()
    assert set(Area.objects.values_list("responsible__club", flat=True)) == {world.club1.pk}


def test_it_leaves_a_club_without_technicians_alone(world):
    world.club2.people.filter(position="technician").update(status="left", left_on=TODAY)

    assert demo_floor_extras.seed(club=world.club2, today=TODAY) == {}
    assert not Area.objects.exists()
