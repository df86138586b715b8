"""Demo business figures: a year of plausible days for a club, as if imported from the till each month.

``seed(club, months=12, today=None)`` writes every day from the first day ``months`` months back to
yesterday: the club's customers, revenue, add-on and product sales, new members and top-ups (busier at
weekends and in December and the Spring Festival month), and each technician's services (鐘數) and
requested services (點鐘) on the days they worked (a day off a week, none before their hire date or
after they left). Drawn from a generator seeded with the club's code, so every machine gets the same
figures. Idempotent: a club that already has figures is left alone. Fast: a few bulk inserts.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from kernel.clock import club_today
from kernel.months import next_month
from staff.models import Level, Person, Role

from .models import ClubDay, Entry, Source, TechnicianDay

BUSY_MONTHS = {12: 1.15, 1: 1.1, 2: 1.2, 10: 1.1}  # year's end, the Spring Festival, National Day
SKILL = {Level.SENIOR: 1.25, Level.INTERMEDIATE: 1.0, Level.JUNIOR: 0.8, "": 0.9}


def _money(value):
    return Decimal(value).quantize(Decimal("0.01"))


def _half(value):
    return Decimal(round(value * 2) / 2).quantize(Decimal("0.1"))


@transaction.atomic
def seed(club, *, months=12, today=None, **_options):
    """A year (``months``) of daily figures for ``club`` up to yesterday; returns the number of rows written."""
    if ClubDay.objects.filter(club=club).exists():
        return 0
    today = today or club_today(club)
    first = today.replace(day=1)
    for _n in range(months):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    rng = random.Random(f"business-{club.code}")
    technicians = list(Person.objects.filter(club=club, position=Role.TECHNICIAN).order_by("pk"))
    manager = Person.objects.filter(club=club, position=Role.STORE_MANAGER).order_by("pk").first()
    traits = {p.pk: (SKILL.get(p.level, 0.9) * rng.uniform(0.85, 1.15), rng.randrange(7)) for p in technicians}
    days, rows = [], []
    month = first
    while month <= today:
        end = min(next_month(month), today)  # up to yesterday
        if month >= end:
            break
        at = timezone.make_aware(datetime.datetime.combine(min(next_month(month), today), datetime.time(9, 30)),
                                 club.zone)
        day = month
        month_days, month_rows = [], []
        while day < end:
            weekend = day.weekday() >= 5
            busy = BUSY_MONTHS.get(day.month, 1.0) * (1.35 if weekend else 1.0)
            working = [p for p in technicians
                       if p.hire_date <= day and (p.left_on is None or day <= p.left_on)
                       and traits[p.pk][1] != day.weekday()]
            served = 0
            record = ClubDay(club=club, date=day)
            for person in working:
                skill = traits[person.pk][0]
                services = max(0.0, rng.gauss(4.2 * skill * busy, 1.3))
                services = _half(min(services, 12))
                if services == 0:
                    continue
                requested = _half(min(float(services), max(0.0, rng.gauss(float(services) * 0.3 * skill, 0.8))))
                served += float(services)
                month_rows.append(TechnicianDay(day=record, club=club, date=day, person=person, services=services,
                                                requested_services=requested))
            customers = max(0, round(served / rng.uniform(1.05, 1.3) + rng.gauss(3, 2)))
            revenue = customers * rng.uniform(260, 380)
            record.customers_served = Decimal(customers)
            record.revenue = _money(revenue)
            record.addon_sales = _money(revenue * rng.uniform(0.06, 0.13))
            record.product_sales = _money(revenue * rng.uniform(0.02, 0.07))
            record.new_members = Decimal(max(0, round(rng.gauss(2.5 * busy, 1.5))))
            record.member_topups = _money(rng.choice([0, 0, 1000, 2000, 3000, 5000]) * (1 + int(record.new_members))
                                          + rng.choice([0, 0, 0, 10000]))
            month_days.append(record)
            day += datetime.timedelta(days=1)
        entry = Entry.objects.create(club=club, source=Source.IMPORT, by=manager, at=at, days=len(month_days),
                                     rows=len(month_days) + len(month_rows),
                                     file_name=f"收银导出-{month:%Y-%m}.xlsx")
        for record in (*month_days, *month_rows):
            record.entry = entry
        days += month_days
        rows += month_rows
        month = next_month(month)
    ClubDay.objects.bulk_create(days, batch_size=500)
    for row in rows:
        row.day_id = row.day.pk  # the day's key, given by the insert above
    TechnicianDay.objects.bulk_create(rows, batch_size=1000)
    return len(days) + len(rows)
