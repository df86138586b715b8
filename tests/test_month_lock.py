"""The month lock, one rule for every record that counts in a month (``staff.locks``).

After the store manager locks October 2026, only they (or the owner) change a record that counts
in October — roster, attendance and the floor's checks, talks about October, rewards and
penalties dated in October, training results and session attendance, meeting attendance — and
only with a reason, which the history keeps. A model of a domain app that is neither guarded
nor said not to count fails ``test_it_guards_every_model_that_counts_in_a_month``.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from attendance.models import Attendance, MonthLock, RosterEntry, Status
from meetings.models import Attendee, Kind, Meeting
from meetings.services import MeetingError, attendance_record
from meetings.tests.factories import make_series
from staff import locks
from staff.models import Department
from training.models import Attempt, RewardPenalty, SessionAttendance
from training.tests import factories as f

pytestmark = pytest.mark.clock("2026-11-20T10:00:00+08:00")

OCTOBER = datetime.date(2026, 10, 1)
LOCKED_DAY = datetime.date(2026, 10, 14)
LOCKED = "2026-10 is locked: only the store manager can change it, with a reason."
NO_REASON = "This month is locked: give a reason for the change."

# The models of the domain apps that do not count in a month, and why. A new model goes either
# into the lock (``staff.locks.counts_in_month`` in its app's ready()) or here, with its reason.
NOT_COUNTING = {
    "attendance.AttendancePolicy": "a club setting",
    "attendance.ShiftTemplate": "a club setting",
    "attendance.GroomingItem": "a club setting (the check list)",
    "attendance.HygieneItem": "a club setting (the check list)",
    "attendance.Area": "a club setting (the rooms)",
    "attendance.QualityCriterion": "a club setting (the rubric)",
    "attendance.ConsumableItem": "the catalogue and current stock, not a month's record",
    "attendance.MonthLock": "the lock itself",
    "attendance.JobRun": "the jobs' own bookkeeping",
    "duties.Duty": "the catalogue",
    "duties.DutyVersion": "the catalogue",
    "duties.Checklist": "closed by its own sign-off, which the report reads as it stands",
    "duties.ChecklistItem": "frozen by the checklist's sign-off",
    "training.TrainingPolicy": "a club setting",
    "training.TrainingPlan": "a plan, not a result",
    "training.TrainingSession": "the plan of a session; who came is SessionAttendance",
    "training.SessionMaterial": "a file, not a figure",
    "training.Question": "the question bank",
    "training.Choice": "the question bank",
    "training.Assessment": "the assessment's settings; results are Attempt",
    "training.RubricCriterion": "the assessment's settings",
    "training.AttemptAnswer": "part of an Attempt, whose result is guarded",
    "training.AssessorSheet": "part of an Attempt, whose result is guarded",
    "training.RubricScore": "part of an Attempt, whose result is guarded",
    "training.LevelRequirement": "a club setting",
    "training.LevelAward": "a level held, valid across months",
    "training.Competition": "an event across clubs, not a club's month",
    "training.CompetitionRound": "part of a competition",
    "training.CompetitionCriterion": "part of a competition",
    "training.CompetitionJudge": "part of a competition",
    "training.CompetitionEntry": "part of a competition",
    "training.JudgeScore": "part of a competition",
    "meetings.MeetingSeries": "a schedule",
    "meetings.Meeting": "the meeting's plan and minutes (kept by their own finalisation); attendance is Attendee",
    "meetings.Decision": "part of the minutes",
    "meetings.ActionItem": "open work that carries from meeting to meeting",
    "meetings.Report": "a document with its own submit and review",
    "meetings.Correction": "the trace of a correction",
    "business.ApiToken": "a credential for the till's import, not a record",
    "business.Entry": "the trace of an import or a hand entry; its figures are ClubDay and TechnicianDay",
    "plans.Plan": "a plan, not a result; its actuals are read from the records that count",
    "plans.Target": "part of a plan",
    "plans.PlanStep": "the plan's own workflow trace",
    "documents.Document": "a rule or an SOP, valid across months",
    "documents.DocumentVersion": "part of a document",
    "documents.Attachment": "a file, not a figure",
    "documents.Acknowledgement": "a person's reading of a version, valid across months",
}

DOMAIN_APPS = ("attendance", "duties", "training", "meetings", "business", "plans", "documents")


def domain_models():
    return {
        model for label in DOMAIN_APPS for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")
    }


def test_it_guards_every_model_that_counts_in_a_month():
    guarded = {model._meta.label for model in locks.month_counting_models()}
    undecided = {model._meta.label for model in domain_models()} - guarded - set(NOT_COUNTING)
    assert undecided == set(), "each of these counts in a month (staff.locks.counts_in_month) or goes to NOT_COUNTING"
    assert guarded & set(NOT_COUNTING) == set()
    assert {"attendance.RosterEntry", "attendance.AttendanceTalk", "training.RewardPenalty", "training.Attempt",
            "training.SessionAttendance", "meetings.Attendee"} <= guarded


def lock_october(world):
    MonthLock.objects.create(club=world.club1, month=OCTOBER, locked_by=world.store_manager)


def page_text(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


# --- The guard under every path -----------------------------------------------------------------------


def test_a_write_to_a_locked_month_outside_the_rule_is_refused_and_changes_nothing(world):
    record = Attendance.objects.create(person=world.technician, club=world.club1, date=LOCKED_DAY,
                                       status=Status.PRESENT)
    lock_october(world)

    record.status = Status.ABSENT
    with pytest.raises(locks.MonthLocked):
        record.save()  # a job or a forgotten page: nobody, no reason
    with pytest.raises(locks.MonthLocked), locks.changing(world.supervisor_a, "Typo"):
        record.save()
    with pytest.raises(locks.MonthLocked), locks.changing(world.store_manager, ""):
        record.save()
    with pytest.raises(locks.MonthLocked), transaction.atomic():
        record.delete()
    assert Attendance.objects.get(pk=record.pk).status == Status.PRESENT

    with locks.changing(world.store_manager, "Sick note came late"):
        record.save()
    assert record.history.first().history_change_reason == "Sick note came late"


def test_an_open_month_needs_no_reason(world):
    lock_october(world)
    Attendance.objects.create(person=world.technician, club=world.club1, date=datetime.date(2026, 11, 2),
                              status=Status.PRESENT)
    assert Attendance.objects.filter(date=datetime.date(2026, 11, 2)).exists()


def test_a_training_result_of_a_locked_month_is_guarded(world):
    plan = f.plan(world.club1, world.tech_manager)
    attempt = Attempt.objects.create(assessment=f.quiz(plan), person=world.technician, number=1,
                                     state=Attempt.State.MARKED, score=Decimal(50), passed=False,
                                     finished_on=LOCKED_DAY)
    lock_october(world)

    attempt.passed = True
    with pytest.raises(locks.MonthLocked):
        attempt.save()
    assert Attempt.objects.get(pk=attempt.pk).passed is False


# --- Roster --------------------------------------------------------------------------------------------


def roster_post(client, world, week, data):
    url = f"{reverse('attendance:roster_week')}?team={world.team_a.pk}&week={week}"
    return client.post(url, data, follow=True)


def test_the_roster_of_a_locked_month_is_the_store_managers_with_a_reason(client_as, english, world):
    lock_october(world)
    cell = f"c-{world.technician.pk}-20261014"

    refused = roster_post(client_as(world.supervisor_a), world, "2026-10-12", {"action": "save", cell: "off"})
    assert LOCKED in page_text(refused)
    no_reason = roster_post(client_as(world.store_manager), world, "2026-10-12", {"action": "save", cell: "off"})
    assert NO_REASON in page_text(no_reason)
    assert not RosterEntry.objects.exists()

    roster_post(client_as(world.store_manager), world, "2026-10-12",
                {"action": "save", cell: "off", "lock_reason": "Day off agreed in October"})
    entry = RosterEntry.objects.get()
    assert entry.history.first().history_change_reason == "Day off agreed in October"


def test_copying_last_week_into_a_locked_month_is_refused(client_as, english, world):
    RosterEntry.objects.create(person=world.technician, date=datetime.date(2026, 10, 7), shift=world.shift_1)
    lock_october(world)

    response = roster_post(client_as(world.supervisor_a), world, "2026-10-12", {"action": "copy"})

    assert LOCKED in page_text(response)
    assert RosterEntry.objects.count() == 1


def test_a_week_across_the_lock_is_refused_too(client_as, english, world):
    lock_october(world)  # 26 October – 1 November: the first six days are locked
    cell = f"c-{world.technician.pk}-20261101"

    response = roster_post(client_as(world.supervisor_a), world, "2026-10-26", {"action": "save", cell: "off"})

    assert LOCKED in page_text(response)
    assert not RosterEntry.objects.exists()


# --- Rewards and penalties -------------------------------------------------------------------------------


REWARD = {"person": None, "date": "2026-10-14", "kind": "penalty", "category": "attendance",
          "reason": "Late three times", "points": "2", "amount": ""}


def test_a_penalty_dated_in_a_locked_month_needs_the_store_manager_and_a_reason(client_as, english, world):
    lock_october(world)
    body = {**REWARD, "person": world.technician.pk}
    url = reverse("training:reward_list")

    refused = client_as(world.supervisor_a).post(url, body)
    assert LOCKED in page_text(refused) and "Late three times" in refused.content.decode()  # nothing typed is lost
    no_reason = client_as(world.store_manager).post(url, body)
    assert NO_REASON in page_text(no_reason)
    assert not RewardPenalty.objects.exists()

    client_as(world.store_manager).post(url, {**body, "lock_reason": "Found in the October sheets"})
    record = RewardPenalty.objects.get()
    assert record.history.first().history_change_reason == "Found in the October sheets"


def test_approving_a_penalty_of_a_locked_month_needs_a_reason(client_as, english, world):
    record = RewardPenalty.objects.create(club=world.club1, person=world.technician, date=LOCKED_DAY,
                                          kind="penalty", category="attendance", reason="Late", points=1,
                                          proposed_by=world.supervisor_a)
    lock_october(world)
    url = reverse("training:reward_decide", args=[record.pk])

    response = client_as(world.store_manager).post(url, {"decision": "approve"}, follow=True)
    assert NO_REASON in page_text(response)
    record.refresh_from_db()
    assert record.status == "proposed"

    client_as(world.store_manager).post(url, {"decision": "approve", "lock_reason": "Checked with the supervisor"})
    record.refresh_from_db()
    assert record.status == "approved"
    assert record.history.first().history_change_reason == "Checked with the supervisor"


# --- Training session attendance, meeting attendance ------------------------------------------------------


def test_session_attendance_of_a_locked_month_is_refused_to_the_trainer(client_as, english, world):
    session = f.session(f.plan(world.club1, world.tech_manager), world.tech_manager, [world.technician],
                        date=LOCKED_DAY)
    lock_october(world)
    row = session.attendance.get()

    response = client_as(world.tech_manager).post(
        reverse("training:session_detail", args=[session.pk]), {f"a{row.pk}-status": "absent"}, follow=True
    )

    assert LOCKED in page_text(response)
    assert SessionAttendance.objects.get().status == "expected"


def test_meeting_attendance_of_a_locked_month_is_the_store_managers_with_a_reason(world):
    massage = Department.objects.get(club=world.club1, kind="massage")
    series = make_series(world.club1, massage, world.dept_manager)
    starts = timezone.make_aware(datetime.datetime(2026, 10, 14, 10, 0), world.club1.zone)
    meeting = Meeting.objects.create(series=series, club=world.club1, department=massage, title="Daily",
                                     kind=Kind.DAILY, starts_at=starts, chair=world.dept_manager)
    Attendee.objects.create(meeting=meeting, person=world.supervisor_a)
    lock_october(world)
    marks = {world.supervisor_a.pk: ("absent", "")}

    with pytest.raises(MeetingError):
        attendance_record(meeting=meeting, by=world.dept_manager, marks=marks)
    assert Attendee.objects.get().status == ""

    attendance_record(meeting=meeting, by=world.store_manager, marks=marks, reason="Sign-in sheet found")
    row = Attendee.objects.get()
    assert row.status == "absent" and row.history.first().history_change_reason == "Sign-in sheet found"
