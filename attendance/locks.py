"""The month lock on the floor: locking a month, and the floor's side of the kernel's one lock rule.

The rule itself — after the lock only the store manager of the club (or the owner) changes a
record that counts in the month, with a reason kept in the history — is the kernel's
(``staff.locks``), so that training and meetings keep it too. This module keeps the table of
locked months (``MonthLock``), tells the kernel how to read it, declares which floor records
count in a month (``register``, from ``AttendanceConfig.ready()``), and locks a month.

A lock is not lifted in the app: a lock is the promise that the month's figures (the owner's
report, the honour roll) no longer move. A wrong lock is undone by an administrator in the
admin (Locked months), which leaves a trace there.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel.months import month_start
from staff import locks as rule
from staff.access import may_manage_club

from .models import MonthLock


def register():
    """Tell the kernel where the locks are and which floor records count in a month."""
    from .models import (
        Attendance, AttendanceTalk, ConsumableIssue, CustomerFeedback, GroomingCheck, GroomingFailure,
        HygieneCheck, HygieneFailure, RosterEntry, ServiceCheck, ServiceCheckScore, StockReceipt, TeamSubmission,
    )

    rule.locks_kept_by(MonthLock.is_locked)
    rule.counts_in_month(Attendance)
    rule.counts_in_month(RosterEntry, club="person.club_id")
    rule.counts_in_month(GroomingCheck, club="person.club_id")
    rule.counts_in_month(GroomingFailure, club="check_record.person.club_id", day="check_record.date")
    rule.counts_in_month(HygieneCheck, club="area.club_id")
    rule.counts_in_month(HygieneFailure, club="check_record.area.club_id", day="check_record.date")
    rule.counts_in_month(StockReceipt, club="item.club_id", day="received_on")
    rule.counts_in_month(
        ConsumableIssue, club="item.club_id",
        day=lambda issue: timezone.localdate(issue.issued_at, timezone=issue.item.club.zone),
    )
    rule.counts_in_month(ServiceCheck)
    rule.counts_in_month(ServiceCheckScore, club="check_record.club_id", day="check_record.date")
    rule.counts_in_month(CustomerFeedback)
    rule.counts_in_month(AttendanceTalk, day="month")  # the month it is about, not the day it was held
    rule.counts_in_month(TeamSubmission)  # a day's team screen submission (key, answer), made with its records


changing = rule.changing


def is_locked(club, day):
    return rule.is_locked(club.pk, day)


def may_change_locked(viewer, club):
    """The store manager of the club and the owner may change a locked month (with a reason)."""
    return rule.may_change_locked(viewer, club.pk)


def may_lock(viewer, club):
    return may_manage_club(viewer, club)


def may_open_lock_page(viewer):
    """The lock page: the owner (any club) and a store manager (their club)."""
    return rule.may_change_locked(viewer, viewer.club_id)


def lock_error(viewer, club, day, reason=""):
    """Why ``viewer`` may not change ``club``'s records of ``day`` now, or None when they may."""
    return rule.lock_error(viewer, club.pk, day, reason)


def ensure_can_change(viewer, club, day, reason=""):
    """Before saving a change to ``club``'s records of ``day``.

    Raises PermissionDenied when the month is locked and ``viewer`` may never change it;
    returns the message to show when they may but gave no reason; returns None when the
    change may be saved (inside ``staff.locks.changing(viewer, reason)``).
    """
    if is_locked(club, day) and not may_change_locked(viewer, club):
        raise PermissionDenied
    return lock_error(viewer, club, day, reason)


def lockable(club, month, *, today=None):
    """Why ``month`` cannot be locked yet, or None. Only finished months are locked."""
    today = today or timezone.localdate(timezone=club.zone)
    if month_start(month) >= month_start(today):
        return _("%(month)s is not over yet; a month is locked after its last day.") % {"month": f"{month:%Y-%m}"}
    return None


@transaction.atomic
def month_lock(*, club, month, by):
    """Lock ``club``'s ``month``; locking a locked month is refused, never doubled."""
    month = month_start(month)
    problem = lockable(club, month)
    if problem:
        raise ValidationError(problem)
    try:
        with transaction.atomic():
            return MonthLock.objects.create(club=club, month=month, locked_by=by)
    except IntegrityError:
        raise ValidationError(_("%(month)s is already locked.") % {"month": f"{month:%Y-%m}"}) from None
