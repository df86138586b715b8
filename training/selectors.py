"""Reading training records: the pages' rows, a person's record, and the figures other modules ask for.

Counts are made by the database with conditional aggregation over date ranges (never
``__month``); a page's query count does not grow with its rows.

For other modules (the monthly report, the meetings' summary reports):

* ``training_figures(club_ids=…, start=…, end=…)`` — per club;
* ``department_figures(club=…, department_kind=…, start=…, end=…)`` — one department;
* ``person_training_figures(person=…, start=…, end=…)`` — one person, month by month.

They count the days from ``start`` to ``end``, both included. Rates are percentages with one
decimal, or None when there is nothing to count. The monthly report lists the records behind
``training_figures`` with the query functions it counts with: ``held_sessions``,
``held_session_seats``, ``marked_attempts``, ``promotions``, ``finished_competitions``, ``dated_rewards``.
"""

from collections import defaultdict

from django.db.models import Avg, Case, Count, Prefetch, Q, Sum, When
from django.db.models.functions import TruncMonth

from staff.models import Club

from . import access
from . import competitions as competition_rules
from .levels import current_award, recertification_window
from .models import (
    Assessment,
    Attempt,
    Competition,
    CompetitionEntry,
    LevelAward,
    RewardPenalty,
    SessionAttendance,
    Topic,
    TrainingSession,
)

ATT = SessionAttendance.Status
HELD = TrainingSession.Status.HELD
APPROVED = RewardPenalty.Status.APPROVED


def rate(part, whole):
    return round(100 * part / whole, 1) if whole else None


def attendance_counts(path="attendance__"):
    """present / late / absent / expected over SessionAttendance rows reached through ``path``."""
    return {
        "present": Count(f"{path}pk", filter=Q(**{f"{path}status": ATT.PRESENT})),
        "late": Count(f"{path}pk", filter=Q(**{f"{path}status": ATT.LATE})),
        "absent": Count(f"{path}pk", filter=Q(**{f"{path}status": ATT.ABSENT})),
        "expected": Count(f"{path}pk"),
    }


# --- Pages ------------------------------------------------------------------------------------------


def calendar_sessions(viewer, club, start, end):
    """The sessions of ``club`` in [start, end) that ``viewer`` sees, with attendance counts, by day."""
    sessions = (
        TrainingSession.objects.filter(access.session_filter(viewer), club=club, date__gte=start, date__lt=end)
        .select_related("plan", "trainer")
        .annotate(**attendance_counts())
        .order_by("date", "start")
    )
    days = defaultdict(list)
    for session in sessions:
        days[session.date].append(session)
    return sorted(days.items())


def plan_sessions(plan):
    return plan.sessions.select_related("trainer").annotate(**attendance_counts()).order_by("date", "start")


def plan_results(plan, assessments):
    """Per trainee of ``plan``: sessions attended of those expected at, and their latest attempt at each assessment."""
    people = list(
        plan.trainees().annotate(
            expected=Count("training_attendance", filter=Q(training_attendance__session__plan=plan)),
            attended=Count(
                "training_attendance",
                filter=Q(training_attendance__session__plan=plan, training_attendance__status__in=[ATT.PRESENT, ATT.LATE]),
            ),
        ).order_by("name")
    )
    latest = {}
    counts = defaultdict(int)
    for attempt in Attempt.objects.filter(assessment__in=assessments).order_by("number"):
        latest[(attempt.person_id, attempt.assessment_id)] = attempt
        counts[(attempt.person_id, attempt.assessment_id)] += 1
    rows = []
    for person in people:
        cells = [(latest.get((person.pk, a.pk)), counts[(person.pk, a.pk)]) for a in assessments]
        rows.append({"person": person, "cells": cells})
    return rows


def plan_assessments(plan):
    return list(
        plan.assessments.annotate(
            taken=Count("attempts", filter=Q(attempts__state=Attempt.State.MARKED)),
            passed=Count("attempts", filter=Q(attempts__passed=True)),
            criteria_count=Count("criteria", distinct=True),
        ).order_by("pk")
    )


def person_record(person, *, own=False):
    """Everything ``person`` took in training: sessions, attempts, levels, competitions, rewards and penalties.

    ``own``: the person reads their own record (rewards and penalties only once approved).
    """
    sessions = (
        SessionAttendance.objects.filter(person=person)
        .select_related("session", "session__plan", "session__trainer")
        .order_by("-session__date", "-session__start")
    )
    attempts = (
        Attempt.objects.filter(person=person)
        .select_related("assessment", "assessment__plan")
        .prefetch_related(Prefetch("sheets"))
        .order_by("-started_at")
    )
    entries = list(
        CompetitionEntry.objects.filter(person=person).select_related("competition").order_by("-competition__held_on")
    )
    places = []
    for entry in entries:
        competition = entry.competition
        standing = None
        if competition.is_finished:
            standing = next((s for s in competition_rules.ranking(competition) if s.entry.pk == entry.pk), None)
        places.append({"competition": competition, "standing": standing})
    rewards = RewardPenalty.objects.filter(person=person).select_related("proposed_by", "decided_by")
    if own:
        rewards = rewards.filter(status=APPROVED)
    award = current_award(person)
    return {
        "sessions": list(sessions),
        "attempts": list(attempts),
        "awards": list(LevelAward.objects.filter(person=person).select_related("granted_by")),
        "award": award,
        "recertify_from": recertification_window(award),
        "competitions": places,
        "rewards": list(rewards),
        "reward_totals": rewards.filter(status=APPROVED).aggregate(**reward_sums()),
    }


def person_summary(person):
    """The few lines the person page shows (``templates/training/_person_training.html``)."""
    if not person.club_id:
        return None
    award = current_award(person)
    attempts = Attempt.objects.filter(person=person, state=Attempt.State.MARKED).aggregate(
        taken=Count("pk"), passed=Count("pk", filter=Q(passed=True))
    )
    return {
        "person": person,
        "award": award,
        "sessions": SessionAttendance.objects.filter(person=person, status__in=[ATT.PRESENT, ATT.LATE]).count(),
        "taken": attempts["taken"],
        "passed": attempts["passed"],
    }


def reward_sums(path=""):
    def total(field, kind):
        return Sum(f"{path}{field}", filter=Q(**{f"{path}kind": kind, f"{path}status": APPROVED}), default=0)

    return {
        "rewards": Count(f"{path}pk", filter=Q(**{f"{path}kind": "reward", f"{path}status": APPROVED})),
        "penalties": Count(f"{path}pk", filter=Q(**{f"{path}kind": "penalty", f"{path}status": APPROVED})),
        "reward_points": total("points", "reward"),
        "penalty_points": total("points", "penalty"),
        "reward_amount": total("amount", "reward"),
        "penalty_amount": total("amount", "penalty"),
    }


def reward_month(viewer, club, start, end):
    """The month's records the viewer sees, and the approved totals per person and for all of them."""
    records = RewardPenalty.objects.filter(access.reward_filter(viewer), club=club, date__gte=start, date__lt=end)
    per_person = list(
        records.values("person_id", "person__name").annotate(**reward_sums()).order_by("person__name")
    )
    for row in per_person:
        row["net_points"] = row["reward_points"] - row["penalty_points"]
        row["net_amount"] = row["reward_amount"] - row["penalty_amount"]
    waiting_first = Case(When(status=RewardPenalty.Status.PROPOSED, then=0), default=1)
    listed = records.select_related("person", "proposed_by", "decided_by").order_by(waiting_first, "-date", "-pk")
    return list(listed), per_person, records.aggregate(**reward_sums())


# --- Figures for other modules ---------------------------------------------------------------------


def _empty_figures(club):
    return {
        "club_id": club.pk,
        "club": club.name,
        "sessions_held": 0,
        "present": 0,
        "late": 0,
        "absent": 0,
        "attendance_rate": None,
        "assessments_taken": 0,
        "assessments_passed": 0,
        "pass_rate": None,
        "by_topic": {},
        "levels_gained": 0,
        "levels_gained_by_level": {},
        "competition_winners": [],
        "rewards": 0,
        "penalties": 0,
        "reward_points": 0,
        "penalty_points": 0,
        "reward_amount": 0,
        "penalty_amount": 0,
    }


def held_sessions(*, club_ids, start, end):
    """Sessions held at ``club_ids`` on the days ``start`` to ``end`` (both included): ``sessions_held``."""
    return TrainingSession.objects.filter(club_id__in=club_ids, status=HELD, date__gte=start, date__lte=end)


def held_session_seats(*, club_ids, start, end):
    """Who was expected at those sessions: ``present`` / ``late`` / ``absent`` count these rows."""
    return SessionAttendance.objects.filter(
        session__club_id__in=club_ids, session__status=HELD, session__date__gte=start, session__date__lte=end
    )


def marked_attempts(*, club_ids, start, end):
    """Attempts with a result on the days ``start`` to ``end``: ``assessments_taken`` (and ``passed=True``)."""
    return Attempt.objects.filter(
        assessment__club_id__in=club_ids, state=Attempt.State.MARKED, finished_on__gte=start, finished_on__lte=end
    )


def promotions(*, club_ids, start, end):
    """Levels gained (promotions) on the days ``start`` to ``end``: ``levels_gained``."""
    return LevelAward.objects.filter(
        club_id__in=club_ids, kind=LevelAward.Kind.PROMOTION, granted_on__gte=start, granted_on__lte=end
    )


def finished_competitions(*, club_ids, start, end):
    """Finished competitions held on those days, of the clubs or chain-wide with an entrant of theirs."""
    return Competition.objects.filter(
        Q(club_id__in=club_ids) | Q(club__isnull=True, entries__club_id__in=club_ids),
        status=Competition.Status.FINISHED, held_on__gte=start, held_on__lte=end,
    ).distinct().order_by("held_on", "pk")


def dated_rewards(*, club_ids, start, end):
    """Rewards and penalties dated on those days (the figures count those approved)."""
    return RewardPenalty.objects.filter(club_id__in=club_ids, date__gte=start, date__lte=end)


def training_figures(*, club_ids, start, end):
    """Per club (``club_ids`` None: every club), for the days ``start`` to ``end`` (both included).

    ``{club id: {sessions_held, present, late, absent, attendance_rate, assessments_taken,
    assessments_passed, pass_rate, by_topic: {topic: {taken, passed, pass_rate}}, levels_gained,
    levels_gained_by_level, competition_winners: [{competition_id, competition, kind, held_on,
    winners: [names]}], rewards, penalties, reward_points, penalty_points, reward_amount,
    penalty_amount}}`` — rewards and penalties counted once approved; a chain-wide competition
    lists, for each club, its own entrants who placed first among the club's entrants.
    """
    clubs = Club.objects.order_by("pk")
    if club_ids is not None:
        clubs = clubs.filter(pk__in=club_ids)
    figures = {club.pk: _empty_figures(club) for club in clubs}
    ids = list(figures)
    in_range = {"club_ids": ids, "start": start, "end": end}

    for row in held_sessions(**in_range).values("club_id").annotate(n=Count("pk")).order_by():
        figures[row["club_id"]]["sessions_held"] = row["n"]
    seats = held_session_seats(**in_range)
    for row in seats.values("session__club_id").annotate(**attendance_counts("")).order_by():
        f = figures[row["session__club_id"]]
        f.update(present=row["present"], late=row["late"], absent=row["absent"])
        f["attendance_rate"] = rate(row["present"] + row["late"], row["present"] + row["late"] + row["absent"])

    attempts = marked_attempts(**in_range)
    topics = dict(Topic.choices)
    for row in (
        attempts.values("assessment__club_id", "assessment__plan__topic")
        .annotate(taken=Count("pk"), passed=Count("pk", filter=Q(passed=True)))
        .order_by()
    ):
        f = figures[row["assessment__club_id"]]
        f["assessments_taken"] += row["taken"]
        f["assessments_passed"] += row["passed"]
        f["by_topic"][row["assessment__plan__topic"]] = {
            "label": str(topics.get(row["assessment__plan__topic"], "")),
            "taken": row["taken"], "passed": row["passed"], "pass_rate": rate(row["passed"], row["taken"]),
        }
    for f in figures.values():
        f["pass_rate"] = rate(f["assessments_passed"], f["assessments_taken"])

    for row in promotions(**in_range).values("club_id", "level").annotate(n=Count("pk")).order_by():
        f = figures[row["club_id"]]
        f["levels_gained"] += row["n"]
        f["levels_gained_by_level"][row["level"]] = row["n"]

    _competition_winners(figures, start, end)

    for row in dated_rewards(**in_range).values("club_id").annotate(**reward_sums()).order_by():
        figures[row.pop("club_id")].update(row)
    return figures


def _competition_winners(figures, start, end):
    for competition in finished_competitions(club_ids=list(figures), start=start, end=end):
        standings = competition_rules.ranking(competition)
        clubs = [competition.club_id] if competition.club_id else {s.entry.club_id for s in standings}
        for club_id in clubs:
            if club_id not in figures:
                continue
            names = [s.entry.person.name for s in competition_rules.winners(competition, standings, club_id=club_id)]
            figures[club_id]["competition_winners"].append({
                "competition_id": competition.pk, "competition": competition.name, "kind": competition.kind,
                "held_on": competition.held_on, "chain_wide": competition.club_id is None, "winners": names,
            })


def department_figures(*, club, department_kind, start, end):
    """One department of ``club`` (a ``Department.Kind`` value) for the days ``start`` to ``end`` (both included).

    ``{"sessions_held": int, "attendance_rate": float | None, "assessments_taken": int, "pass_rate": float | None}``
    — sessions and assessments of the department's training plans.
    """
    plans = {"plan__club": club, "plan__department__kind": department_kind}
    held = TrainingSession.objects.filter(status=HELD, date__gte=start, date__lte=end, **plans)
    seats = SessionAttendance.objects.filter(session__in=held).aggregate(**attendance_counts(""))
    attended = seats["present"] + seats["late"]
    results = Attempt.objects.filter(
        state=Attempt.State.MARKED, finished_on__gte=start, finished_on__lte=end,
        assessment__plan__club=club, assessment__plan__department__kind=department_kind,
    ).aggregate(taken=Count("pk"), passed=Count("pk", filter=Q(passed=True)))
    return {
        "sessions_held": held.count(),
        "attendance_rate": rate(attended, attended + seats["absent"]),
        "assessments_taken": results["taken"],
        "pass_rate": rate(results["passed"], results["taken"]),
    }


def person_training_figures(*, person, start, end):
    """One person's training month by month for the days ``start`` to ``end`` (both included).

    ``{"YYYY-MM": {sessions_expected, sessions_attended, attendance_rate, assessments_taken,
    assessments_passed, average_score, levels_gained: [level], competitions: [{competition, place,
    total}], reward_points, penalty_points, reward_amount, penalty_amount}}`` — months with nothing
    are left out; rewards and penalties counted once approved.
    """
    months = defaultdict(lambda: {
        "sessions_expected": 0, "sessions_attended": 0, "attendance_rate": None, "assessments_taken": 0,
        "assessments_passed": 0, "average_score": None, "levels_gained": [], "competitions": [],
        "reward_points": 0, "penalty_points": 0, "reward_amount": 0, "penalty_amount": 0,
    })
    seats = SessionAttendance.objects.filter(
        person=person, session__status=HELD, session__date__gte=start, session__date__lte=end
    )
    for row in seats.annotate(month=TruncMonth("session__date")).values("month").annotate(
        **attendance_counts("")
    ).order_by():
        m = months[f"{row['month']:%Y-%m}"]
        m["sessions_expected"] = row["expected"]
        m["sessions_attended"] = row["present"] + row["late"]
        m["attendance_rate"] = rate(m["sessions_attended"], row["present"] + row["late"] + row["absent"])
    attempts = Attempt.objects.filter(person=person, state=Attempt.State.MARKED, finished_on__gte=start,
                                      finished_on__lte=end)
    for row in attempts.annotate(month=TruncMonth("finished_on")).values("month").annotate(
        taken=Count("pk"), passed=Count("pk", filter=Q(passed=True)), average=Avg("score")
    ).order_by():
        m = months[f"{row['month']:%Y-%m}"]
        m.update(assessments_taken=row["taken"], assessments_passed=row["passed"],
                 average_score=round(float(row["average"]), 1) if row["average"] is not None else None)
    for award in LevelAward.objects.filter(person=person, kind=LevelAward.Kind.PROMOTION, granted_on__gte=start,
                                           granted_on__lte=end).order_by("granted_on"):
        months[f"{award.granted_on:%Y-%m}"]["levels_gained"].append(award.level)
    for entry in CompetitionEntry.objects.filter(
        person=person, competition__status=Competition.Status.FINISHED, competition__held_on__gte=start,
        competition__held_on__lte=end,
    ).select_related("competition"):
        standing = next((s for s in competition_rules.ranking(entry.competition) if s.entry.pk == entry.pk), None)
        if standing is not None:
            months[f"{entry.competition.held_on:%Y-%m}"]["competitions"].append(
                {"competition": entry.competition.name, "place": standing.place, "total": standing.total}
            )
    rewards = RewardPenalty.objects.filter(person=person, date__gte=start, date__lte=end)
    for row in rewards.annotate(month=TruncMonth("date")).values("month").annotate(**reward_sums()).order_by():
        m = months[f"{row['month']:%Y-%m}"]
        for key in ("reward_points", "penalty_points", "reward_amount", "penalty_amount"):
            m[key] = row[key]
    return dict(sorted(months.items()))


def assessments_to_take(person):
    """Open assessments of plans ``person`` is a trainee of and has not passed, for their record page."""
    if not person.club_id or not person.department_id:
        return Assessment.objects.none()
    passed = Attempt.objects.filter(person=person, passed=True).values("assessment_id")
    return (
        Assessment.objects.filter(
            club_id=person.club_id, plan__department_id=person.department_id, is_open=True,
        )
        .filter(Q(plan__position="") | Q(plan__position=person.position))
        .exclude(pk__in=passed)
        .select_related("plan")
        .order_by("-plan__starts_on", "pk")
    )
