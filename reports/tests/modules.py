"""October 2026 in training and meetings, with known answers, for the report's training and meetings sections.

Club 1:
* Sessions: a technique session held on 10 Oct (A1 present, A2 late, B1 absent), a theory session held
  on 14 Oct (A1 present), one on 20 Oct not held, one held on 5 Nov → 2 sessions held, 2 present, 1 late,
  1 absent.
* Assessments: hands-on (technique) A1 80 passed and A2 50 failed on 11 Oct, B1 passed on 29 Sep; a
  theory quiz A1 passed on 15 Oct → 3 taken, 2 passed; technique 2 taken 1 passed, theory 1 taken 1 passed.
* Levels: A1 promoted on 12 Oct; A2's level set by hand the same day → 1 level gained.
* Competitions: the club's technique competition on 25 Oct (A2 beats A1); a chain-wide knowledge
  contest on 26 Oct with A1 and B1 (A1 first in club 1) and Tech Two (first in club 2) → in club 1,
  two results with one winner each.
* Rewards and penalties dated in October: a reward (10 points, ¥100) and a penalty (3 points, ¥30)
  approved, a reward (50 points) still proposed → 1 reward, 1 penalty.
* Meetings: the marketing daily series on 12, 13, 14, 15 and 30 Oct: 12–14 held (minutes), 15
  cancelled, 30 not held yet → 5 scheduled, 3 held, 1 cancelled. Action items raised at them: one
  done, one open due 20 Oct (overdue), one open due 5 Nov → 3 raised, 1 done, 2 open, 1 overdue.
Club 2: only Tech Two's result in the chain-wide contest.
"""

import datetime
from decimal import Decimal

from meetings import services as meeting_services
from meetings.models import ActionItem, Meeting
from meetings.tests.factories import make_series
from training import levels
from training.models import Attempt, Competition, JudgeScore, RewardPenalty
from training.tests import factories as tf

D = datetime.date
UTC = datetime.UTC


def result(assessment, person, score, passed, day):
    number = Attempt.objects.filter(assessment=assessment, person=person).count() + 1
    return Attempt.objects.create(assessment=assessment, person=person, number=number, state="marked",
                                  score=Decimal(score), passed=passed, finished_on=day)


def _scores(competition, judge, marks):
    """``marks``: {person: score on every criterion}; the competition is then finished."""
    entries = {e.person_id: e for e in competition.entries.all()}
    final = competition.rounds.get()
    for person, score in marks.items():
        for criterion in competition.criteria.all():
            JudgeScore.objects.create(entry=entries[person.pk], round=final, criterion=criterion, judge=judge,
                                      score=Decimal(score))
    competition.status = Competition.Status.FINISHED
    competition.save()


def build_modules(w):
    """Create the records described above in ``world`` ``w``; returns those the tests change later."""
    a1, a2, b1 = w.technician, w.technician_a2, w.technician_b
    records = {}
    technique = tf.plan(w.club1, w.tech_manager, topic="technique")
    theory = tf.plan(w.club1, w.tech_manager, topic="theory", title="Meridians")
    held = tf.session(technique, w.tech_manager, [a1, a2, b1], date=D(2026, 10, 10), status="held")
    for person, status in ((a1, "present"), (a2, "late"), (b1, "absent")):
        row = held.attendance.get(person=person)
        row.status = status
        row.save()
    records["session"] = held
    other = tf.session(theory, w.tech_manager, [a1], date=D(2026, 10, 14), status="held")
    other.attendance.update(status="present")
    tf.session(technique, w.tech_manager, [a1], date=D(2026, 10, 20))
    tf.session(technique, w.tech_manager, [a1], date=D(2026, 11, 5), status="held")

    handson = tf.handson(technique)
    records["attempt_a2"] = result(handson, a2, "50.0", False, D(2026, 10, 11))
    result(handson, a1, "80.0", True, D(2026, 10, 11))
    result(handson, b1, "90.0", True, D(2026, 9, 29))
    result(tf.quiz(theory), a1, "95.0", True, D(2026, 10, 15))

    levels.level_change(person=a1, level="intermediate", kind="promotion", by=w.tech_manager, on=D(2026, 10, 12))
    levels.level_change(person=a2, level="junior", kind="manual", by=None, on=D(2026, 10, 12))

    contest = tf.competition(w.club1, [w.tech_manager], [a1, a2], held_on=D(2026, 10, 25), name="Club PK")
    _scores(contest, w.tech_manager, {a1: 6, a2: 9})
    chain = tf.competition(None, [w.owner], [a1, b1, w.technician_2], held_on=D(2026, 10, 26),
                           name="Chain contest", kind="knowledge")
    _scores(chain, w.owner, {a1: 8, b1: 7, w.technician_2: 5})
    records["chain_contest"] = chain

    for kind, points, amount, status in (("reward", 10, "100", "approved"), ("penalty", 3, "30", "approved"),
                                         ("reward", 50, "500", "proposed")):
        RewardPenalty.objects.create(club=w.club1, person=a1, date=D(2026, 10, 5), kind=kind, category="other",
                                     reason="October", points=points, amount=Decimal(amount), status=status,
                                     proposed_by=w.store_manager)

    daily = make_series(w.club1, w.marketing.department, w.marketing, title="Marketing daily",
                        positions=["marketing_director", "customer_manager"])
    meeting_services.meetings_make(series=daily, days=[D(2026, 10, d) for d in (12, 13, 14, 15, 30)])
    meetings = list(Meeting.objects.filter(series=daily).order_by("starts_at"))
    records["daily_series"] = daily
    for meeting in meetings[:3]:
        meeting_services.minutes_save(meeting=meeting, by=w.marketing, minutes="ok", now=meeting.starts_at)
    meeting_services.meeting_cancel(meeting=meetings[3], by=w.marketing, reason="holiday event")
    done = meeting_services.action_item_add(meeting=meetings[0], by=w.marketing, what="Done one",
                                            owner=w.customer_manager, due=D(2026, 10, 14), now=meetings[0].starts_at)
    meeting_services.action_item_update(item=done, by=w.customer_manager, status="done", note="",
                                        now=datetime.datetime(2026, 10, 13, 8, tzinfo=UTC))
    records["overdue_item"] = meeting_services.action_item_add(
        meeting=meetings[1], by=w.marketing, what="Late one", owner=w.customer_manager, due=D(2026, 10, 20),
        now=meetings[1].starts_at)
    meeting_services.action_item_add(meeting=meetings[2], by=w.marketing, what="Next month", owner=w.customer_manager,
                                     due=D(2026, 11, 5), now=meetings[2].starts_at)
    assert ActionItem.objects.count() == 3
    return records


EXPECTED_TRAINING_CLUB1 = {
    "training.available": True, "training.sessions_held": 2, "training.present": 2, "training.late": 1,
    "training.absent": 1, "training.assessments_taken": 3, "training.assessments_passed": 2,
    "training.by_topic.technique.taken": 2, "training.by_topic.technique.passed": 1,
    "training.by_topic.theory.taken": 1, "training.by_topic.theory.passed": 1, "training.levels_gained": 1,
    "training.rewards": 1, "training.penalties": 1, "training.reward_points": 10, "training.penalty_points": 3,
    "meetings.available": True, "meetings.meetings_scheduled": 5, "meetings.meetings_held": 3,
    "meetings.meetings_cancelled": 1, "meetings.action_items_raised": 3, "meetings.action_items_done": 1,
    "meetings.action_items_open": 2, "meetings.action_items_overdue": 1,
}
# (competition, winners) of club 1
EXPECTED_WINNERS_CLUB1 = [("Club PK", ["Tech A2"]), ("Chain contest", ["Tech A1"])]
