"""Three months of a realistic floor for the demo chain: shifts, roster, attendance, grooming.

Deterministic (a fixed random seed) and idempotent: every row is held unique by the
database, so a second run adds nothing.
"""

import datetime
import random

from django.db import transaction

from staff.models import Person, Role

from . import roster
from .derive import derive
from .models import (
    Attendance,
    AttendancePolicy,
    GroomingCheck,
    GroomingFailure,
    GroomingItem,
    LeaveType,
    RosterEntry,
    ShiftTemplate,
    Status,
)

SHIFTS = [("早班", datetime.time(10), datetime.time(18)), ("中班", datetime.time(14), datetime.time(22)),
          ("晚班", datetime.time(18), datetime.time(2))]
GROOMING_NOTES = {
    "uniform": "工服有污渍", "badge": "忘戴工牌", "hair": "头发未束起", "nails": "指甲过长",
    "hygiene": "口气较重", "makeup": "未化淡妆", "spirit": "精神不振",
}
LATE_NOTES = ["堵车", "地铁延误", "家里有事", "睡过头", ""]


def seed_floor(*, today, days=90):
    """Seed every club; returns the number of attendance records created."""
    from staff.models import Club

    created = 0
    for club in Club.objects.order_by("pk"):
        created += _seed_club(club, today=today, days=days)
    return created


@transaction.atomic
def _seed_club(club, *, today, days):
    rng = random.Random(f"floor-{club.code}")
    zone = club.zone
    policy = AttendancePolicy.for_club(club)
    if policy.pk is None:
        policy.save()
    GroomingItem.ensure_defaults(club)
    items = list(GroomingItem.objects.filter(club=club))
    shifts = [
        ShiftTemplate.objects.get_or_create(club=club, name=name, defaults={"start": start, "end": end})[0]
        for name, start, end in SHIFTS
    ]
    for year in {today.year, (today + datetime.timedelta(days=40)).year, (today - datetime.timedelta(days=days)).year}:
        roster.holidays_prefill(club=club, year=year)

    people = list(
        Person.objects.active().filter(club=club).exclude(position=Role.OWNER).select_related("team", "team__supervisor")
    )
    first = today - datetime.timedelta(days=days)
    last_planned = today + datetime.timedelta(days=13)
    entries = []
    for person in people:
        team_index = (person.team_id or 0) % len(shifts)
        day_off = rng.randrange(7)
        day = first
        while day <= last_planned:
            off = day.weekday() == day_off
            shift = None if off else shifts[team_index if person.position == Role.TECHNICIAN else 0]
            entries.append(RosterEntry(person=person, date=day, shift=shift))
            day += datetime.timedelta(days=1)
    RosterEntry.objects.bulk_create(entries, ignore_conflicts=True)

    plan = {(e.person_id, e.date): e for e in RosterEntry.objects.filter(person__in=people, date__gte=first, date__lt=today)}
    supervisors = {p.team_id: p.team.supervisor for p in people if p.team_id}
    records, checks = [], []
    # Some people are often late; most rarely are.
    habit = {p.pk: rng.choice([0.01, 0.02, 0.02, 0.03, 0.05, 0.15]) for p in people}
    for person in people:
        recorder = supervisors.get(person.team_id) or person.reports_to
        day = first
        while day < today:
            entry = plan.get((person.pk, day))
            day_str = day
            day += datetime.timedelta(days=1)
            if entry is None or person.hire_date > day_str:
                continue
            if entry.shift is None:
                records.append(Attendance(person=person, club=club, date=day_str, status=Status.DAY_OFF, recorded_by=recorder))
                continue
            roll = rng.random()
            if roll < 0.004:
                records.append(Attendance(person=person, club=club, date=day_str, status=Status.ABSENT, recorded_by=recorder))
                continue
            if roll < 0.03:
                records.append(Attendance(
                    person=person, club=club, date=day_str, status=Status.LEAVE, recorded_by=recorder,
                    leave_type=rng.choice([LeaveType.SICK, LeaveType.PERSONAL, LeaveType.ANNUAL, LeaveType.SICK]),
                ))
                continue
            start, end = entry.shift.bounds(day_str, zone)
            arrived = start - datetime.timedelta(minutes=rng.randint(0, 15))
            left = end + datetime.timedelta(minutes=rng.randint(0, 20))
            note = ""
            if rng.random() < habit[person.pk]:
                arrived = start + datetime.timedelta(minutes=rng.randint(6, 45))
                note = rng.choice(LATE_NOTES)
            if rng.random() < 0.02:
                left = end - datetime.timedelta(minutes=rng.randint(20, 90))
                note = note or "身体不适提前离开"
            derived = derive(
                shift=entry.shift, day=day_str, zone=zone, arrived_at=arrived, left_at=left,
                arrival_grace=policy.arrival_grace_minutes, leaving_grace=policy.leaving_grace_minutes,
            )
            records.append(Attendance(
                person=person, club=club, date=day_str, shift=entry.shift, arrived_at=arrived, left_at=left,
                status=derived.status, late_minutes=derived.late_minutes, early_minutes=derived.early_minutes,
                note=note, recorded_by=recorder,
            ))
            if person.position == Role.TECHNICIAN:
                checks.append((person, day_str, recorder, rng.random() < 0.06))
    before = Attendance.objects.filter(club=club).count()
    Attendance.objects.bulk_create(records, ignore_conflicts=True)
    created = Attendance.objects.filter(club=club).count() - before

    existing = set(
        GroomingCheck.objects.filter(person__in=people, date__gte=first).values_list("person_id", "date", "round")
    )
    new_checks, failures = [], []
    for person, day, recorder, failed in checks:
        if (person.pk, day, 1) in existing:
            continue
        new_checks.append(GroomingCheck(person=person, date=day, round=1, passed=not failed, checked_by=recorder))
    GroomingCheck.objects.bulk_create(new_checks, ignore_conflicts=True)
    failed_checks = GroomingCheck.objects.filter(person__in=people, date__gte=first, passed=False, failures__isnull=True)
    for check in failed_checks.select_related("person"):
        candidates = [i for i in items if i.applies_to_person(check.person)]
        item = rng.choice(candidates)
        failures.append(GroomingFailure(check_record=check, item=item, note=GROOMING_NOTES.get(item.key, "需改进")))
    GroomingFailure.objects.bulk_create(failures, ignore_conflicts=True)
    return created
