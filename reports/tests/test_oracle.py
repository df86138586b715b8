"""The report against an independent recount: random late edits never leave a figure wrong.

Two clubs in different time zones (Shanghai and New York) get a few months of records; the
report of each closed month is read (nothing written: answered live) and built (what beat
does). Then a random sequence of edits is applied — records added, changed (moved across a
month boundary too), deleted, written in bulk (``kernel.bulk``), people hired late, leaving,
promoted, consumables issued at moments near a club's midnight, stock received late, grooming
checks re-marked, corrections of a locked month — and every figure of the groups below in the
JSON export must equal what ``recount`` finds with plain loops over the rows: first as read
at once (live, as the snapshot is stale), then after beat rebuilt what was marked stale.

Figure groups covered: ``attendance.*`` (every count, leave types, due days, rate),
``grooming.{checks,passed,failed}``, ``consumables.{issues,quantity}`` and the low-stock list,
``headcount.positions.*`` and ``headcount.total.*`` (position held at the month's end, from the
people's history). Not covered: follow-up lists, hygiene, quality, checklists, training, meetings.

The report's "Targets and actuals" section (``plans.report.report_section``, read live): each club has an
approved month plan for each month, with targets on late arrivals, absences, the attendance rate, the grooming
pass rate and the customers the till served; every target's actual (the number and the words shown) must equal
what ``recount_targets`` finds from the same rows and the till's days (``business.ClubDay``), which the edits
change too (``till``).

``make test`` runs a bounded number of examples; ``ORACLE_EXAMPLES=500`` runs more.
"""

import contextlib
import datetime
import os
import zoneinfo

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decimal import Decimal

from attendance.models import (
    Attendance,
    ConsumableIssue,
    ConsumableItem,
    GroomingCheck,
    LeaveType,
    MonthLock,
    Status,
    StockReceipt,
)
from business import services as business
from business.models import ClubDay, Source
from business.services import FiguresRefused
from kernel import bulk
from plans import metrics as plan_metrics
from plans.models import Period, Plan, Target
from plans.models import Status as PlanStatus
from plans.report import report_section
from reports.models import MonthlySnapshot, StaleMonth
from reports.report import monthly_report, report_json
from reports.selectors import clubs_with_first_month
from reports.snapshots import snapshots_for
from staff.models import Club, Person, Role

from .month import READ_IN_NOVEMBER

pytestmark = READ_IN_NOVEMBER

EXAMPLES = int(os.environ.get("ORACLE_EXAMPLES", "4"))
MONTHS = [datetime.date(2026, 8, 1), datetime.date(2026, 9, 1), datetime.date(2026, 10, 1)]
WINDOW_START = datetime.date(2026, 7, 28)
WINDOW_DAYS = 105  # to 9 November: edits reach into the month after the last closed one
STATUSES = list(Status.values)
WORKED = {Status.PRESENT, Status.LATE, Status.LEFT_EARLY, Status.LATE_AND_LEFT_EARLY}
LATE = {Status.LATE, Status.LATE_AND_LEFT_EARLY}
EARLY = {Status.LEFT_EARLY, Status.LATE_AND_LEFT_EARLY}
KINDS = ["add", "change", "move", "delete", "bulk_update", "bulk_create", "hire", "leave", "promote",
         "issue", "receive", "groom", "regroom", "lock_and_correct", "till"]
TARGETS = {"late_arrivals": "6", "absences": "2", "attendance_rate": "90", "grooming_pass_rate": "80",
           "customers_served": "120"}


def _day(n):
    return WINDOW_START + datetime.timedelta(days=n % WINDOW_DAYS)


def _next(month):
    return (month + datetime.timedelta(days=32)).replace(day=1)


# --- the recount: plain loops over rows, nothing from the report --------------------------------------------

def load():
    """Every row the recount reads, read once, as plain lists."""
    return {
        "attendance": list(Attendance.objects.all()),
        "grooming": list(GroomingCheck.objects.all()),
        "issues": list(ConsumableIssue.objects.all()),
        "receipts": list(StockReceipt.objects.all()),
        "club_days": list(ClubDay.objects.all()),
        "items": list(ConsumableItem.objects.all()),
        "people": list(Person.objects.all()),
        "history": list(Person.history.all()),
    }


def recount(club, month, rows):
    zone = zoneinfo.ZoneInfo(club.time_zone)
    end = _next(month)
    start_at = datetime.datetime(month.year, month.month, 1, tzinfo=zone)
    end_at = datetime.datetime(end.year, end.month, 1, tzinfo=zone)
    out = {}
    a = dict.fromkeys(["records", "worked", "on_time", "late", "late_minutes", "early", "early_minutes", "absent",
                       "leave", "day_off", "not_recorded"], 0)
    for value in LeaveType.values:
        a[f"leave_{value}"] = 0
    for row in rows["attendance"]:
        if row.club_id != club.pk or not (month <= row.date < end):
            continue
        a["records"] += 1
        if row.status in WORKED:
            a["worked"] += 1
        if row.status == Status.PRESENT:
            a["on_time"] += 1
        if row.status in LATE:
            a["late"] += 1
            a["late_minutes"] += row.late_minutes
        if row.status in EARLY:
            a["early"] += 1
            a["early_minutes"] += row.early_minutes
        for status, key in ((Status.ABSENT, "absent"), (Status.LEAVE, "leave"), (Status.DAY_OFF, "day_off"),
                            (Status.NOT_RECORDED, "not_recorded")):
            if row.status == status:
                a[key] += 1
        if row.status == Status.LEAVE and row.leave_type:
            a[f"leave_{row.leave_type}"] += 1
    a["due_days"] = a["worked"] + a["absent"] + a["leave"] + a["not_recorded"]
    a["rate"] = round(100 * a["worked"] / a["due_days"], 1) if a["due_days"] else None
    out["attendance"] = a

    g = {"checks": 0, "passed": 0}
    clubs_of = {p.pk: p.club_id for p in rows["people"]}
    for check in rows["grooming"]:
        if clubs_of[check.person_id] == club.pk and month <= check.date < end and check.round == 1:
            g["checks"] += 1
            g["passed"] += 1 if check.passed else 0
    g["failed"] = g["checks"] - g["passed"]
    out["grooming"] = g

    c = {"issues": 0, "quantity": 0}
    item_clubs = {i.pk: i.club_id for i in rows["items"]}
    for issue in rows["issues"]:
        if item_clubs[issue.item_id] == club.pk and start_at <= issue.issued_at < end_at:
            c["issues"] += 1
            c["quantity"] += issue.quantity
    out["consumables"] = c
    low = []
    for item in rows["items"]:
        if item.club_id != club.pk or not item.is_active:
            continue
        stock = item.stock
        for issue in rows["issues"]:
            if issue.item_id == item.pk and issue.issued_at >= end_at:
                stock += issue.quantity
        for receipt in rows["receipts"]:
            if receipt.item_id == item.pk and receipt.received_on >= end:
                stock -= receipt.quantity
        if stock <= item.low_stock_threshold:
            low.append((item.name, stock))
    out["low_stock"] = sorted(low)

    positions = {}
    for person in rows["people"]:
        if person.club_id != club.pk or person.position == Role.OWNER:
            continue
        history = sorted([h for h in rows["history"] if h.id == person.pk], key=lambda h: (h.history_date, h.history_id))
        before = [h for h in history if h.history_date < end_at]
        position = before[-1].position if before else (history[0].position if history else person.position)
        counts = {
            "start": int(person.hire_date < month and (person.left_on is None or person.left_on >= month)),
            "end": int(person.hire_date < end and (person.left_on is None or person.left_on >= end)),
            "joined": int(month <= person.hire_date < end),
            "left": int(person.left_on is not None and month <= person.left_on < end),
        }
        into = positions.setdefault(position, dict.fromkeys(counts, 0))
        for key, n in counts.items():
            into[key] += n
    out["positions"] = {p: n for p, n in positions.items() if any(n.values())}
    out["total"] = {k: sum(n[k] for n in out["positions"].values()) for k in ("start", "end", "joined", "left")}
    return out


def recount_targets(club, month, rows):
    """{metric: the actual} of the month's whole-club targets, by hand: the attendance and grooming counts of
    ``recount`` and the till's customers over the days of the month."""
    counted = recount(club, month, rows)
    a, g = counted["attendance"], counted["grooming"]
    served = sum((day.customers_served for day in rows["club_days"]
                  if day.club_id == club.pk and month <= day.date < _next(month) and day.customers_served is not None),
                 Decimal(0))
    return {
        "late_arrivals": a["late"], "absences": a["absent"], "attendance_rate": a["rate"],
        "grooming_pass_rate": round(100 * g["passed"] / g["checks"], 1) if g["checks"] else None,
        "customers_served": served,
    }


def reported_targets(owner, club, month):
    """{metric: (actual, the words the section shows)} of the club's month plan in the report's section."""
    section = report_section(owner, [club], month)
    [row] = section["report_targets"]
    [entry] = row["plans"]
    return {line.metric.key: (line.actual, line.actual_text) for line in entry["lines"]}


def reported(figures):
    return {
        "attendance": {k: figures["attendance"].get(k, 0) for k in [
            "records", "worked", "on_time", "late", "late_minutes", "early", "early_minutes", "absent", "leave",
            "day_off", "not_recorded", *[f"leave_{v}" for v in LeaveType.values], "due_days", "rate"]},
        "grooming": {k: figures["grooming"][k] for k in ("checks", "passed", "failed")},
        "consumables": {k: figures["consumables"][k] for k in ("issues", "quantity")},
        "low_stock": sorted((i["name"], i["stock"]) for i in figures["consumables"]["low_stock"]),
        "positions": figures["headcount"]["positions"],
        "total": figures["headcount"]["total"],
    }


# --- the chain and the edits --------------------------------------------------------------------------------

@pytest.fixture
def chain(world):
    Club.objects.filter(pk=world.club2.pk).update(time_zone="America/New_York")
    Person.objects.exclude(position=Role.OWNER).update(hire_date=datetime.date(2026, 8, 3), left_on=None)
    clubs = list(Club.objects.filter(pk__in=[world.club1.pk, world.club2.pk]).order_by("pk"))
    people = {c.pk: list(Person.objects.filter(club=c).exclude(position=Role.OWNER).order_by("pk")) for c in clubs}
    items = {}
    for club in clubs:
        items[club.pk] = [
            ConsumableItem.objects.create(club=club, name=f"Cream {club.code}", unit="jar", stock=8, low_stock_threshold=5),
            ConsumableItem.objects.create(club=club, name=f"Towel {club.code}", unit="towel", stock=30,
                                          low_stock_threshold=10),
        ]
        for n, person in enumerate(people[club.pk][:4]):
            for d in (33 + n, 34 + n, 64 + n, 65 + n, 94 + n):  # around the ends of August, September, October
                Attendance.objects.create(person=person, club=club, date=_day(d),
                                          status=STATUSES[(d + n) % 4], late_minutes=5 * (d % 3))
            GroomingCheck.objects.create(person=person, date=_day(40 + 31 * (n % 3)), round=1, passed=bool(n % 2))
        for month in MONTHS:  # the approved month plan of the whole club, and the till's first and last day
            plan = Plan.objects.create(club=club, period=Period.MONTH, starts_on=month,
                                       ends_on=_next(month) - datetime.timedelta(days=1), title=f"{month:%B} plan",
                                       author=world.owner, status=PlanStatus.APPROVED)
            Target.objects.bulk_create(Target(plan=plan, metric=key, value=Decimal(value))
                                       for key, value in TARGETS.items())
            business.save_figures(club, {month: {"club": {"customers_served": Decimal(40 + club.pk)}},
                                         _next(month) - datetime.timedelta(days=1): {
                                             "club": {"customers_served": Decimal(25)}}},
                                  source=Source.FORM, by=world.owner)
    return Chain(clubs=clubs, people=people, items=items, owner=world.owner)


class Chain:
    """The two clubs, their people and items (a plain repr: hypothesis prints it with a failing example)."""

    def __init__(self, **parts):
        self.__dict__.update(parts)

    def __repr__(self):
        return f"Chain({[c.code for c in self.clubs]})"


def _as_correction(world):
    from staff import locks

    changing = getattr(locks, "changing", None)
    return changing(world.owner, "Corrected after the lock") if changing else contextlib.nullcontext()


def apply(world, kind, a, b, c):
    club = world.clubs[a % 2]
    people = world.people[club.pk]
    person = people[b % len(people)]
    rows = list(Attendance.objects.filter(club=club).order_by("pk"))
    row = rows[c % len(rows)] if rows else None
    status = STATUSES[(a + b) % len(STATUSES)]
    leave = LeaveType.values[c % len(LeaveType.values)] if status == Status.LEAVE else ""
    if kind == "add":
        Attendance.objects.create(person=person, club=club, date=_day(a + c), status=status, leave_type=leave,
                                  late_minutes=c % 40, early_minutes=b % 30)
    elif kind == "change" and row:
        row.status, row.leave_type, row.late_minutes = status, leave, b % 50
        row.save()
    elif kind == "move" and row:
        row.date = _day(c + 31 * (1 if b % 2 else -1) + (row.date - WINDOW_START).days)
        row.save()
    elif kind == "delete" and row:
        row.delete()
    elif kind == "bulk_update" and rows:
        chosen = Attendance.objects.filter(pk__in=[r.pk for r in rows[b % len(rows)::3]])
        if c % 2:
            bulk.update(chosen, date=F("date") + datetime.timedelta(days=(c % 20) - 10))
        else:
            bulk.update(chosen, status=status, leave_type=leave)
    elif kind == "bulk_create":
        bulk.bulk_create(Attendance, [Attendance(person=p, club=club, date=_day(a + 3 * i), status=status,
                                                 leave_type=leave) for i, p in enumerate(people[:3])])
    elif kind == "hire":
        person.hire_date = _day(a + b)
        person.save()
    elif kind == "leave":
        person.left_on = _day(b + c) if c % 3 else None
        person.save()
    elif kind == "promote":
        person.position = [Role.SUPERVISOR, Role.TECHNICIAN, Role.CUSTOMER_MANAGER][c % 3]
        person.save()
    elif kind == "issue":
        item = world.items[club.pk][c % 2]
        at = datetime.datetime.combine(_day(a), datetime.time(b % 24, c % 60), tzinfo=datetime.UTC)
        ConsumableIssue.objects.create(item=item, technician=person, quantity=1 + c % 4, issued_at=at)
        ConsumableItem.objects.filter(pk=item.pk).update(stock=F("stock") - (1 + c % 4))  # as the service does
    elif kind == "receive":
        item = world.items[club.pk][b % 2]
        StockReceipt.objects.create(item=item, quantity=1 + c % 9, received_on=_day(a + c))
        ConsumableItem.objects.filter(pk=item.pk).update(stock=F("stock") + (1 + c % 9))  # as the service does
    elif kind == "groom":
        GroomingCheck.objects.create(person=person, date=_day(a + b), round=1 + c % 2, passed=bool(b % 2))
    elif kind == "regroom":
        check = GroomingCheck.objects.filter(person__club=club).order_by("pk").first()
        if check:
            check.passed = not check.passed
            check.date = _day(c)
            check.save()
    elif kind == "lock_and_correct" and row:
        month = row.date.replace(day=1)
        MonthLock.objects.get_or_create(club=club, month=month, defaults={"locked_by": world.owner})
        row.status, row.leave_type = status, leave  # corrected after the lock (inside ``_as_correction``)
        row.save()
    elif kind == "till":  # the till's figure of a day entered late, changed or cleared (None)
        served = None if c % 5 == 0 else Decimal(c % 90)
        try:
            business.save_figures(club, {_day(a + b): {"club": {"customers_served": served}}}, source=Source.FORM,
                                  by=world.owner, reason="Corrected after the lock")
        except FiguresRefused:
            pass  # a locked month, refused as a whole: nothing written


def read_all(world):
    """{(club id, month): the JSON export's figures} and whether each was live; asserts the reading wrote nothing."""
    before = (MonthlySnapshot.objects.count(), StaleMonth.objects.count(),
              list(MonthlySnapshot.objects.values_list("pk", "builds")))
    result = {}
    for club in clubs_with_first_month(Club.objects.filter(pk__in=[c.pk for c in world.clubs])):
        for month in MONTHS:
            data = report_json(monthly_report([club], month, scope="club", queue=False))
            assert data["status"] == "closed"
            result[(club.pk, month)] = (reported(data["figures"]), data["live"])
    after = (MonthlySnapshot.objects.count(), StaleMonth.objects.count(),
             list(MonthlySnapshot.objects.values_list("pk", "builds")))
    assert after == before, "reading the report wrote"
    return result


def beat(world):
    snapshots_for(clubs_with_first_month(Club.objects.filter(pk__in=[c.pk for c in world.clubs])), MONTHS)


def check(world, when):
    rows = load()
    for (club_id, month), (figures, _live) in read_all(world).items():
        club = Club.objects.get(pk=club_id)
        assert figures == recount(club, month, rows), f"{club.code} {month:%Y-%m} {when}"
        expected = recount_targets(club, month, rows)
        shown = reported_targets(world.owner, club, month)
        known = plan_metrics.registry()
        assert {key: actual for key, (actual, _text) in shown.items()} == expected, (
            f"targets of {club.code} {month:%Y-%m} {when}")
        assert {key: text for key, (_actual, text) in shown.items()} == {
            key: plan_metrics.format_value(known[key], value) for key, value in expected.items()}


edits = st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 999), st.integers(0, 999), st.integers(0, 999)),
                 min_size=1, max_size=6)


def test_it_matches_the_recount_before_any_edit(chain):
    check(chain, "first read, live")
    assert all(live for _f, live in read_all(chain).values())
    beat(chain)
    assert not any(live for _f, live in read_all(chain).values())
    check(chain, "read from the snapshots")


def run(chain, sequence):
    beat(chain)
    for kind, a, b, c in sequence:
        try:
            with transaction.atomic(), _as_correction(chain):  # the owner, with a reason, as a locked month needs
                apply(chain, kind, a, b, c)
        except IntegrityError:
            pass  # e.g. a second record of a person's day: refused, nothing changed
    check(chain, f"at once after {sequence}")
    beat(chain)
    assert not any(live for _f, live in read_all(chain).values())
    check(chain, f"after beat, {sequence}")


KNOWN = [("move", 1, 2, 3), ("receive", 0, 1, 40), ("promote", 0, 1, 0), ("bulk_update", 1, 0, 1),
         ("issue", 1, 16, 64), ("lock_and_correct", 0, 3, 5), ("regroom", 0, 0, 70), ("hire", 1, 30, 2),
         ("hire", 38, 27, 0)]  # found by hypothesis: a hire date moved over a whole month


def test_it_matches_the_recount_after_a_known_sequence(chain):
    chain_groom = [("groom", 0, 5, 0), ("groom", 1, 20, 0)]
    run(chain, chain_groom + KNOWN)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=bool(os.environ.get("CI")), database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(sequence=edits)
def test_it_matches_the_recount_after_any_late_edits(chain, sequence):
    with transaction.atomic():
        run(chain, sequence)
        transaction.set_rollback(True)
