"""The marketing figures as metrics, in the shape of ``business.metrics`` (for plans and targets).

``METRICS``: key → ``Metric(label, unit, per_person)``; every figure is a count kept per customer manager
(``per_person``) and summed for the club. ``totals(club, start, end, *, person=None)`` answers every
metric over ``start``…``end`` inclusive as ``Decimal``; ``per_person(club, start, end, key)`` one metric
per person with a figure. The plans app may read these the way it reads ``business``'s.
"""

import datetime
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Count, Sum

from .models import Contact, Customer, Event, Level
from .selectors import FIGURES


class Metric(NamedTuple):
    label: object
    unit: str
    per_person: bool


METRICS = {key: Metric(label, "count", True) for key, label in FIGURES.items()}


def _queries(club, start, end, today=None):
    """{key: (queryset of (person id, n))} over ``start``…``end``."""
    from kernel.clock import club_today

    today = today or club_today(club)
    contacts = Contact.objects.filter(club=club)
    within = {"date__gte": start, "date__lte": end}
    overdue_until = min(end + datetime.timedelta(days=1), today)
    return {
        "new_members": Customer.objects.filter(club=club, joined_on__gte=start, joined_on__lte=end)
        .values("manager").annotate(n=Count("pk")).values_list("manager", "n"),
        "active_members": contacts.filter(**within).values("customer__manager")
        .annotate(n=Count("customer", distinct=True)).values_list("customer__manager", "n"),
        "follow_ups": contacts.filter(**within).values("by").annotate(n=Count("pk")).values_list("by", "n"),
        "overdue": contacts.filter(next_done=False, next_due__gte=start, next_due__lt=overdue_until)
        .values("next_by").annotate(n=Count("pk")).values_list("next_by", "n"),
        "event_attendance": Event.objects.filter(club=club, **within).values("owner")
        .annotate(n=Sum("attended")).values_list("owner", "n"),
        "vip_visits": contacts.filter(**within, kind=Contact.Kind.VISIT,
                                      customer__level__in=[Level.VIP, Level.KEY_ACCOUNT])
        .values("by").annotate(n=Count("pk")).values_list("by", "n"),
    }


def per_person(club, start, end, key):
    if key not in METRICS:
        raise ValueError(key)
    return {pk: Decimal(n or 0) for pk, n in _queries(club, start, end)[key] if pk is not None}


def totals(club, start, end, *, person=None, team=None):
    """Every metric over the period: the person's, else the club's (a team has no marketing figures: the club's)."""
    result = {}
    for key, rows in _queries(club, start, end).items():
        result[key] = Decimal(sum((n or 0) for pk, n in rows if person is None or pk == person.pk))
    return result
