"""The month lock: one rule for every record that counts in a club's month, whichever app keeps it.

Once the store manager has checked a month and locked it (the floor's lock page), the records
that count in that month — roster, attendance, grooming, hygiene, consumables, quality checks
and feedback, follow-up talks, rewards and penalties, training results (assessment attempts,
session attendance), meeting attendance — change only by the store manager of that club or the
owner, and only with a reason, which the history keeps (``history_change_reason``).

Why here, in the kernel: the lock is part of the calendar every app reads, and training and
meetings may not import the floor (same layer or higher). The table of locked months
(``attendance.MonthLock``, with its page and overview) stays with the floor, which tells this
module how to read it (``locks_kept_by``) from its ``AppConfig.ready()``, like the registry of
menu links. Moving the table would have meant a migration across apps for no change in the rule.

How it cannot be forgotten:

* every app declares each model that counts in a month, with where its club and its day are
  (``counts_in_month``), from its ``AppConfig.ready()``; ``tests/test_month_lock.py`` fails on a
  dated model of a domain app that is neither declared nor listed as not counting;
* a declared model is guarded on every save and delete: in a locked month the change goes
  through only inside ``changing(viewer, reason)`` opened by someone who may change a locked
  month and with a reason; otherwise ``MonthLocked`` (a 403) is raised before anything is
  written. A service opens ``changing`` around its writes (``@changed_by()``); a view asks
  ``lock_error`` first to show the message on the form, and a forgotten path fails loudly
  instead of changing a locked month quietly.

A lock is not lifted in the app; an administrator deletes a wrong lock in the admin.

What it costs: inside ``remembered()`` (every request, ``PersonMiddleware``) each club's month is
looked up once, however many records a save writes (a team screen of 30 rows asks once, not 30
times); a lock added or removed meanwhile forgets what was remembered.
"""

import contextvars
import datetime
import functools
from contextlib import contextmanager
from dataclasses import dataclass
from operator import attrgetter

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils.translation import gettext as _

from .access import is_store_manager_of, sees_every_club


class MonthLocked(PermissionDenied):
    """A change to a record of a locked month that the rule does not allow; the message says why."""


@dataclass(frozen=True)
class MonthOf:
    """Where a counting record's club id and day are: attribute paths (``"session.club_id"``) or callables."""

    club: object
    day: object

    def of(self, record):
        club = self.club(record) if callable(self.club) else attrgetter(self.club)(record)
        day = self.day(record) if callable(self.day) else attrgetter(self.day)(record)
        return club, day


_counting: dict[type, MonthOf] = {}
_source = {"is_locked": None}
_clearance = contextvars.ContextVar("month_lock_clearance", default=None)
# {(club id, year, month): locked?} while ``remembered()`` is open; None outside.
_memo = contextvars.ContextVar("month_lock_memo", default=None)


def counts_in_month(model, *, club="club_id", day="date"):
    """Declare that ``model``'s records count in a club's month: guard them with the lock."""
    _counting[model] = MonthOf(club=club, day=day)
    uid = f"month-lock-{model._meta.label}"
    pre_save.connect(_guard_save, sender=model, dispatch_uid=uid, weak=False)
    pre_delete.connect(_guard_delete, sender=model, dispatch_uid=uid, weak=False)


def month_counting_models():
    return set(_counting)


def locks_kept_by(is_locked):
    """The floor says where the locked months are: ``is_locked(club_id, day)``.

    When it is a model's class method (``MonthLock.is_locked``), a write of that model forgets the
    lock decisions remembered so far (``remembered``)."""
    _source["is_locked"] = is_locked
    model = getattr(is_locked, "__self__", None)
    if isinstance(model, type) and issubclass(model, models.Model):
        post_save.connect(_forget, sender=model, dispatch_uid="month-lock-memo.save", weak=False)
        post_delete.connect(_forget, sender=model, dispatch_uid="month-lock-memo.delete", weak=False)


@contextmanager
def remembered():
    """Inside, each (club, month) is looked up once: a request (``PersonMiddleware``) or a job saving many rows."""
    if _memo.get() is not None:  # already inside one: share it
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def _forget(**kwargs):
    memo = _memo.get()
    if memo is not None:
        memo.clear()


def is_locked(club_id, day):
    if day is None or club_id is None or _source["is_locked"] is None:
        return False
    if isinstance(day, str):  # a record created with its date as text, before the database converts it
        day = datetime.date.fromisoformat(day[:10])
    elif isinstance(day, datetime.datetime):
        day = day.date()
    memo = _memo.get()
    if memo is None:
        return _source["is_locked"](club_id, day)
    key = (club_id, day.year, day.month)
    if key not in memo:
        memo[key] = _source["is_locked"](club_id, day)
    return memo[key]


def month_of(record):
    """(club id, day) of a declared record."""
    return _counting[type(record)].of(record)


def may_change_locked(viewer, club_id):
    """The store manager of the club and the owner may change a locked month (with a reason)."""
    return viewer is not None and (sees_every_club(viewer) or is_store_manager_of(viewer, club_id))


def lock_error(viewer, club_id, day, reason=""):
    """Why ``viewer`` may not change ``club_id``'s records of ``day`` now, or None when they may."""
    if not is_locked(club_id, day):
        return None
    if not may_change_locked(viewer, club_id):
        return _("%(month)s is locked: only the store manager can change it, with a reason.") % {
            "month": f"{day:%Y-%m}"
        }
    if not (reason or "").strip():
        return _("This month is locked: give a reason for the change.")
    return None


def lock_state(viewer, club_id, *days):
    """For a page (``_lock_reason.html``): whether any of ``days`` is in a locked month, and whether ``viewer`` may change it."""
    locked = any(is_locked(club_id, day) for day in {(d.year, d.month): d for d in days if d}.values())
    return {"locked": locked, "may_change": locked and may_change_locked(viewer, club_id)}


def first_lock_error(viewer, club_id, days, reason=""):
    """``lock_error`` over several days (a week may straddle two months): the first problem, or None."""
    for day in {(d.year, d.month): d for d in days if d}.values():
        problem = lock_error(viewer, club_id, day, reason)
        if problem:
            return problem
    return None


def ensure_can_change(viewer, club_id, day, reason=""):
    """Raise ``MonthLocked`` unless ``viewer`` may change ``club_id``'s records of ``day`` with ``reason``."""
    problem = lock_error(viewer, club_id, day, reason)
    if problem:
        raise MonthLocked(problem)


@contextmanager
def changing(viewer, reason=""):
    """Writes made inside are ``viewer``'s, with ``reason`` for any record of a locked month."""
    token = _clearance.set((viewer, (reason or "").strip()))
    try:
        with remembered():  # a service writing many rows (a job, outside a request) asks once per month too
            yield
    finally:
        _clearance.reset(token)


def changed_by(by="by", reason="reason"):
    """A service's writes are made as its keyword argument ``by``, with its ``reason``: ``changing`` around it."""

    def decorate(service):
        @functools.wraps(service)
        def run(*args, **kwargs):
            with changing(kwargs.get(by), kwargs.get(reason, "")):
                return service(*args, **kwargs)

        return run

    return decorate


def _check(record):
    club_id, day = month_of(record)
    if not is_locked(club_id, day):
        return
    viewer, reason = _clearance.get() or (None, "")
    ensure_can_change(viewer, club_id, day, reason)
    record._change_reason = reason[:100]  # history_change_reason holds 100 characters


def _guard_save(sender, instance, raw=False, **kwargs):
    if not raw:  # loading fixtures is not a change
        _check(instance)


def _guard_delete(sender, instance, **kwargs):
    _check(instance)
