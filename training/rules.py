"""Who may see and who may run what in training — built only from ``staff.access``.

* Training is run for a department by those who see it (``access.visible_departments``): the
  owner, the club's store manager, and the department heads for their departments — the
  technical manager for the health-care and massage departments, the marketing director for
  the customer managers, the technician department manager for the massage technicians.
* A session is seen by those who run its plan, its trainer, and whoever sees someone expected
  at it (a supervisor their team, a technician themselves).
* Assessing (scoring a hands-on assessment, entering or marking a quiz) is for those who run
  the plan, and only of people they see: a trainer of club 1 never scores club 2.
* Competitions are organised by the club's managers (the whole chain's by the owner), scored
  by their judges; a leaderboard shows a viewer only the entrants of clubs they see.
* Rewards and penalties are proposed by any manager or supervisor for the people they see
  and approved by the store manager of the person's club (or the owner).

Answers follow ``staff.access``: another club's object is a 404, an object of one's own club
one may not see or change is a 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from staff import access
from staff.models import Role

from .models import (
    Assessment,
    Attempt,
    Competition,
    CompetitionEntry,
    CompetitionJudge,
    Question,
    RewardPenalty,
    SessionAttendance,
    SessionMaterial,
    TrainingPlan,
    TrainingSession,
)

NOT_MANAGERS = (Role.TECHNICIAN, Role.CUSTOMER_MANAGER)


def _in_clubs(viewer, club_id):
    return viewer.position == Role.OWNER or club_id == viewer.club_id


def _reachable(viewer, club_id):
    """404 for an object of a club the viewer does not belong to."""
    if club_id is None or not _in_clubs(viewer, club_id):
        raise Http404


# --- Running training -----------------------------------------------------------------------------


def runs_training(viewer):
    """Whether ``viewer`` runs training for any department (plans, sessions, the question bank)."""
    return viewer.position in (Role.OWNER, Role.STORE_MANAGER) or viewer.is_department_head


def training_departments(viewer, club=None):
    """The departments ``viewer`` runs training for (in ``club``)."""
    departments = access.visible_departments(viewer)
    return departments.filter(club=club) if club is not None else departments


def may_run(viewer, department_id):
    return runs_training(viewer) and access.visible_departments(viewer).filter(pk=department_id).exists()


def plan_filter(viewer):
    """A Q over TrainingPlan: the plans ``viewer`` runs."""
    if not runs_training(viewer):
        return Q(pk__in=[])
    return Q(department__in=access.visible_departments(viewer))


def session_filter(viewer):
    """A Q over TrainingSession: what ``viewer`` sees on the calendar."""
    seen = SessionAttendance.objects.filter(person__in=access.visible_people(viewer)).values("session_id")
    sessions = Q(trainer=viewer) | Q(pk__in=seen)
    if runs_training(viewer):
        sessions |= Q(plan__department__in=access.visible_departments(viewer))
    return sessions


def get_plan(viewer, pk):
    plan = get_object_or_404(TrainingPlan.objects.select_related("club", "department", "owner"), pk=pk)
    _reachable(viewer, plan.club_id)
    if not may_run(viewer, plan.department_id):
        raise PermissionDenied
    return plan


def get_session(viewer, pk, *, run=False):
    """A session the viewer sees; ``run``: one they may also take attendance of and add materials to."""
    session = get_object_or_404(
        TrainingSession.objects.select_related("plan", "plan__department", "club", "trainer"), pk=pk
    )
    _reachable(viewer, session.club_id)
    if not TrainingSession.objects.filter(session_filter(viewer), pk=session.pk).exists():
        raise PermissionDenied
    if run and not may_run_session(viewer, session):
        raise PermissionDenied
    return session


def may_run_session(viewer, session):
    return session.trainer_id == viewer.pk or may_run(viewer, session.plan.department_id)


def get_material(viewer, pk, *, run=False):
    material = get_object_or_404(SessionMaterial.objects.select_related("session"), pk=pk)
    get_session(viewer, material.session_id, run=run)
    return material


# --- Assessments ----------------------------------------------------------------------------------


def is_trainee(person, plan):
    return (
        person.club_id == plan.club_id and person.department_id == plan.department_id
        and (not plan.position or person.position == plan.position)
    )


def get_assessment(viewer, pk):
    """An assessment of a plan the viewer runs, or one the viewer is a trainee of (to take it)."""
    assessment = get_object_or_404(
        Assessment.objects.select_related("plan", "plan__department", "club"), pk=pk
    )
    _reachable(viewer, assessment.club_id)
    if not (may_run(viewer, assessment.plan.department_id) or is_trainee(viewer, assessment.plan)):
        raise PermissionDenied
    return assessment


def may_assess(viewer, assessment, person):
    """Whether ``viewer`` may score, enter or mark ``person``'s attempts at ``assessment``."""
    return (
        person.pk != viewer.pk
        and person.club_id == assessment.club_id
        and may_run(viewer, assessment.plan.department_id)
        and access.visible_people(viewer).filter(pk=person.pk).exists()
    )


def get_assessed_person(viewer, assessment, pk):
    """The person ``viewer`` assesses: another club's is a 404, one they may not assess a 403."""
    person = access.get_person(viewer, pk)
    if not is_trainee(person, assessment.plan) or not may_assess(viewer, assessment, person):
        raise PermissionDenied
    return person


def get_attempt(viewer, pk):
    attempt = get_object_or_404(
        Attempt.objects.select_related("assessment", "assessment__plan", "assessment__club", "person", "entered_by"),
        pk=pk,
    )
    _reachable(viewer, attempt.assessment.club_id)
    if attempt.person_id != viewer.pk and not may_assess(viewer, attempt.assessment, attempt.person):
        raise PermissionDenied
    return attempt


# --- The question bank ----------------------------------------------------------------------------


def get_question(viewer, pk):
    question = get_object_or_404(Question.objects.select_related("club"), pk=pk)
    _reachable(viewer, question.club_id)
    if not runs_training(viewer):
        raise PermissionDenied
    return question


# --- Levels ---------------------------------------------------------------------------------------


def may_define_levels(viewer, club):
    """Levels are the massage technicians': those who run their training define them."""
    return runs_training(viewer) and access.visible_departments(viewer).filter(club=club, kind="massage").exists()


# --- Competitions ---------------------------------------------------------------------------------


def may_organise(viewer, club):
    """A club's competitions: its managers; the whole chain's (``club`` None): the owner."""
    if club is None:
        return viewer.position == Role.OWNER
    return runs_training(viewer) and _in_clubs(viewer, club.pk)


def competition_filter(viewer):
    """A Q over Competition: the ones whose leaderboard ``viewer`` opens."""
    if viewer.position == Role.OWNER:
        return Q()
    judged = CompetitionJudge.objects.filter(person=viewer).values("competition_id")
    mine = Q(pk__in=judged)
    if runs_training(viewer):
        entered = CompetitionEntry.objects.filter(club_id=viewer.club_id).values("competition_id")
        mine |= Q(club_id=viewer.club_id) | Q(club__isnull=True, pk__in=entered)
    return mine


def get_competition(viewer, pk):
    competition = get_object_or_404(Competition.objects.select_related("club"), pk=pk)
    if competition.club_id is not None:
        _reachable(viewer, competition.club_id)
    if not Competition.objects.filter(competition_filter(viewer), pk=competition.pk).exists():
        if competition.club_id is None:
            raise Http404
        raise PermissionDenied
    return competition


def leaderboard_clubs(viewer):
    """The clubs whose entrants a leaderboard shows ``viewer`` by name (None: every club)."""
    return None if viewer.position == Role.OWNER else [viewer.club_id]


def is_judge(viewer, competition):
    return CompetitionJudge.objects.filter(competition=competition, person=viewer).exists()


def judge_may_score(judge, entry):
    """A judge scores the entrants of their own club (the owner: anyone)."""
    return judge.position == Role.OWNER or entry.club_id == judge.club_id


# --- Rewards and penalties ------------------------------------------------------------------------


def may_propose_rewards(viewer):
    return viewer.position not in NOT_MANAGERS


def proposable_people(viewer):
    """Whom ``viewer`` may propose a reward or penalty for: the active people they see, not themselves."""
    if not may_propose_rewards(viewer):
        return access.visible_people(viewer).none()
    people = access.visible_people(viewer).active().exclude(pk=viewer.pk).exclude(position=Role.OWNER)
    return people.filter(club__isnull=False)


def may_decide(viewer, club_id):
    """Approval is the store manager's (seed: store manager duty 5), and the owner's."""
    return viewer.position == Role.OWNER or (viewer.position == Role.STORE_MANAGER and viewer.club_id == club_id)


def reward_filter(viewer):
    """A Q over RewardPenalty: the records of the people ``viewer`` sees (their own only once approved)."""
    others = Q(person__in=access.visible_people(viewer).exclude(pk=viewer.pk))
    return others | Q(person=viewer, status=RewardPenalty.Status.APPROVED)


def get_reward(viewer, pk):
    record = get_object_or_404(RewardPenalty.objects.select_related("person", "club"), pk=pk)
    _reachable(viewer, record.club_id)
    if not may_decide(viewer, record.club_id):
        raise PermissionDenied
    return record
