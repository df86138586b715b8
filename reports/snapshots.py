"""Snapshots of finished months: built off the request, read by the report while fresh.

The rule, in this one place: a snapshot is **stale** when its (club, month) was marked changed
(``StaleMonth.changed_at``) at or after the snapshot's ``built_at``. The marks are written by
``feeds.py`` in the same transaction as any change of a record that feeds the report — the
month the record was in before and the one it is in after, bulk writes through
``kernel.bulk`` included. ``built_at`` is taken before the records are read, so a change
saved while a snapshot is being built makes it stale rather than lost.

A request never builds: ``fresh_snapshots`` answers which snapshots may be read and which
months must be computed live (and queued for a build, ``queue_builds``). Beat
(``jobs.run_due``) and the queued task (``tasks.build_snapshots``) build with
``snapshots_for``, which builds what is missing or stale.
"""

import logging

from django.core.cache import cache
from django.db.models import F
from django.db.models.fields.json import KT
from django.utils import timezone

from kernel.months import month_start

from .feeds import forget_marks
from .figures import SCHEMA
from .models import MonthlySnapshot, StaleMonth
from .selectors import is_closed, live_figures

log = logging.getLogger(__name__)

QUEUE_AGAIN_SECONDS = 300  # the same month is queued for a build at most this often from requests


def build(club, month, *, now=None, reason=""):
    """(Re)build ``club``'s snapshot of ``month`` from the records; returns it."""
    return build_many([club], month, now=now, reason=reason)[club.pk]


def build_many(clubs, month, *, now=None, reason=""):
    """(Re)build the snapshots of ``month`` for every club of ``clubs``: {club id: snapshot}.

    The figures of all the clubs come from one ``live_figures`` call, whose query count does
    not grow with the number of clubs; the new snapshots are written in one INSERT, and only a
    snapshot built again is written on its own.
    """
    month = month_start(month)
    clubs = list(clubs)
    if not clubs:
        return {}
    started = timezone.now()
    forget_marks()  # a change later in this transaction marks its month again, after this build
    figures_by_club = live_figures(clubs, month, now=now or started)
    reason = reason[:200]
    for figures in figures_by_club.values():
        figures["schema"] = SCHEMA
    ids = [club.pk for club in clubs]
    had = set(MonthlySnapshot.objects.filter(club_id__in=ids, month=month).values_list("club_id", flat=True))
    # The new ones in one INSERT; one built at the same moment by another run is skipped here and counted as
    # built again below, as one that was there already.
    MonthlySnapshot.objects.bulk_create([
        MonthlySnapshot(club=club, month=month, figures=figures_by_club[club.pk], built_at=started, reason=reason)
        for club in clubs if club.pk not in had
    ], ignore_conflicts=True)
    built = {s.club_id: s for s in MonthlySnapshot.objects.filter(club_id__in=ids, month=month)}
    for club in clubs:
        snapshot = built[club.pk]
        if club.pk in had or snapshot.built_at != started:
            values = {"figures": figures_by_club[club.pk], "built_at": started, "reason": reason}
            MonthlySnapshot.objects.filter(pk=snapshot.pk).update(builds=F("builds") + 1, **values)
            snapshot.refresh_from_db()
        snapshot.club = club
        log.info("report snapshot %s %s built (%s)", club.code, f"{month:%Y-%m}", reason or "new")
    return built


def changes(snapshots):
    """{(club id, month): latest change mark} of these snapshots' clubs and months; one query."""
    if not snapshots:
        return {}
    club_ids = sorted({s.club_id for s in snapshots})
    months = sorted({s.month for s in snapshots})
    rows = StaleMonth.objects.filter(club_id__in=club_ids, month__in=months).values_list("club_id", "month", "changed_at")
    return {(c, m): at for c, m, at in rows}


def stale(snapshots):
    """The snapshots (of ``snapshots``) that a later change of their records has made stale."""
    marks = changes(snapshots)
    return [s for s in snapshots if (s.club_id, s.month) in marks and marks[(s.club_id, s.month)] >= s.built_at]


def fresh_snapshots(clubs, months, *, now=None, figures=True):
    """``(fresh, to_build)``: {(club id, month): snapshot} that may be read, and the finished (club id, month)
    without a fresh snapshot (missing, stale or of an older kind), which the report computes live. Reads only.

    ``figures=False`` leaves each snapshot's figures unread (``with_figures`` reads those wanted): a chain's
    report reads the figures of the months it does not find merged already (``report.py``)."""
    now = now or timezone.now()
    clubs = {c.pk: c for c in clubs}
    wanted = {(pk, m) for pk, club in clubs.items() for m in months if is_closed(club, m, now)}
    if not wanted:
        return {}, []
    rows = MonthlySnapshot.objects.filter(club_id__in=list(clubs), month__in=sorted({m for _pk, m in wanted}))
    if not figures:
        rows = rows.defer("figures").annotate(schema=KT("figures__schema"))
    found = {(s.club_id, s.month): s for s in rows if (s.club_id, s.month) in wanted}
    for s in found.values():
        s.club = clubs[s.club_id]
        if figures:
            s.schema = s.figures.get("schema")
    current = [s for s in found.values() if str(s.schema) == str(SCHEMA)]
    bad = {(s.club_id, s.month) for s in stale(current)}
    fresh = {key: s for key, s in found.items() if str(s.schema) == str(SCHEMA) and key not in bad}
    return fresh, sorted(wanted - set(fresh))


def with_figures(snapshots):
    """Read the figures of ``snapshots`` left unread by ``fresh_snapshots(figures=False)``; one query."""
    todo = {s.pk: s for s in snapshots if "figures" not in s.__dict__}
    if todo:
        for pk, figures in MonthlySnapshot.objects.filter(pk__in=list(todo)).values_list("pk", "figures"):
            todo[pk].figures = figures
    return snapshots


def queue_builds(keys):
    """Queue a build of these (club id, month) once the request's transaction commits (``outbox``).

    A month already queued in the last ``QUEUE_AGAIN_SECONDS`` is not queued again (the cache,
    not the database, remembers it), so a busy page does not flood the queue.
    """
    from outbox.services import enqueue_on_commit

    todo = [(pk, m) for pk, m in keys if cache.add(f"reports:build:{pk}:{m:%Y-%m}", 1, QUEUE_AGAIN_SECONDS)]
    for month in sorted({m for _pk, m in todo}):
        enqueue_on_commit("reports.tasks.build_snapshots", sorted(pk for pk, m in todo if m == month), f"{month:%Y-%m}")
    return todo


def snapshots_for(clubs, months, *, now=None, build_missing=True):
    """{(club id, month): snapshot} for every finished month of ``months`` in each of ``clubs``, fresh.

    Builds: stale ones and those of an older kind are rebuilt, missing ones built
    (``build_missing``); months not over in a club's time zone are left out. For the jobs, never a request.
    """
    now = now or timezone.now()
    clubs = {c.pk: c for c in clubs}
    fresh, to_build = fresh_snapshots(clubs.values(), months, now=now)
    existing = set(
        MonthlySnapshot.objects.filter(club_id__in=list(clubs), month__in=sorted({m for _pk, m in to_build}))
        .values_list("club_id", "month")
    ) if to_build else set()
    todo = {}  # (month, reason) -> [club ids]: each built for all its clubs at once
    for pk, month in to_build:
        if (pk, month) in existing:
            todo.setdefault((month, "records changed after it was built"), []).append(pk)
        elif build_missing:
            todo.setdefault((month, ""), []).append(pk)
    for (month, reason), ids in sorted(todo.items()):
        fresh.update({(pk, month): s for pk, s in build_many([clubs[pk] for pk in ids], month, now=now,
                                                              reason=reason).items()})
    return fresh
