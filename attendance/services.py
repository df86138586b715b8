"""Recording the floor: the team screen's load and save."""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from duties.models import Evidence
from duties.services import evidence_recorded_on_commit
from staff.models import Person

from .models import Attendance, AttendancePolicy, GroomingCheck, GroomingFailure, GroomingItem, MonthLock, RosterEntry


@dataclass
class Row:
    """What the team screen knows about one person on one day."""

    person: Person
    shift: object = None
    day_off: bool = False
    attendance: Attendance | None = None
    grooming: GroomingCheck | None = None
    grooming_rounds: int = 0
    form: object = None
    failed_item_ids: set = field(default_factory=set)


def team_day(*, people, day):
    """Rows for ``people`` on ``day``: their plan, saved attendance and latest grooming check.

    A fixed number of queries however many people there are.
    """
    people = list(people)
    ids = [p.pk for p in people]
    roster = {r.person_id: r for r in RosterEntry.objects.filter(person_id__in=ids, date=day).select_related("shift")}
    attendance = {a.person_id: a for a in Attendance.objects.filter(person_id__in=ids, date=day).select_related("shift")}
    checks = GroomingCheck.objects.filter(person_id__in=ids, date=day).prefetch_related(
        Prefetch("failures", queryset=GroomingFailure.objects.select_related("item"))
    )
    latest, rounds = {}, {}
    for check in checks.order_by("round"):
        latest[check.person_id] = check
        rounds[check.person_id] = check.round
    rows = []
    for person in people:
        entry = roster.get(person.pk)
        check = latest.get(person.pk)
        rows.append(
            Row(
                person=person,
                shift=entry.shift if entry else None,
                day_off=bool(entry and entry.is_day_off),
                attendance=attendance.get(person.pk),
                grooming=check,
                grooming_rounds=rounds.get(person.pk, 0),
                failed_item_ids={f.item_id for f in check.failures.all()} if check else set(),
            )
        )
    return rows


def initial_for(row, items, zone):
    """What the row's form shows: the saved values, or an ordinary day for a new row."""
    saved = row.attendance
    if saved is None:
        presence = "day_off" if row.day_off else "worked"
        initial = {"presence": presence}
    else:
        def zone_time(moment):
            return moment.astimezone(zone).time().replace(second=0, microsecond=0) if moment else None

        initial = {
            "presence": "worked" if saved.status in _WORKED_STATUSES else saved.status,
            "arrived": zone_time(saved.arrived_at),
            "left": zone_time(saved.left_at),
            "leave_type": saved.leave_type,
            "override_status": saved.status if saved.overridden else "",
            "override_reason": saved.override_reason,
            "note": saved.note,
        }
    for item in items:
        initial[f"item_{item.pk}"] = item.pk not in row.failed_item_ids
    if row.grooming is not None:
        initial["grooming_note"] = "; ".join(f.note for f in row.grooming.failures.all() if f.note)
    return initial


_WORKED_STATUSES = {"present", "late", "left_early", "late_left_early"}


@transaction.atomic
def team_day_save(*, club, day, rows, by, reason=""):
    """Save every row of the team screen: one attendance record per person-day, updated in place.

    The grooming check gets a new round only when its result differs from the latest round,
    so saving the same screen twice records nothing twice, while a re-check that clears a
    failed item keeps both results.
    """
    groomed = 0
    for row in rows:
        data = row.form.cleaned_data
        _save_attendance(club=club, day=day, person=row.person, shift=row.shift, data=data, by=by, reason=reason)
        if data["presence"] == "worked":
            _save_grooming(day=day, row=row, failed=data["failed_items"], note=data.get("grooming_note", ""), by=by)
            groomed += 1
    # The records are the evidence that the recorder did these duties today.
    evidence_recorded_on_commit(
        person=by, kind=Evidence.ATTENDANCE_RECORDED, day=day,
        note=_("attendance of %(count)s people") % {"count": len(rows)},
    )
    if groomed:
        evidence_recorded_on_commit(
            person=by, kind=Evidence.GROOMING_CHECKED, day=day,
            note=_("grooming of %(count)s people") % {"count": groomed},
        )


def _save_attendance(*, club, day, person, shift, data, by, reason):
    derived = data.get("derived")
    override = data.get("override_status") or ""
    values = {
        "club": club,
        "shift": shift,
        "leave_type": data.get("leave_type", "") if data["presence"] == "leave" else "",
        "arrived_at": data.get("arrived_at"),
        "left_at": data.get("left_at"),
        "late_minutes": derived.late_minutes if derived else 0,
        "early_minutes": derived.early_minutes if derived else 0,
        "status": override or (derived.status if derived else data["presence"]),
        "overridden": bool(override),
        "override_reason": data.get("override_reason", "").strip() if override else "",
        "note": data.get("note", ""),
        "recorded_by": by,
    }
    record = Attendance.objects.select_for_update().filter(person=person, date=day).first()
    if record is not None and all(getattr(record, k) == v for k, v in values.items() if k != "recorded_by"):
        return record  # saving the same screen again changes nothing
    if record is None:
        record = Attendance(person=person, date=day)
    for key, value in values.items():
        setattr(record, key, value)
    record._change_reason = reason
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        # Another supervisor saved this person-day a moment ago: update their record instead.
        record.pk = Attendance.objects.get(person=person, date=day).pk
        record._state.adding = False
        record.save()
    return record


def _save_grooming(*, day, row, failed, note, by):
    failed_ids = {item.pk for item in failed}
    latest = row.grooming
    if latest is not None and failed_ids == row.failed_item_ids:
        return latest
    check, created = GroomingCheck.objects.get_or_create(
        person=row.person, date=day, round=row.grooming_rounds + 1,
        defaults={"passed": not failed_ids, "checked_by": by},
    )
    if created:
        GroomingFailure.objects.bulk_create(
            [GroomingFailure(check_record=check, item=item, note=note.strip()) for item in failed]
        )
    return check


def policy_and_items(club):
    items = list(GroomingItem.objects.filter(club=club, is_active=True))
    return AttendancePolicy.for_club(club), items


def month_is_locked(club, day):
    return MonthLock.is_locked(club.pk, day)
