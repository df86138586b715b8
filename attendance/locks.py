"""The month lock: the one rule for changing a club's records of a locked month, and locking.

Once the store manager has checked a month and locked it, its records change only by the
store manager of that club (or the owner), and only with a reason, which is kept in the
history. Every editing view of the floor asks ``ensure_can_change`` before it saves.

A lock is not lifted in the app: a lock is the promise that the month's figures (the owner's
report, the honour roll) no longer move. A wrong lock is undone by an administrator in the
admin (Locked months), which leaves a trace there.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from staff.models import Role

from .models import MonthLock
from .months import month_start


def is_locked(club, day):
    return MonthLock.is_locked(club.pk, day)


def may_change_locked(viewer, club):
    """The store manager of the club and the owner may change a locked month (with a reason)."""
    if viewer.position == Role.OWNER:
        return True
    return viewer.position == Role.STORE_MANAGER and viewer.club_id == club.pk


def may_lock(viewer, club):
    return may_change_locked(viewer, club)


def may_open_lock_page(viewer):
    """The lock page: the owner (any club) and a store manager (their club)."""
    return viewer.position in (Role.OWNER, Role.STORE_MANAGER)


def lock_error(viewer, club, day, reason=""):
    """Why ``viewer`` may not change ``club``'s records of ``day`` now, or None when they may."""
    if not is_locked(club, day):
        return None
    if not may_change_locked(viewer, club):
        return _("%(month)s is locked: only the store manager can change it, with a reason.") % {
            "month": f"{day:%Y-%m}"
        }
    if not (reason or "").strip():
        return _("This month is locked: give a reason for the change.")
    return None


def ensure_can_change(viewer, club, day, reason=""):
    """Before saving a change to ``club``'s records of ``day``.

    Raises PermissionDenied when the month is locked and ``viewer`` may never change it;
    returns the message to show when they may but gave no reason; returns None when the
    change may be saved (pass ``reason`` on as the history's change reason).
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
