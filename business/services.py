"""Saving business figures (all or nothing) and keeping a club's import tokens.

``save_figures`` is the one way figures are written, whether from the day's form, a file or the
JSON endpoint: it finds what actually changes, asks the month lock for every month it changes
(``staff.locks``: a locked month only by the club's store manager or the owner, with a reason — a
token never), records one ``Entry`` and writes every row in one transaction. New and changed rows
of open months are written in bulk through ``kernel.bulk`` (which keeps their history); rows of a
locked month are saved one by one inside ``locks.changing`` so the guard sees them and the history
keeps the reason.
"""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from kernel import bulk
from staff import locks

from .metrics import CLUB_KEYS, PERSON_KEYS
from .models import ApiToken, ClubDay, Entry, Source, TechnicianDay


class FiguresRefused(Exception):
    """A save the month lock refuses; the message says why (in the reader's language)."""


def _changes(record, values):
    """The keys of ``values`` whose value differs from ``record``'s (every key for a new record)."""
    return [key for key, value in values.items() if record is None or getattr(record, key) != value]


def save_figures(club, figures, *, source, by=None, token=None, file_name="", reason=""):
    """Write ``figures`` (``{date: {"club": {key: value}, "people": {person: {key: value}}}}``) for ``club``.

    Only the keys given are written (``None`` clears a figure). Returns the ``Entry``, or None when
    nothing changes. Raises ``FiguresRefused`` (nothing written) when a changed month is locked to ``by``.
    """
    with transaction.atomic(), locks.remembered():  # each month's lock looked up once
        return _save(club, figures, source=source, by=by, token=token, file_name=file_name, reason=reason)


def _save(club, figures, *, source, by, token, file_name, reason):
    dates = sorted(figures)
    days = {d.date: d for d in ClubDay.objects.select_for_update().filter(club=club, date__in=dates)}
    rows = {(r.date, r.person_id): r for r in TechnicianDay.objects.filter(club=club, date__in=dates)}
    plan = []  # (date, day or None, club changes, [(person, row or None, changes)])
    for date in dates:
        sheet = figures[date]
        day = days.get(date)
        club_values = {k: v for k, v in sheet.get("club", {}).items() if k in CLUB_KEYS}
        club_changes = _changes(day, club_values) if day or any(v is not None for v in club_values.values()) else []
        people = []
        for person, values in sheet.get("people", {}).items():
            values = {k: v for k, v in values.items() if k in PERSON_KEYS}
            row = rows.get((date, person.pk))
            if row is None and not any(v is not None for v in values.values()):
                continue
            changed = _changes(row, values)
            if changed:
                people.append((person, row, {k: values[k] for k in changed}))
        if club_changes or people:
            plan.append((date, day, {k: club_values[k] for k in club_changes}, people))
    if not plan:
        return None
    reason = (reason or "").strip()
    problem = locks.first_lock_error(by, club.pk, [date for date, *_rest in plan], reason)
    if problem:
        raise FiguresRefused(problem)

    entry = Entry.objects.create(club=club, source=source, by=by, token=token, file_name=file_name[:200],
                                 days=len(plan), reason=reason[:100],
                                 rows=sum(bool(c) + len(p) for _d, _day, c, p in plan))
    new_days, changed_days, locked_days = [], [], []
    for date, day, club_changes, people in plan:
        if day is None:
            day = ClubDay(club=club, date=date, entry=entry, revision=1, **club_changes)
            days[date] = day
            (locked_days if locks.is_locked(club.pk, date) else new_days).append(day)
        else:
            for key, value in club_changes.items():
                setattr(day, key, value)
            day.entry, day.revision = entry, day.revision + 1
            (locked_days if locks.is_locked(club.pk, date) else changed_days).append(day)
    with locks.changing(by, reason):
        if new_days:
            bulk.bulk_create(ClubDay, new_days)
        if changed_days:
            bulk.bulk_update(ClubDay, changed_days, [*CLUB_KEYS, "entry", "revision"])
        for day in locked_days:
            day.save()
        new_rows, changed_rows, locked_rows = [], [], []
        for date, _day, _club_changes, people in plan:
            locked = locks.is_locked(club.pk, date)
            for person, row, values in people:
                if row is None:
                    row = TechnicianDay(day=days[date], club=club, date=date, person=person, entry=entry, **values)
                    (locked_rows if locked else new_rows).append(row)
                else:
                    for key, value in values.items():
                        setattr(row, key, value)
                    row.entry = entry
                    (locked_rows if locked else changed_rows).append(row)
        if new_rows:
            bulk.bulk_create(TechnicianDay, new_rows)
        if changed_rows:
            bulk.bulk_update(TechnicianDay, changed_rows, [*PERSON_KEYS, "entry"])
        for row in locked_rows:
            row.save()
    return entry


def import_figures(club, figures, **kwargs):
    """``save_figures`` for a file (``source`` import) or the endpoint (``source`` api, with ``token``)."""
    kwargs.setdefault("source", Source.API if kwargs.get("token") else Source.IMPORT)
    return save_figures(club, figures, **kwargs)


# --- Import tokens -------------------------------------------------------------------------------

TOKEN_PREFIX = "cob_"


def digest(raw):
    """A token's SHA-256 (the token is 256 random bits: a slow hash would add nothing)."""
    return hashlib.sha256(raw.encode()).hexdigest()


def token_create(club, *, name, by):
    """A new token for ``club``: ``(ApiToken, the token itself)``; the token is shown once and kept only hashed."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(club=club, name=name.strip(), prefix=raw[:10], digest=digest(raw), created_by=by)
    token._history_user = by.user if by and by.user_id else None
    token.save()
    return token, raw


def token_revoke(token, *, by):
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), by
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def token_for(raw):
    """The token ``raw`` names (revoked or not), or None."""
    if not raw or len(raw) > 200:
        return None
    return ApiToken.objects.select_related("club").filter(digest=digest(raw)).first()
