"""Recording the floor: saving the team screen (its rows are read by ``selectors.daily.team_day``)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from duties.models import Evidence
from duties.services import evidence_recorded_on_commit
from kernel import bulk
from staff import locks as month_lock

from ..models import Attendance, GroomingCheck, GroomingFailure


@month_lock.changed_by()
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


def _same(record, key, value):
    """The record already holds ``value`` (a related row compared by its key, without loading the record's)."""
    if key in ("club", "shift"):
        return getattr(record, f"{key}_id") == (value.pk if value is not None else None)
    return getattr(record, key) == value


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
    if record is not None:
        record.person = person  # the person in memory: the report's feed finds their club without a query
    if record is not None and all(_same(record, k, v) for k, v in values.items() if k != "recorded_by"):
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
        bulk.bulk_create(GroomingFailure, [GroomingFailure(check_record=check, item=item, note=note.strip())
                                           for item in failed])
    return check
