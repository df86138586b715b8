"""Snapshots of finished months: built once, read by the report, built again when a record changes afterwards.

The rule, in this one place: a snapshot is stale when a record of its club and month has a
history entry (created, changed or deleted) later than the snapshot's ``built_at``. Every
record the report counts keeps its history (django-simple-history), whichever path changed it
— a screen, a service, the admin — so an edit after the lock, a late record or a deletion
all show up. ``built_at`` is taken before the records are read, so a change saved while a
snapshot is being built makes it stale rather than lost.

``snapshots_for`` answers for many clubs and months in a fixed number of queries (one per
kind of record, grouped by club and day in SQL), and builds only what is missing or stale.
"""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from attendance.models import (
    Attendance,
    AttendanceTalk,
    ConsumableIssue,
    CustomerFeedback,
    GroomingCheck,
    HygieneCheck,
    HygieneFailure,
    ServiceCheck,
    ServiceCheckScore,
)
from attendance.months import month_start, next_month
from duties.models import ChecklistItem
from meetings.models import ActionItem, Meeting
from staff.models import Person
from training.models import (
    Attempt,
    Competition,
    CompetitionEntry,
    JudgeScore,
    LevelAward,
    RewardPenalty,
    SessionAttendance,
    TrainingSession,
)

from .figures import SCHEMA
from .models import MonthlySnapshot
from .selectors import is_closed, live_figures

log = logging.getLogger(__name__)

# (model whose history is read, its club, the local date that puts a record in a month)
DATED_SOURCES = [
    (Attendance, "club_id", "date"),
    (GroomingCheck, "person__club_id", "date"),
    (HygieneCheck, "area__club_id", "date"),
    (HygieneFailure, "check_record__area__club_id", "check_record__date"),
    (ServiceCheck, "club_id", "date"),
    (ServiceCheckScore, "check_record__club_id", "check_record__date"),
    (CustomerFeedback, "club_id", "date"),
    (AttendanceTalk, "club_id", "month"),
    (ChecklistItem, "checklist__club_id", "checklist__period_start"),
    # A hire or a departure recorded late; other changes to people (a new position) leave past months alone.
    (Person, "club_id", "hire_date"),
    (Person, "club_id", "left_on"),
    # Training (``training.selectors.training_figures``): sessions held and who came, assessment results
    # (a rubric's or a quiz's result is saved on its attempt), levels gained, competition results, rewards
    # and penalties.
    (TrainingSession, "club_id", "date"),
    (SessionAttendance, "session__club_id", "session__date"),
    (Attempt, "assessment__club_id", "finished_on"),
    (LevelAward, "club_id", "granted_on"),
    (Competition, "club_id", "held_on"),
    (CompetitionEntry, "club_id", "competition__held_on"),
    (JudgeScore, "entry__club_id", "entry__competition__held_on"),
    (RewardPenalty, "club_id", "date"),
    # Meetings (``meetings.selectors.meeting_figures``): meetings of the month and the action items raised at them.
    (Meeting, "club_id", "occurrence"),
    (ActionItem, "series__club_id", "meeting__occurrence"),
]
# (model, which of its records belong to every club, the local date): a chain-wide competition concerns
# each club with an entrant; a change to it marks the month of every club read.
CHAIN_SOURCES = [(Competition, {"club_id__isnull": True}, "held_on")]
# (model, its club, the moment that puts a record in a month in the club's time zone)
TIMED_SOURCES = [(ConsumableIssue, "item__club_id", "issued_at")]


def build(club, month, *, now=None, reason=""):
    """(Re)build ``club``'s snapshot of ``month`` from the records; returns it."""
    return build_many([club], month, now=now, reason=reason)[club.pk]


def build_many(clubs, month, *, now=None, reason=""):
    """(Re)build the snapshots of ``month`` for every club of ``clubs``: {club id: snapshot}.

    The figures of all the clubs come from one ``live_figures`` call, whose query count does
    not grow with the number of clubs; only the writes are per club.
    """
    month = month_start(month)
    clubs = list(clubs)
    if not clubs:
        return {}
    started = timezone.now()
    figures_by_club = live_figures(clubs, month, now=now or started)
    built = {}
    for club in clubs:
        figures = figures_by_club[club.pk]
        figures["schema"] = SCHEMA
        values = {"figures": figures, "built_at": started, "reason": reason[:200]}
        try:
            with transaction.atomic():
                snapshot, created = MonthlySnapshot.objects.get_or_create(club=club, month=month, defaults=values)
        except IntegrityError:  # built at the same moment by another run
            snapshot, created = MonthlySnapshot.objects.get(club=club, month=month), False
        if not created:
            MonthlySnapshot.objects.filter(pk=snapshot.pk).update(builds=F("builds") + 1, **values)
            snapshot.refresh_from_db()
        snapshot.club = club
        built[club.pk] = snapshot
        log.info("report snapshot %s %s built (%s)", club.code, f"{month:%Y-%m}", reason or "new")
    return built


def changed_since(snapshots):
    """{(club id, month): last change} of the records of these snapshots' clubs and months made after they were built."""
    if not snapshots:
        return {}
    club_ids = sorted({s.club_id for s in snapshots})
    first = min(s.month for s in snapshots)
    end = next_month(max(s.month for s in snapshots))
    since = min(s.built_at for s in snapshots)
    changes = {}

    def note(club_id, day, last):
        key = (club_id, month_start(day))
        if key not in changes or last > changes[key]:
            changes[key] = last

    for model, club, dated in DATED_SOURCES:
        rows = (
            model.history.model.objects.filter(
                **{f"{club}__in": club_ids, f"{dated}__gte": first, f"{dated}__lt": end, "history_date__gt": since}
            )
            .values_list(club, dated).order_by().annotate(last=Max("history_date"))
        )
        for club_id, day, last in rows:
            note(club_id, day, last)
    for model, chain_wide, dated in CHAIN_SOURCES:
        rows = (
            model.history.model.objects.filter(
                **chain_wide, **{f"{dated}__gte": first, f"{dated}__lt": end, "history_date__gt": since}
            )
            .values_list(dated).order_by().annotate(last=Max("history_date"))
        )
        for day, last in rows:
            for club_id in club_ids:
                note(club_id, day, last)
    zones = {s.club_id: s.club.zone for s in snapshots}
    for model, club, moment in TIMED_SOURCES:
        start = datetime.datetime.combine(first, datetime.time(0), tzinfo=datetime.UTC) - datetime.timedelta(days=1)
        stop = datetime.datetime.combine(end, datetime.time(0), tzinfo=datetime.UTC) + datetime.timedelta(days=1)
        rows = (
            model.history.model.objects.filter(
                **{f"{club}__in": club_ids, f"{moment}__gte": start, f"{moment}__lt": stop, "history_date__gt": since}
            )
            .values_list(club, moment).order_by().annotate(last=Max("history_date"))
        )
        for club_id, at, last in rows:
            note(club_id, at.astimezone(zones[club_id]).date(), last)
    return changes


def stale(snapshots):
    """The snapshots (of ``snapshots``) that a later change of their records has made stale."""
    changes = changed_since(snapshots)
    return [s for s in snapshots if changes.get((s.club_id, s.month), s.built_at) > s.built_at]


def snapshots_for(clubs, months, *, now=None, build_missing=True):
    """{(club id, month): snapshot} for every finished month of ``months`` in each of ``clubs``, fresh.

    Missing snapshots are built (``build_missing``) and stale ones rebuilt; months not over in
    a club's time zone are left out (the report computes them live).
    """
    now = now or timezone.now()
    clubs = {c.pk: c for c in clubs}
    wanted = {(pk, m) for pk, club in clubs.items() for m in months if is_closed(club, m, now)}
    if not wanted:
        return {}
    found = {
        (s.club_id, s.month): s
        for s in MonthlySnapshot.objects.filter(club_id__in=list(clubs), month__in=sorted({m for _pk, m in wanted}))
    }
    for s in found.values():
        s.club = clubs[s.club_id]  # no query per snapshot for its club's time zone
    todo = {}  # (month, reason) -> [club ids]: each built for all its clubs at once
    for s in stale([s for key, s in found.items() if key in wanted and s.figures.get("schema") == SCHEMA]):
        todo.setdefault((s.month, "records changed after it was built"), []).append(s.club_id)
    for (pk, month), s in found.items():
        if (pk, month) in wanted and s.figures.get("schema") != SCHEMA:
            todo.setdefault((month, "figures of an older kind"), []).append(pk)
    if build_missing:
        for pk, month in sorted(wanted - set(found)):
            todo.setdefault((month, ""), []).append(pk)
    for (month, reason), ids in sorted(todo.items()):
        for pk, snapshot in build_many([clubs[pk] for pk in ids], month, now=now, reason=reason).items():
            found[(pk, month)] = snapshot
    return {key: s for key, s in found.items() if key in wanted}
