"""The rest of the report against an independent recount: hygiene, quality, checklists, training, meetings, follow-up.

``test_oracle.py`` covers attendance, grooming, consumables and headcount. This module takes the same
two clubs in different time zones (Shanghai and New York, its ``chain`` fixture), gives them a few
months of every other kind of record the report reads, reads the report of each closed month (live,
nothing written) and builds it (what beat does), applies a random sequence of late edits, and then
asserts that every figure of the groups below in the JSON export — of each club and of the chain —
equals what ``recount`` finds with plain loops over the rows (no query of the report is reused), and
that each figure's drill-down lists as many records as the figure says: first as read at once
(live, the snapshot being stale), then after beat rebuilt what was marked stale.

Edits, for each group: records added, changed, moved across a month boundary (or a club's local
midnight, for meetings added by hand), deleted (cascades included), written in bulk through
``kernel.bulk`` (``update`` with F-expressions, ``bulk_create``, ``bulk_update``), child rows
(hygiene failure items, quality scores, checklist items, session seats) changed on their own,
people promoted (now, or with a history entry dated inside the window), leaving, a club's talk
policy changed.

Figure groups covered here:

* ``hygiene.{checks,passed,failed,pass_rate}`` and ``hygiene.most_failed`` (item, failures);
* ``quality.{checks,scores,score_sum,average,praise,complaints}``;
* ``checklists.total.*`` and ``checklists.positions.<position>.*`` (``done``, ``not_done``, ``na``,
  ``open``, ``overdue``, ``total``, ``rate``), each person in the position held at the month's end
  (from the people's history, as headcount) — the drill-down ``checklists?position=`` too;
* ``training.{sessions_held,present,late,absent,attendance_rate,assessments_taken,assessments_passed,
  pass_rate,by_topic.<topic>.{taken,passed,pass_rate},levels_gained,levels_gained_by_level,rewards,
  penalties,reward_points,penalty_points,reward_amount,penalty_amount}`` — attempts re-marked with a
  new date in another month included;
* ``meetings.{meetings_scheduled,meetings_held,meetings_cancelled,minutes_finalised,held_rate,
  action_items_raised,action_items_done,action_items_dropped,action_items_open,action_items_overdue}``
  — series meetings by their day, meetings added by hand by the local day they start;
* ``followup.{honour_roll,needs_talk}`` (who, with their counts and whether a talk was held),
  ``followup.{honour_roll_count,needs_talk_count,needs_talk_without_talk,talks_held}``.

Drill-down row counts checked against the recount: ``hygiene`` (and ``?result=failed``), ``quality``,
``complaints``, ``praise``, ``talks``, ``honour_roll``, ``needs_talk``, ``checklists`` (and per
position, per state), ``training_sessions``, ``training_attendance?status=``, ``assessments`` (and
``?result=passed``), ``levels``, ``rewards``, ``penalties``, ``meetings`` (and ``?status=held``),
``action_items`` (and ``?status=done``, ``?state=overdue``).

Not covered (anywhere): ``training.competition_winners`` (ranking rules), ``grooming.most_failed``,
``consumables.items`` per item, the scorecards. There is no meeting-attendance figure in the export
(``meetings.Attendee`` feeds no figure), so there is nothing of it to recount.

The follow-up lists follow their documented rule (``attendance.selectors.followup``): only people
whose status is *active* today are listed, in their club of today — so a person who left after a
month drops out of that month's honour roll. The recount follows the rule; see the report of issue 15.

``make test`` runs a bounded number of examples; ``ORACLE_EXAMPLES=500`` runs more.
"""

import datetime
import os
import zoneinfo
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F, ProtectedError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attendance.models import (
    Area,
    Attendance,
    AttendancePolicy,
    AttendanceTalk,
    CustomerFeedback,
    HygieneCheck,
    HygieneFailure,
    HygieneItem,
    QualityCriterion,
    ServiceCheck,
    ServiceCheckScore,
    Status,
)
from duties.models import Checklist, ChecklistItem, Duty, DutyVersion
from kernel import bulk
from kernel.clock import club_today
from meetings.models import ActionItem, Meeting, MeetingSeries
from meetings.tests.factories import make_series
from reports import records, sources
from reports.models import MonthlySnapshot, StaleMonth
from reports.report import monthly_report, report_json
from reports.selectors import clubs_with_first_month
from staff.models import Club, Person, Role
from training import levels
from training.models import (
    Assessment,
    Attempt,
    LevelAward,
    RewardPenalty,
    SessionAttendance,
    TrainingPlan,
    TrainingSession,
)
from training.tests import factories as tf

from .month import READ_IN_NOVEMBER
from .test_oracle import MONTHS, WINDOW_START, _as_correction, _day, _next, beat, chain  # noqa: F401 (fixture)
from .test_oracle import apply as apply_floor

pytestmark = READ_IN_NOVEMBER

REAL = {name: getattr(sources, name) for name in ("_training_figures", "_meeting_figures", "_person_training")}

EXAMPLES = int(os.environ.get("ORACLE_EXAMPLES", "2"))
WORKED = {Status.PRESENT, Status.LATE, Status.LEFT_EARLY, Status.LATE_AND_LEFT_EARLY}
LATE = {Status.LATE, Status.LATE_AND_LEFT_EARLY}
EARLY = {Status.LEFT_EARLY, Status.LATE_AND_LEFT_EARLY}
STATES = list(ChecklistItem.State.values)
SEATS = [SessionAttendance.Status.PRESENT, SessionAttendance.Status.LATE, SessionAttendance.Status.ABSENT,
         SessionAttendance.Status.EXPECTED]
KINDS = [
    "h_add", "h_change", "h_move", "h_delete", "h_item", "h_bulk",
    "q_add", "q_score", "q_move", "q_delete", "q_feedback", "q_feedback_change", "q_bulk",
    "c_add", "c_state", "c_move", "c_delete", "c_bulk", "promote", "promote_then",
    "t_session", "t_status", "t_move", "t_seat", "t_attempt", "t_remark", "t_attempt_delete", "t_level",
    "t_level_change", "t_reward", "t_reward_change", "t_bulk",
    "m_add", "m_hand", "m_status", "m_move", "m_delete", "m_item", "m_item_change", "m_bulk",
    "f_talk", "f_talk_change", "f_attendance", "f_status", "f_policy", "f_transfer",
]


def rate(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _zone(club):
    return zoneinfo.ZoneInfo(club.time_zone)


def _midnight(day, zone):
    return datetime.datetime(day.year, day.month, day.day, tzinfo=zone)


# --- the recount: plain loops over rows, nothing from the report --------------------------------------------

def load():
    """Every row the recount reads, read once, as plain lists and lookups."""
    rows = {
        "clubs": {c.pk: c for c in Club.objects.all()},
        "people": {p.pk: p for p in Person.objects.all()},
        "history": list(Person.history.all()),
        "attendance": list(Attendance.objects.all()),
        "talks": list(AttendanceTalk.objects.all()),
        "policies": {p.club_id: p for p in AttendancePolicy.objects.all()},
        "areas": {a.pk: a for a in Area.objects.all()},
        "hygiene": list(HygieneCheck.objects.all()),
        "hygiene_failures": list(HygieneFailure.objects.all()),
        "service": {s.pk: s for s in ServiceCheck.objects.all()},
        "scores": list(ServiceCheckScore.objects.all()),
        "feedback": list(CustomerFeedback.objects.all()),
        "checklists": {c.pk: c for c in Checklist.objects.all()},
        "checklist_items": list(ChecklistItem.objects.all()),
        "sessions": {s.pk: s for s in TrainingSession.objects.all()},
        "seats": list(SessionAttendance.objects.all()),
        "attempts": list(Attempt.objects.all()),
        "assessments": {a.pk: a for a in Assessment.objects.all()},
        "plans": {p.pk: p for p in TrainingPlan.objects.all()},
        "awards": list(LevelAward.objects.all()),
        "rewards": list(RewardPenalty.objects.all()),
        "meetings": {m.pk: m for m in Meeting.objects.all()},
        "series": {s.pk: s for s in MeetingSeries.objects.all()},
        "items": list(ActionItem.objects.all()),
    }
    return rows


def position_then(person, end_at, rows):
    """The position ``person`` held at ``end_at``: their latest history entry before it, else their first."""
    history = sorted([h for h in rows["history"] if h.id == person.pk], key=lambda h: (h.history_date, h.history_id))
    before = [h for h in history if h.history_date < end_at]
    return before[-1].position if before else (history[0].position if history else person.position)


def recount(club, month, rows, now):
    zone = _zone(club)
    end = _next(month)
    last = end - datetime.timedelta(days=1)
    end_at = _midnight(end, zone)
    out = {}

    def in_month(day):
        return day is not None and month <= day < end

    # Hygiene: every check of the club's areas dated in the month; failures of those checks by item.
    h = {"checks": 0, "passed": 0}
    counted = set()
    for check in rows["hygiene"]:
        if rows["areas"][check.area_id].club_id == club.pk and in_month(check.date):
            h["checks"] += 1
            h["passed"] += 1 if check.passed else 0
            counted.add(check.pk)
    h["failed"] = h["checks"] - h["passed"]
    h["pass_rate"] = rate(h["passed"], h["checks"])
    failures = {}
    for failure in rows["hygiene_failures"]:
        if failure.check_record_id in counted:
            failures[failure.item_id] = failures.get(failure.item_id, 0) + 1
    h["most_failed"] = sorted(failures.items())
    out["hygiene"] = h

    # Quality: checks with at least one score, the scores, their sum; praise and complaints.
    q = {"checks": 0, "scores": 0, "score_sum": 0, "praise": 0, "complaints": 0}
    scored = set()
    for score in rows["scores"]:
        check = rows["service"][score.check_record_id]
        if check.club_id == club.pk and in_month(check.date):
            q["scores"] += 1
            q["score_sum"] += score.score
            scored.add(check.pk)
    q["checks"] = len(scored)
    q["average"] = round(q["score_sum"] / q["scores"], 2) if q["scores"] else None
    for feedback in rows["feedback"]:
        if feedback.club_id == club.pk and in_month(feedback.date):
            q["praise" if feedback.kind == CustomerFeedback.Kind.PRAISE else "complaints"] += 1
    out["quality"] = q

    # Checklists whose period lies in the month; per position held at the month's end.
    today = club_today(club, now)
    blank = dict.fromkeys(("done", "not_done", "na", "open", "overdue", "total"), 0)
    total, positions = dict(blank), {}
    for item in rows["checklist_items"]:
        checklist = rows["checklists"][item.checklist_id]
        if checklist.club_id != club.pk or checklist.period_start < month or checklist.period_end > last:
            continue
        position = position_then(rows["people"][checklist.person_id], end_at, rows)  # at the club's midnight
        into = positions.setdefault(position, dict(blank))
        key = {"done": "done", "not_done": "not_done", "na": "na"}.get(item.state)
        if key is None:
            key = "overdue" if checklist.period_end < today else "open"
        for counts in (total, into):
            counts[key] += 1
            counts["total"] += 1
    for counts in (total, *positions.values()):
        counts["rate"] = rate(counts["done"], counts["total"] - counts["na"])
    out["checklists"] = {"total": total if total["total"] else {}, "positions": positions}

    # Training.
    t = dict.fromkeys(("sessions_held", "present", "late", "absent", "assessments_taken", "assessments_passed",
                       "levels_gained", "rewards", "penalties", "reward_points", "penalty_points"), 0)
    t["reward_amount"] = t["penalty_amount"] = Decimal(0)
    held = set()
    for session in rows["sessions"].values():
        if session.club_id == club.pk and session.status == TrainingSession.Status.HELD and in_month(session.date):
            t["sessions_held"] += 1
            held.add(session.pk)
    for seat in rows["seats"]:
        if seat.session_id in held and seat.status in ("present", "late", "absent"):
            t[seat.status] += 1
    t["attendance_rate"] = rate(t["present"] + t["late"], t["present"] + t["late"] + t["absent"])
    by_topic = {}
    for attempt in rows["attempts"]:
        assessment = rows["assessments"][attempt.assessment_id]
        if assessment.club_id != club.pk or attempt.state != Attempt.State.MARKED or not in_month(attempt.finished_on):
            continue
        topic = by_topic.setdefault(rows["plans"][assessment.plan_id].topic, {"taken": 0, "passed": 0})
        topic["taken"] += 1
        t["assessments_taken"] += 1
        if attempt.passed:
            topic["passed"] += 1
            t["assessments_passed"] += 1
    for topic in by_topic.values():
        topic["pass_rate"] = rate(topic["passed"], topic["taken"])
    t["by_topic"] = by_topic
    t["pass_rate"] = rate(t["assessments_passed"], t["assessments_taken"])
    by_level = {}
    for award in rows["awards"]:
        if award.club_id == club.pk and award.kind == LevelAward.Kind.PROMOTION and in_month(award.granted_on):
            t["levels_gained"] += 1
            by_level[award.level] = by_level.get(award.level, 0) + 1
    t["levels_gained_by_level"] = by_level
    for row in rows["rewards"]:
        if row.club_id == club.pk and in_month(row.date) and row.status == RewardPenalty.Status.APPROVED:
            kind = "reward" if row.kind == RewardPenalty.Kind.REWARD else "penalty"
            t["rewards" if kind == "reward" else "penalties"] += 1
            t[f"{kind}_points"] += row.points
            t[f"{kind}_amount"] += row.amount
    t["reward_amount"], t["penalty_amount"] = float(t["reward_amount"]), float(t["penalty_amount"])
    out["training"] = t

    # Meetings: a series meeting by its day, one added by hand by the local day it starts.
    m = dict.fromkeys(("meetings_scheduled", "meetings_held", "meetings_cancelled", "minutes_finalised",
                       "action_items_raised", "action_items_done", "action_items_dropped", "action_items_open",
                       "action_items_overdue"), 0)

    def meeting_day(meeting):
        if meeting.occurrence is not None:
            return meeting.occurrence
        return meeting.starts_at.astimezone(_zone(rows["clubs"][meeting.club_id])).date()

    for meeting in rows["meetings"].values():
        if meeting.club_id == club.pk and in_month(meeting_day(meeting)):
            m["meetings_scheduled"] += 1
            m["meetings_held"] += meeting.status == Meeting.Status.HELD
            m["meetings_cancelled"] += meeting.status == Meeting.Status.CANCELLED
            m["minutes_finalised"] += meeting.finalised_at is not None
    m["held_rate"] = rate(m["meetings_held"], m["meetings_scheduled"] - m["meetings_cancelled"])
    for item in rows["items"]:
        raised_at = rows["meetings"][item.meeting_id]
        if rows["series"][item.series_id].club_id != club.pk or not in_month(meeting_day(raised_at)):
            continue
        m["action_items_raised"] += 1
        m[f"action_items_{item.status}"] += 1
        m["action_items_overdue"] += item.status == ActionItem.Status.OPEN and item.due <= last
    out["meetings"] = m

    # Follow-up: people active today in the club, their attendance rows of the month (any club's).
    policy = rows["policies"].get(club.pk) or AttendancePolicy(club=club)
    talks = {(talk.person_id, talk.month) for talk in rows["talks"]}
    honour, needs_talk = [], []
    for person in rows["people"].values():
        if person.club_id != club.pk or person.status != Person.Status.ACTIVE:
            continue
        n = dict.fromkeys(("worked", "late", "late_minutes", "early", "absent"), 0)
        for row in rows["attendance"]:
            if row.person_id == person.pk and in_month(row.date):
                n["worked"] += row.status in WORKED
                n["early"] += row.status in EARLY
                n["absent"] += row.status == Status.ABSENT
                if row.status in LATE:
                    n["late"] += 1
                    n["late_minutes"] += row.late_minutes
        talk_due = bool((policy.talk_after_late_count and n["late"] >= policy.talk_after_late_count)
                        or (policy.talk_after_absences and n["absent"] >= policy.talk_after_absences))
        if talk_due:
            needs_talk.append((person.pk, n["late"], n["late_minutes"], n["absent"], (person.pk, month) in talks))
        elif n["worked"] and not (n["late"] or n["early"] or n["absent"]):
            honour.append(person.pk)
    out["followup"] = {
        "honour_roll": sorted(honour), "needs_talk": sorted(needs_talk),
        "honour_roll_count": len(honour), "needs_talk_count": len(needs_talk),
        "needs_talk_without_talk": sum(1 for row in needs_talk if not row[-1]),
        "talks_held": sum(1 for talk in rows["talks"] if talk.club_id == club.pk and talk.month == month),
    }
    return out


TRAINING_KEYS = ("sessions_held", "present", "late", "absent", "attendance_rate", "assessments_taken",
                 "assessments_passed", "pass_rate", "levels_gained", "rewards", "penalties", "reward_points",
                 "penalty_points", "reward_amount", "penalty_amount")
MEETING_KEYS = ("meetings_scheduled", "meetings_held", "meetings_cancelled", "minutes_finalised", "held_rate",
                "action_items_raised", "action_items_done", "action_items_dropped", "action_items_open",
                "action_items_overdue")
RATES = {"attendance_rate", "pass_rate", "held_rate"}
DERIVED = RATES | {"rate", "average"}
HOURS_10 = datetime.timedelta(hours=10)


def reported(figures):
    """The covered figures of a club's JSON export, in the recount's shape."""
    h, q, c, t, m, f = (figures[k] for k in ("hygiene", "quality", "checklists", "training", "meetings", "followup"))
    assert t.get("available") and m.get("available"), "training and meetings must be plugged in"
    return {
        "hygiene": {**{k: h[k] for k in ("checks", "passed", "failed", "pass_rate")},
                    "most_failed": sorted((i["id"], i["failures"]) for i in h["most_failed"])},
        "quality": {k: q[k] for k in ("checks", "scores", "score_sum", "praise", "complaints", "average")},
        "checklists": {"total": c["total"], "positions": c["positions"]},
        "training": {**{k: t.get(k, None if k in RATES else 0) for k in TRAINING_KEYS},
                     "by_topic": {k: {n: v.get(n) for n in ("taken", "passed", "pass_rate")}
                                  for k, v in t.get("by_topic", {}).items()},
                     "levels_gained_by_level": t.get("levels_gained_by_level", {})},
        "meetings": {k: m.get(k, None if k in RATES else 0) for k in MEETING_KEYS},
        "followup": {
            "honour_roll": sorted(p["id"] for p in f["honour_roll"]),
            "needs_talk": sorted((p["id"], p["late"], p["late_minutes"], p["absent"], p["talk_held"])
                                 for p in f["needs_talk"]),
            **{k: f[k] for k in ("honour_roll_count", "needs_talk_count", "needs_talk_without_talk", "talks_held")},
        },
    }


def chain_of(parts):
    """What the chain's export must say for the covered counts: the clubs' recounts added up, rates recomputed."""
    def add(into, values):
        for key, value in values.items():
            if isinstance(value, dict):
                add(into.setdefault(key, {}), value)
            elif isinstance(value, (int, float)) and not isinstance(value, bool) and key not in DERIVED:
                into[key] = into.get(key, 0) + value
    out = {}
    for part in parts:
        for group in ("hygiene", "quality", "training", "meetings", "checklists"):
            add(out.setdefault(group, {}), {k: v for k, v in part[group].items() if k != "most_failed"})
    for counts in (out["checklists"].setdefault("total", {}), *out["checklists"].setdefault("positions", {}).values()):
        if counts:
            counts["rate"] = rate(counts["done"], counts["total"] - counts["na"])
    t = out["training"]
    t["pass_rate"] = rate(t["assessments_passed"], t["assessments_taken"])
    t["attendance_rate"] = rate(t["present"] + t["late"], t["present"] + t["late"] + t["absent"])
    for topic in t["by_topic"].values():
        topic["pass_rate"] = rate(topic["passed"], topic["taken"])
    out["hygiene"]["pass_rate"] = rate(out["hygiene"]["passed"], out["hygiene"]["checks"])
    q = out["quality"]
    q["average"] = round(q["score_sum"] / q["scores"], 2) if q["scores"] else None
    return out


def reported_chain(figures):
    h, q, t, m = (figures[k] for k in ("hygiene", "quality", "training", "meetings"))
    return {
        "checklists": {"total": figures["checklists"]["total"], "positions": figures["checklists"]["positions"]},
        "hygiene": {k: h[k] for k in ("checks", "passed", "failed", "pass_rate")},
        "quality": {k: q[k] for k in ("checks", "scores", "score_sum", "praise", "complaints", "average")},
        "training": {**{k: t.get(k, None if k in RATES else 0) for k in TRAINING_KEYS},
                     "by_topic": {k: {n: v.get(n) for n in ("taken", "passed", "pass_rate")}
                                  for k, v in t.get("by_topic", {}).items()},
                     "levels_gained_by_level": t.get("levels_gained_by_level", {})},
        "meetings": {k: m.get(k, 0) for k in MEETING_KEYS if k not in RATES},
    }


def drill_counts(club, month, expected):
    """{(figure, params): (rows listed, figure's value)} for every covered drill-down."""
    c, t, m, f, h, q = (expected[k] for k in ("checklists", "training", "meetings", "followup", "hygiene", "quality"))
    wanted = {
        ("hygiene", ()): h["checks"], ("hygiene", (("result", "failed"),)): h["failed"],
        ("quality", ()): q["checks"], ("complaints", ()): q["complaints"], ("praise", ()): q["praise"],
        ("talks", ()): f["talks_held"], ("honour_roll", ()): f["honour_roll_count"],
        ("needs_talk", ()): f["needs_talk_count"],
        ("checklists", ()): (c["total"] or {}).get("total", 0),
        ("training_sessions", ()): t["sessions_held"], ("assessments", ()): t["assessments_taken"],
        ("assessments", (("result", "passed"),)): t["assessments_passed"], ("levels", ()): t["levels_gained"],
        ("rewards", ()): t["rewards"], ("penalties", ()): t["penalties"],
        ("meetings", ()): m["meetings_scheduled"], ("meetings", (("status", "held"),)): m["meetings_held"],
        ("action_items", ()): m["action_items_raised"],
        ("action_items", (("status", "done"),)): m["action_items_done"],
        ("action_items", (("state", "overdue"),)): m["action_items_overdue"],
    }
    for status in ("present", "late", "absent"):
        wanted[("training_attendance", (("status", status),))] = t[status]
    for position in Role.values:
        counts = c["positions"].get(position, {})
        wanted[("checklists", (("position", position),))] = counts.get("total", 0)
        wanted[("checklists", (("position", position), ("state", "done")))] = counts.get("done", 0)
    found = {}
    for (figure, params), value in wanted.items():
        listed = records.drill(figure, clubs=[club], month=month, params=dict(params))
        found[(figure, params)] = (len(list(listed.rows)), value)
    return found


# --- the chain and the edits --------------------------------------------------------------------------------

@pytest.fixture
def modules(chain, monkeypatch):
    """``test_oracle``'s two clubs with hygiene, quality, checklists, training, meetings and talks around the
    ends of August, September and October."""
    for name, function in REAL.items():  # the real modules, not the conftest's "not there"
        monkeypatch.setattr(sources, name, function)
    chain.areas, chain.hygiene_items, chain.criteria, chain.duties = {}, {}, {}, {}
    chain.plans, chain.assessments, chain.series = {}, {}, {}
    for club in chain.clubs:
        people = chain.people[club.pk]
        zone = _zone(club)
        HygieneItem.ensure_defaults(club)
        QualityCriterion.ensure_defaults(club)
        chain.hygiene_items[club.pk] = list(HygieneItem.objects.filter(club=club).order_by("pk"))[:3]
        chain.criteria[club.pk] = list(QualityCriterion.objects.filter(club=club).order_by("pk"))[:3]
        chain.areas[club.pk] = [Area.objects.create(club=club, name=f"Room {n}", responsible=people[0]) for n in (1, 2)]
        duties = []
        for n in range(4):
            duty = Duty.objects.create(club=club, position=Role.SUPERVISOR, key=f"oracle-{n}")
            duty.current = DutyVersion.objects.create(duty=duty, number=1, cadence="daily", text_en=f"Duty {n}")
            duty.save()
            duties.append(duty)
        chain.duties[club.pk] = duties
        plans = [tf.plan(club, people[0], topic="technique"), tf.plan(club, people[0], topic="theory", title="Theory")]
        chain.plans[club.pk] = plans
        chain.assessments[club.pk] = [tf.handson(plans[0]), tf.quiz(plans[1])]
        series = make_series(club, people[0].department, people[0], title="Daily")
        chain.series[club.pk] = series
        for n, d in enumerate((32, 34, 63, 65, 93, 95)):  # around the ends of August, September, October
            person = people[n % len(people)]
            area = chain.areas[club.pk][n % 2]
            check = HygieneCheck.objects.create(area=area, date=_day(d), responsible=person, passed=bool(n % 3),
                                                note="" if n % 3 else "dusty")
            if not check.passed:
                HygieneFailure.objects.create(check_record=check, item=chain.hygiene_items[club.pk][n % 3])
            service = ServiceCheck.objects.create(club=club, technician=person, date=_day(d + 1))
            for criterion in chain.criteria[club.pk][: 1 + n % 3]:
                ServiceCheckScore.objects.create(check_record=service, criterion=criterion, score=1 + (d + n) % 5)
            CustomerFeedback.objects.create(club=club, technician=person, date=_day(d),
                                            kind=("praise", "complaint")[n % 2], said="Said", action="Done")
            checklist = Checklist.objects.create(person=person, club=club, cadence="daily", period_start=_day(d),
                                                 period_end=_day(d))
            for k, duty in enumerate(duties[: 1 + n % 4]):
                ChecklistItem.objects.create(checklist=checklist, duty=duty, duty_version=duty.current,
                                             state=STATES[(n + k) % len(STATES)])
            session = tf.session(plans[n % 2], people[0], people[:3], date=_day(d),
                                 status=("held", "held", "scheduled")[n % 3])
            for k, seat in enumerate(session.attendance.order_by("pk")):
                seat.status = SEATS[(n + k) % 4]
                seat.save()
            assessment = chain.assessments[club.pk][n % 2]
            Attempt.objects.create(assessment=assessment, person=person, number=1 + n, state="marked",
                                   score=Decimal(50 + 7 * n), passed=bool(n % 2), finished_on=_day(d))
            LevelAward.objects.create(person=person, club=club, level=("junior", "intermediate")[n % 2],
                                      kind=("promotion", "manual")[n % 3 == 2], granted_on=_day(d + 2))
            RewardPenalty.objects.create(club=club, person=person, date=_day(d), kind=("reward", "penalty")[n % 2],
                                         category="other", reason="r", points=1 + n, amount=Decimal(n * 10),
                                         status=("approved", "proposed", "approved")[n % 3], proposed_by=people[0])
            meeting = Meeting.objects.create(series=series, club=club, occurrence=_day(d), title="Daily",
                                             kind=series.kind, starts_at=_midnight(_day(d), zone) + HOURS_10,
                                             status=("held", "scheduled", "cancelled")[n % 3],
                                             cancel_reason="x" if n % 3 == 2 else "")
            near_midnight = _midnight(_day(d), zone) + datetime.timedelta(minutes=20 - 45 * (n % 2))
            hand = Meeting.objects.create(series=series, club=club, occurrence=None, title="Extra", kind=series.kind,
                                          starts_at=near_midnight)
            for k, at in enumerate((meeting, hand)):
                status = ("open", "done", "dropped")[(n + k) % 3]
                ActionItem.objects.create(series=series, meeting=at, club=club, what="Do", note="why", owner=person,
                                          due=_day(d + 10 * k), status=status, closed_at=_closed(status, at.starts_at))
        Checklist.objects.create(person=people[0], club=club, cadence="monthly", period_start=MONTHS[1],
                                 period_end=_next(MONTHS[1]) - datetime.timedelta(days=1))
        Checklist.objects.create(person=people[-1], club=club, cadence="weekly",  # in neither month
                                 period_start=datetime.date(2026, 8, 29), period_end=datetime.date(2026, 9, 4))
        for checklist in Checklist.objects.filter(club=club, cadence__in=["monthly", "weekly"]):
            for k, duty in enumerate(duties[:2]):
                ChecklistItem.objects.create(checklist=checklist, duty=duty, duty_version=duty.current, state=STATES[k])
        AttendanceTalk.objects.create(person=people[0], club=club, month=MONTHS[1], held_on=_day(66),
                                      held_by=people[0], cause="c", help_agreed="h")
    return chain


def _closed(status, at):
    return None if status == "open" else at


def _pick(queryset, n):
    rows = list(queryset.order_by("pk"))
    return rows[n % len(rows)] if rows else None


def _shift(b, c):
    """A number of days that crosses a month boundary one way or the other."""
    return (31 + c % 5) * (1 if b % 2 else -1)


def apply(world, kind, a, b, c):  # noqa: C901 — one branch per kind of edit, plain on purpose
    club = world.clubs[a % 2]
    zone = _zone(club)
    people = world.people[club.pk]
    person = people[b % len(people)]
    day = _day(a + c)
    if kind == "h_add":
        check = HygieneCheck.objects.create(area=world.areas[club.pk][b % 2], date=day, responsible=person,
                                            passed=bool(c % 2), note="" if c % 2 else "dirty")
        if not check.passed:
            HygieneFailure.objects.create(check_record=check, item=world.hygiene_items[club.pk][b % 3])
    elif kind == "h_change" and (check := _pick(HygieneCheck.objects.filter(area__club=club), c)):
        check.passed, check.note = not check.passed, "" if not check.passed else "dirty"
        check.save()
    elif kind == "h_move" and (check := _pick(HygieneCheck.objects.filter(area__club=club), c)):
        check.date += datetime.timedelta(days=_shift(b, c))
        check.save()
    elif kind == "h_delete" and (check := _pick(HygieneCheck.objects.filter(area__club=club), c)):
        check.delete()  # its failures go with it (a cascade)
    elif kind == "h_item" and (check := _pick(HygieneCheck.objects.filter(area__club=club), c)):
        failure = check.failures.first()
        if failure and b % 2:
            failure.delete()
        else:
            HygieneFailure.objects.create(check_record=check, item=world.hygiene_items[club.pk][b % 3])
    elif kind == "h_bulk":
        chosen = HygieneCheck.objects.filter(area__club=club, pk__in=list(
            HygieneCheck.objects.filter(area__club=club).values_list("pk", flat=True)[b % 3::2]))
        if c % 2:
            bulk.update(chosen, date=F("date") + datetime.timedelta(days=_shift(b, c)))
        else:
            bulk.bulk_create(HygieneFailure, [HygieneFailure(check_record=h, item=world.hygiene_items[club.pk][2])
                                              for h in chosen if not h.failures.filter(
                                                  item=world.hygiene_items[club.pk][2]).exists()])

    elif kind == "q_add":
        service = ServiceCheck.objects.create(club=club, technician=person, date=day)
        scores = [ServiceCheckScore(check_record=service, criterion=cr, score=1 + (b + n) % 5)
                  for n, cr in enumerate(world.criteria[club.pk][: c % 4])]
        bulk.bulk_create(ServiceCheckScore, scores) if b % 2 else [s.save() for s in scores]
    elif kind == "q_score" and (score := _pick(ServiceCheckScore.objects.filter(check_record__club=club), c)):
        if b % 3 == 0:
            score.delete()
        else:
            score.score = 1 + b % 5
            score.save()
    elif kind == "q_move" and (service := _pick(ServiceCheck.objects.filter(club=club), c)):
        service.date += datetime.timedelta(days=_shift(b, c))
        service.save()
    elif kind == "q_delete" and (service := _pick(ServiceCheck.objects.filter(club=club), c)):
        service.delete()
    elif kind == "q_feedback":
        CustomerFeedback.objects.create(club=club, technician=person, date=day, kind=("praise", "complaint")[c % 2],
                                        said="Said", action="Done")
    elif kind == "q_feedback_change" and (feedback := _pick(CustomerFeedback.objects.filter(club=club), c)):
        if b % 3 == 0:
            feedback.delete()
        else:
            feedback.kind = ("praise", "complaint")[b % 2]
            feedback.date += datetime.timedelta(days=_shift(b, c) if c % 2 else 0)
            feedback.save()
    elif kind == "q_bulk":
        if c % 2:
            bulk.update(CustomerFeedback.objects.filter(club=club, date__lt=day),
                        date=F("date") + datetime.timedelta(days=_shift(b, c)))
        else:
            scores = list(ServiceCheckScore.objects.filter(check_record__club=club).order_by("pk")[b % 3::2])
            for score in scores:
                score.score = 1 + (score.score + c) % 5
            bulk.bulk_update(ServiceCheckScore, scores, ["score"])

    elif kind == "c_add":
        checklist = Checklist.objects.create(person=person, club=club, cadence="daily", period_start=day,
                                             period_end=day)
        bulk.bulk_create(ChecklistItem, [
            ChecklistItem(checklist=checklist, duty=duty, duty_version=duty.current, state=STATES[(b + n) % 4])
            for n, duty in enumerate(world.duties[club.pk][: 1 + c % 4])])
    elif kind == "c_state" and (item := _pick(ChecklistItem.objects.filter(checklist__club=club), c)):
        item.state = STATES[b % len(STATES)]
        item.save()
    elif kind == "c_move" and (checklist := _pick(Checklist.objects.filter(club=club), c)):
        delta = datetime.timedelta(days=_shift(b, c))
        checklist.period_start += delta
        checklist.period_end += delta
        checklist.save()
    elif kind == "c_delete" and (item := _pick(ChecklistItem.objects.filter(checklist__club=club), c)):
        (item.checklist if b % 2 else item).delete()
    elif kind == "c_bulk":
        if c % 2:
            bulk.update(ChecklistItem.objects.filter(checklist__club=club, checklist__person=person),
                        state=STATES[b % 4])
        else:
            delta = datetime.timedelta(days=_shift(b, c))
            bulk.update(Checklist.objects.filter(club=club, person=person, cadence="daily"),
                        period_start=F("period_start") + delta, period_end=F("period_end") + delta)
    elif kind in ("promote", "promote_then"):
        person.position = [Role.SUPERVISOR, Role.TECHNICIAN, Role.CUSTOMER_MANAGER][c % 3]
        if kind == "promote_then":  # a promotion recorded on a day of the window (its history entry dated then)
            person._history_date = datetime.datetime.combine(_day(a + b), datetime.time(c % 24), tzinfo=datetime.UTC)
        person.save()

    elif kind == "t_session":
        session = tf.session(world.plans[club.pk][b % 2], people[0], people[: 1 + c % 3], date=day,
                             status=("held", "scheduled", "cancelled")[c % 3])
        seats = list(session.attendance.order_by("pk"))
        for n, seat in enumerate(seats):
            seat.status = SEATS[(b + n) % 4]
        bulk.bulk_update(SessionAttendance, seats, ["status"])
    elif kind == "t_status" and (session := _pick(TrainingSession.objects.filter(club=club), c)):
        session.status = ("held", "scheduled", "cancelled")[b % 3]
        session.save()
    elif kind == "t_move" and (session := _pick(TrainingSession.objects.filter(club=club), c)):
        session.date += datetime.timedelta(days=_shift(b, c))
        session.save()
    elif kind == "t_seat" and (seat := _pick(SessionAttendance.objects.filter(session__club=club), c)):
        if b % 4 == 3:
            seat.delete()
        else:
            seat.status = SEATS[b % 4]
            seat.save()
    elif kind == "t_attempt":
        assessment = world.assessments[club.pk][b % 2]
        number = Attempt.objects.filter(assessment=assessment, person=person).count() + 1
        Attempt.objects.create(assessment=assessment, person=person, number=number, state="marked",
                               score=Decimal(c % 100), passed=bool(c % 2), finished_on=day)
    elif kind == "t_remark" and (attempt := _pick(Attempt.objects.filter(assessment__club=club), c)):
        attempt.passed = not attempt.passed  # re-marked, with a new result date in another month
        attempt.finished_on += datetime.timedelta(days=_shift(b, c))
        attempt.save()
    elif kind == "t_attempt_delete" and (attempt := _pick(Attempt.objects.filter(assessment__club=club), c)):
        attempt.delete()
    elif kind == "t_level":
        levels.level_change(person=person, level=("junior", "intermediate", "senior")[c % 3],
                            kind=("promotion", "manual")[b % 2], by=None, on=day)
    elif kind == "t_level_change" and (award := _pick(LevelAward.objects.filter(club=club), c)):
        if b % 3 == 0:
            award.delete()
        else:
            award.granted_on += datetime.timedelta(days=_shift(b, c))
            award.kind = ("promotion", "manual")[b % 2]
            award.save()
    elif kind == "t_reward":
        RewardPenalty.objects.create(club=club, person=person, date=day, kind=("reward", "penalty")[b % 2],
                                     category="other", reason="r", points=1 + c % 7, amount=Decimal(c % 50),
                                     status=("approved", "proposed", "rejected")[c % 3], proposed_by=people[0])
    elif kind == "t_reward_change" and (row := _pick(RewardPenalty.objects.filter(club=club), c)):
        if b % 3 == 0:
            row.delete()
        elif b % 3 == 1:
            row.status = "approved" if row.status != "approved" else "rejected"
            row.save()
        else:
            row.date += datetime.timedelta(days=_shift(b, c))
            row.save()
    elif kind == "t_bulk":
        if c % 3 == 0:
            bulk.update(Attempt.objects.filter(assessment__club=club, person=person),
                        finished_on=F("finished_on") + datetime.timedelta(days=_shift(b, c)))
        elif c % 3 == 1:
            bulk.update(SessionAttendance.objects.filter(session__club=club, person=person), status=SEATS[b % 4])
        else:
            bulk.update(RewardPenalty.objects.filter(club=club, person=person), status="approved")

    elif kind == "m_add":
        series = world.series[club.pk]
        Meeting.objects.create(series=series, club=club, occurrence=day, title="Daily", kind=series.kind,
                               starts_at=datetime.datetime.combine(day, datetime.time(c % 24), tzinfo=zone))
    elif kind == "m_hand":  # added by hand, starting near the club's local midnight
        series = world.series[club.pk]
        Meeting.objects.create(series=series, club=club, occurrence=None, title="Extra", kind=series.kind,
                               starts_at=_midnight(day, zone) + datetime.timedelta(minutes=(b % 180) - 90))
    elif kind == "m_status" and (meeting := _pick(Meeting.objects.filter(club=club), c)):
        meeting.status = ("held", "scheduled", "cancelled")[b % 3]
        meeting.cancel_reason = "x" if meeting.status == "cancelled" else ""
        meeting.finalised_at = meeting.starts_at if b % 2 and meeting.status == "held" else None
        meeting.save()
    elif kind == "m_move" and (meeting := _pick(Meeting.objects.filter(club=club), c)):
        meeting.moved_from, meeting.move_reason = meeting.starts_at, "moved"
        meeting.starts_at += datetime.timedelta(days=_shift(b, c), minutes=b % 120)
        if meeting.occurrence is not None and c % 2:
            meeting.occurrence += datetime.timedelta(days=_shift(b, c))
        meeting.save()
    elif kind == "m_delete" and (meeting := _pick(Meeting.objects.filter(club=club), c)):
        if b % 2:
            meeting.raised_items.all().delete()
        meeting.delete()  # refused (ProtectedError) while an action item was raised at it
    elif kind == "m_item" and (meeting := _pick(Meeting.objects.filter(club=club), c)):
        status = ("open", "done", "dropped")[b % 3]
        ActionItem.objects.create(series=meeting.series, meeting=meeting, club=club, what="Do", note="why",
                                  owner=person, due=_day(a + b), status=status,
                                  closed_at=_closed(status, meeting.starts_at))
    elif kind == "m_item_change" and (item := _pick(ActionItem.objects.filter(club=club), c)):
        if b % 3 == 0:
            item.due += datetime.timedelta(days=_shift(b, c))
        else:
            item.status = ("open", "done", "dropped")[b % 3]
            item.closed_at = _closed(item.status, item.meeting.starts_at)
        item.save()
    elif kind == "m_bulk":
        if c % 2:
            status = ("open", "done", "dropped")[b % 3]
            bulk.update(ActionItem.objects.filter(club=club, owner=person), status=status,
                        closed_at=_closed(status, _midnight(day, zone)))
        else:
            bulk.update(Meeting.objects.filter(club=club, occurrence__isnull=True),
                        starts_at=F("starts_at") + datetime.timedelta(days=_shift(b, c)))

    elif kind == "f_talk":
        AttendanceTalk.objects.create(person=person, club=club, month=MONTHS[c % 3], held_on=day, held_by=people[0],
                                      cause="c", help_agreed="h")
    elif kind == "f_talk_change" and (talk := _pick(AttendanceTalk.objects.filter(club=club), c)):
        if b % 2:
            talk.delete()
        else:
            talk.month = MONTHS[c % 3]
            talk.save()
    elif kind == "f_attendance":
        apply_floor(world, ("add", "change", "move", "bulk_update", "bulk_create")[c % 5], a, b, c)
    elif kind == "f_status":
        person.status = Person.Status.LEFT if person.status == Person.Status.ACTIVE else Person.Status.ACTIVE
        person.save()
    elif kind == "f_transfer":  # moved to the other club (its department of the same kind, no team)
        other = world.clubs[(a + 1) % 2]
        person.club = other
        person.department = other.departments.filter(kind=person.department.kind).first() if person.department_id \
            else None
        person.team = None
        person.save()
    elif kind == "f_policy":
        policy = AttendancePolicy.for_club(club)
        policy.talk_after_late_count, policy.talk_after_absences = c % 4, b % 3
        policy.save()


def read_all(world, *, chain=True):
    """{(club id or None, month): the JSON export's figures}; asserts the reading wrote nothing."""
    before = (MonthlySnapshot.objects.count(), StaleMonth.objects.count(),
              list(MonthlySnapshot.objects.values_list("pk", "builds")))
    clubs = clubs_with_first_month(Club.objects.filter(pk__in=[c.pk for c in world.clubs]))
    result = {}
    for month in MONTHS:
        for club in clubs:
            data = report_json(monthly_report([club], month, scope="club", queue=False))
            assert data["status"] == "closed"
            result[(club.pk, month)] = data["figures"]
        if chain:
            result[(None, month)] = report_json(monthly_report(clubs, month, scope="chain", queue=False))["figures"]
    after = (MonthlySnapshot.objects.count(), StaleMonth.objects.count(),
             list(MonthlySnapshot.objects.values_list("pk", "builds")))
    assert after == before, "reading the report wrote"
    return result


def check(world, when, *, thorough=True):
    """Every covered figure of each club's export against the recount; ``thorough``: the chain's export and the
    drill-downs too (they read the records live whatever the snapshots, so once a run is enough)."""
    from django.utils import timezone

    rows = load()
    now = timezone.now()
    read = read_all(world, chain=thorough)
    for month in MONTHS:
        parts = []
        for club in world.clubs:
            club = Club.objects.get(pk=club.pk)
            expected = recount(club, month, rows, now)
            parts.append(expected)
            got = reported(read[(club.pk, month)])
            for group in expected:
                assert got[group] == expected[group], f"{club.code} {month:%Y-%m} {group} {when}"
            if thorough:
                wrong = {k: v for k, v in drill_counts(club, month, expected).items() if v[0] != v[1]}
                assert not wrong, f"{club.code} {month:%Y-%m} drill-downs (listed, figure) {wrong} {when}"
        if not thorough:
            continue
        chain = read[(None, month)]
        want = chain_of(parts)
        want["training"] = {**{k: want["training"].get(k, None if k in RATES else 0) for k in TRAINING_KEYS},
                            "by_topic": want["training"].get("by_topic", {}),
                            "levels_gained_by_level": want["training"].get("levels_gained_by_level", {})}
        want["meetings"] = {k: want["meetings"].get(k, 0) for k in MEETING_KEYS if k not in RATES}
        got = reported_chain(chain)
        for group in got:
            assert got[group] == want[group], f"chain {month:%Y-%m} {group} {when}"
        assert not {"club_id", "club"} & set(chain["training"]), f"a chain's training holds one club's keys {when}"


def run(world, sequence):
    """Apply ``sequence``, check, let beat rebuild, check again; the kinds of edit that were refused."""
    beat(world)
    refused = []
    for kind, a, b, c in sequence:
        try:
            with transaction.atomic(), _as_correction(world):  # the owner, with a reason, as a locked month needs
                apply(world, kind, a, b, c)
        except (IntegrityError, ProtectedError):
            refused.append(kind)  # e.g. a second check of an area's day, a meeting with action items: nothing changed
    check(world, f"at once after {sequence}", thorough=False)
    beat(world)
    check(world, f"after beat, {sequence}")
    return refused


edits = st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 999), st.integers(0, 999), st.integers(0, 999)),
                 min_size=1, max_size=8)


# One of each kind of edit, each in both clubs: every kind is tried on every run, whatever hypothesis draws.
EVERY_KIND = [(kind, n, 7 * n + 1, 13 * n + 2) for n, kind in enumerate(KINDS)]


def test_it_matches_the_recount_before_and_after_every_kind_of_edit(modules):
    check(modules, "first read, live", thorough=False)
    refused = run(modules, EVERY_KIND)
    assert len(refused) <= 3, f"most of the edits must be made, refused: {refused}"
    assert MonthlySnapshot.objects.filter(builds__gt=1).exists(), "the edits made months stale, beat rebuilt them"


def test_a_checklists_figure_and_its_list_use_the_position_held_at_the_months_end(modules):
    """Someone promoted after October is counted, and listed, in October under the position they held then."""
    from django.utils import timezone

    club = modules.clubs[0]
    person = Checklist.objects.filter(club=club, period_start__gte=MONTHS[2],
                                      period_end__lt=_next(MONTHS[2])).order_by("pk").first().person
    before = person.position
    beat(modules)
    person.position = Role.CUSTOMER_MANAGER if before != Role.CUSTOMER_MANAGER else Role.SUPERVISOR
    person.save()
    expected = recount(club, MONTHS[2], load(), timezone.now())
    figures = report_json(monthly_report(clubs_with_first_month(Club.objects.filter(pk=club.pk)), MONTHS[2],
                                         scope="club", queue=False))["figures"]
    assert reported(figures)["checklists"] == expected["checklists"]
    assert expected["checklists"]["positions"][before]["total"]
    for position, counts in expected["checklists"]["positions"].items():
        listed = records.drill("checklists", clubs=[club], month=MONTHS[2], params={"position": position}).rows
        assert len(list(listed)) == counts["total"], position
    listed = records.drill("checklists", clubs=[club], month=MONTHS[2], params={"position": before}).rows
    assert person.pk in {item.checklist.person_id for item in listed}


@settings(max_examples=EXAMPLES, deadline=None, derandomize=bool(os.environ.get("CI")), database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(sequence=edits)
def test_it_matches_the_recount_after_any_late_edits(modules, sequence):
    with transaction.atomic():
        run(modules, sequence)
        transaction.set_rollback(True)


# --- Found by the oracle: people moved to another club (both fixed: an attendance row marks the club its person
# works in now as well, ``feeds``' ``also_clubs``; a checklist's position is read at its own club's month end,
# ``selectors.checklists_with_position_at``)


def _edit(world, kind, a, b, c):
    with transaction.atomic(), _as_correction(world):
        apply(world, kind, a, b, c)


def test_a_late_attendance_edit_of_someone_moved_to_another_club(modules):
    club1, club2 = modules.clubs
    person = modules.people[club1.pk][1]
    _edit(modules, "f_transfer", 0, 1, 0)  # to club 2, with their October records left in club 1
    beat(modules)
    row = Attendance.objects.filter(person=person, date__gte=MONTHS[2], date__lt=_next(MONTHS[2])).first()
    with transaction.atomic():
        row.status = Status.ABSENT if row.status != Status.ABSENT else Status.PRESENT
        row.save()
    check(modules, "at once after an edit of club 1's row of someone now in club 2", thorough=False)
    beat(modules)
    check(modules, "after beat", thorough=False)


def test_checklists_of_someone_promoted_then_moved_to_another_club(modules):
    club1 = modules.clubs[0]
    person = Checklist.objects.filter(club=club1, period_start__gte=MONTHS[2],
                                      period_end__lt=_next(MONTHS[2])).order_by("pk").first().person
    for day, position in ((20, Role.CUSTOMER_MANAGER), (40, Role.SUPERVISOR)):  # 16 August, 5 September
        with transaction.atomic():  # promoted then (its history entry dated then)
            person.position = position
            person._history_date = datetime.datetime.combine(_day(day), datetime.time(12), tzinfo=datetime.UTC)
            person.save()
    _edit(modules, "f_transfer", 0, modules.people[club1.pk].index(person), 0)  # then moved to club 2
    check(modules, "at once (live, one club at a time)", thorough=False)
    beat(modules)
    check(modules, "after beat (built for both clubs at once)", thorough=False)
