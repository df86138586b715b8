"""Checking in and out on one's own phone, where the club allows it. The time is the server's."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .derive import derive
from .models import Attendance, AttendancePolicy, MonthLock, RosterEntry, Status


def _open_night_shift(person, now):
    """Yesterday's record of a night shift still running after midnight, if any."""
    yesterday = timezone.localdate(now, timezone=person.club.zone) - datetime.timedelta(days=1)
    record = Attendance.objects.filter(
        person=person, date=yesterday, arrived_at__isnull=False, left_at__isnull=True
    ).select_related("shift").first()
    if record and record.shift and record.shift.crosses_midnight:
        return record
    return None


def _night_shift_not_begun(person, now):
    """Yesterday's night shift, still running after midnight, that the person has not checked in to yet."""
    zone = person.club.zone
    yesterday = timezone.localdate(now, timezone=zone) - datetime.timedelta(days=1)
    entry = RosterEntry.objects.filter(person=person, date=yesterday, shift__isnull=False).select_related("shift")
    entry = entry.first()
    if entry is None or not entry.shift.crosses_midnight or now >= entry.shift.bounds(yesterday, zone)[1]:
        return None
    record = Attendance.objects.filter(person=person, date=yesterday).first()
    if record is not None and (record.arrived_at is not None or record.status != Status.NOT_RECORDED):
        return None
    return {"day": yesterday, "record": record, "shift": entry.shift, "can_in": True, "can_out": False}


def today_panel(person, now=None):
    """What the Today page shows about the person's own day (None when the club has no self check-in)."""
    if person.club_id is None:
        return None
    policy = AttendancePolicy.for_club(person.club)
    if not policy.self_check_in:
        return None
    now = now or timezone.now()
    open_night = _open_night_shift(person, now)
    if open_night:
        return {"day": open_night.date, "record": open_night, "shift": open_night.shift, "can_in": False, "can_out": True}
    late_for_night = _night_shift_not_begun(person, now)  # arriving after midnight for last night's shift
    if late_for_night:
        return late_for_night
    day = timezone.localdate(now, timezone=person.club.zone)
    entry = RosterEntry.objects.filter(person=person, date=day).select_related("shift").first()
    record = Attendance.objects.filter(person=person, date=day).first()
    return {
        "day": day,
        "record": record,
        "shift": entry.shift if entry else None,
        "can_in": record is None or (record.arrived_at is None and record.status in (Status.NOT_RECORDED,)),
        "can_out": bool(record and record.arrived_at and not record.left_at),
    }


@transaction.atomic
def check_in_or_out(*, person, action, now=None):
    """Record the server's time as arrival or leaving; returns an error message or None."""
    panel = today_panel(person, now)
    if panel is None:
        return _("Your club does not use self check-in.")
    now = now or timezone.now()
    if MonthLock.is_locked(person.club_id, panel["day"]):
        return _("This month is locked.")
    policy = AttendancePolicy.for_club(person.club)
    record = panel["record"]
    if action == "in":
        if not panel["can_in"]:
            return _("You have already checked in today.")
        record = record or Attendance(person=person, club=person.club, date=panel["day"])
        record.arrived_at, record.shift = now, panel["shift"]
    elif action == "out":
        if not panel["can_out"]:
            return _("Check in first.")
        record.left_at = now
    else:
        return _("Unknown action.")
    derived = derive(
        shift=record.shift, day=record.date, zone=person.club.zone, arrived_at=record.arrived_at,
        left_at=record.left_at, arrival_grace=policy.arrival_grace_minutes, leaving_grace=policy.leaving_grace_minutes,
    )
    record.status, record.late_minutes, record.early_minutes = derived
    record.recorded_by = person
    record._change_reason = "self check-in" if action == "in" else "self check-out"
    record.save()
    return None
