"""Shifts, the weekly roster and the club's holiday calendar."""

import datetime
import json
from pathlib import Path

from django.db import transaction

from kernel import bulk
from staff.models import Holiday

from staff import locks as month_lock

from .models import RosterEntry

HOLIDAY_FILE = Path(__file__).parent / "data" / "cn_holidays.json"
OFF = "off"


def week_start(day):
    return day - datetime.timedelta(days=day.weekday())


def week_days(monday):
    return [monday + datetime.timedelta(days=n) for n in range(7)]


def roster_grid(*, people, monday):
    """``{(person_id, date): entry}`` for a week, in one query."""
    days = week_days(monday)
    entries = RosterEntry.objects.filter(person__in=people, date__gte=days[0], date__lte=days[-1])
    return {(e.person_id, e.date): e for e in entries}


@month_lock.changed_by()
@transaction.atomic
def roster_week_save(*, cells, by, reason=""):
    """Save a week's grid. ``cells`` maps (person, date) to a shift, ``OFF`` or None (no plan)."""
    changed = 0
    existing = {
        (e.person_id, e.date): e
        for e in RosterEntry.objects.select_for_update().filter(
            person__in={p for p, _ in cells}, date__in={d for _, d in cells}
        )
    }
    for (person, day), value in cells.items():
        entry = existing.get((person.pk, day))
        if value is None:
            if entry is not None:
                entry.delete()
                changed += 1
            continue
        shift = None if value == OFF else value
        if entry is None:
            RosterEntry.objects.create(person=person, date=day, shift=shift)
            changed += 1
        elif entry.shift_id != (shift.pk if shift else None):
            entry.shift = shift
            entry.save()
            changed += 1
    return changed


@month_lock.changed_by()
@transaction.atomic
def roster_copy_previous_week(*, people, monday, by, reason=""):
    """Copy last week's plan onto this week for ``people``; returns how many days were copied."""
    previous = roster_grid(people=people, monday=monday - datetime.timedelta(days=7))
    cells = {}
    for person in people:
        for day in week_days(monday):
            entry = previous.get((person.pk, day - datetime.timedelta(days=7)))
            if entry is not None:
                cells[(person, day)] = entry.shift or OFF
    roster_week_save(cells=cells, by=by, reason=reason)
    return len(cells)


def known_holidays(year):
    data = json.loads(HOLIDAY_FILE.read_text(encoding="utf-8"))
    return data.get(str(year), {"holiday": [], "workday": []})


@transaction.atomic
def holidays_prefill(*, club, year):
    """Add the year's known public holidays and make-up workdays; days already entered are kept."""
    known = known_holidays(year)
    taken = set(
        Holiday.objects.filter(
            club=club, date__gte=datetime.date(year, 1, 1), date__lte=datetime.date(year, 12, 31)
        ).values_list("date", flat=True)
    )
    new = [
        Holiday(club=club, date=datetime.date.fromisoformat(day), kind=kind, name=name)
        for kind in (Holiday.Kind.HOLIDAY, Holiday.Kind.WORKDAY)
        for day, name in known.get(kind, [])
        if datetime.date.fromisoformat(day) not in taken
    ]
    bulk.bulk_create(Holiday, new, ignore_conflicts=True)
    return len(new)


def is_working_day(club, day, calendar=None):
    """Weekdays work, weekends rest, unless the club's calendar says a holiday or a make-up workday."""
    if calendar is None:
        calendar = dict(Holiday.objects.filter(club=club, date=day).values_list("date", "kind"))
    kind = calendar.get(day)
    if kind == Holiday.Kind.HOLIDAY:
        return False
    if kind == Holiday.Kind.WORKDAY:
        return True
    return day.weekday() < 5
