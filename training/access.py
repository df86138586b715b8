"""Who may run, see and assess training; who organises and judges competitions; who decides rewards.

Built only on the kernel's scope primitives (``staff.access``) and this app's models.

* Training is run for a department by those who see it (``visible_departments``): the owner,
  the club's store manager, and the department heads for their departments — the technical
  manager for the health-care and massage departments, the marketing director for the
  customer managers, the technician department manager for the massage technicians.
* A session is seen by those who run its plan, its trainer, and whoever sees someone expected
  at it (a supervisor their team, a technician themselves).
* Assessing (scoring a hands-on assessment, entering or marking a quiz) is for those who run
  the plan, and only of people they see: a trainer of club 1 never scores club 2.
* Competitions are organised by the club's managers (the whole chain's by the owner), scored
  by their judges; a leaderboard shows a viewer only the entrants of clubs they see.
* Rewards and penalties are proposed by any manager or supervisor for the people they see
  and approved by the store manager of the person's club (or the owner).
* Four eyes: nobody decides a reward or penalty about themselves, nor scores, enters or marks
  their own assessment; the services refuse it too, whatever page sent the request.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from staff.access import (
    club_or_404,
    get_person,
    in_viewer_clubs,
    is_manager,
    is_store_manager_of,
    leads_people,
    sees_every_club,
    visible_departments,
    visible_people,
)
from staff.models import Role

from .assessments import is_trainee
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


def runs_training(viewer):
    """Whether ``viewer`` runs training for any department (plans, sessions, the question bank): the managers."""
    return is_manager(viewer)


def training_departments(viewer, club=None):
    """The departments ``viewer`` runs training for (in ``club``)."""
    departments = visible_departments(viewer)
    return departments.filter(club=club) if club is not None else departments


def may_run_training(viewer, department_id):
    return runs_training(viewer) and visible_departments(viewer).filter(pk=department_id).exists()


def training_plan_filter(viewer):
    """A Q over TrainingPlan: the plans ``viewer`` runs."""
    if not runs_training(viewer):
        return Q(pk__in=[])
    return Q(department__in=visible_departments(viewer))


def session_filter(viewer):
    """A Q over TrainingSession: what ``viewer`` sees on the training calendar."""
    seen = SessionAttendance.objects.filter(person__in=visible_people(viewer)).values("session_id")
    sessions = Q(trainer=viewer) | Q(pk__in=seen)
    if runs_training(viewer):
        sessions |= Q(plan__department__in=visible_departments(viewer))
    return sessions


def get_training_plan(viewer, pk):
    plan = get_object_or_404(TrainingPlan.objects.select_related("club", "department", "owner", "procedure"), pk=pk)
    club_or_404(viewer, plan.club_id)
    if not may_run_training(viewer, plan.department_id):
        raise PermissionDenied
    return plan


def may_run_training_session(viewer, session):
    return session.trainer_id == viewer.pk or may_run_training(viewer, session.plan.department_id)


def get_training_session(viewer, pk, *, run=False):
    """A session the viewer sees; ``run``: one they may also take attendance of and add materials to."""
    session = get_object_or_404(
        TrainingSession.objects.select_related("plan", "plan__department", "club", "trainer"), pk=pk
    )
    club_or_404(viewer, session.club_id)
    if not TrainingSession.objects.filter(session_filter(viewer), pk=session.pk).exists():
        raise PermissionDenied
    if run and not may_run_training_session(viewer, session):
        raise PermissionDenied
    return session


def get_session_material(viewer, pk, *, run=False):
    material = get_object_or_404(SessionMaterial.objects.select_related("session"), pk=pk)
    get_training_session(viewer, material.session_id, run=run)
    return material


def get_assessment(viewer, pk):
    """An assessment of a plan the viewer runs, or one the viewer is a trainee of (to take it)."""
    assessment = get_object_or_404(
        Assessment.objects.select_related("plan", "plan__department", "club", "sop"), pk=pk
    )
    club_or_404(viewer, assessment.club_id)
    if not (may_run_training(viewer, assessment.plan.department_id) or is_trainee(viewer, assessment.plan)):
        raise PermissionDenied
    return assessment


def may_assess(viewer, assessment, person):
    """Whether ``viewer`` may score, enter or mark ``person``'s attempts at ``assessment``."""
    return (
        person.pk != viewer.pk
        and person.club_id == assessment.club_id
        and may_run_training(viewer, assessment.plan.department_id)
        and visible_people(viewer).filter(pk=person.pk).exists()
    )


def attempts_opened(viewer, person, attempts):
    """The keys of ``attempts`` (``person``'s, a person ``viewer`` already sees) that ``viewer`` may open: their
    own, or those they assess (``get_attempt`` asks the same one by one). One question per department."""
    runs = {}
    opened = set()
    for attempt in attempts:
        if attempt.person_id == viewer.pk:
            opened.add(attempt.pk)
            continue
        if person.pk == viewer.pk or person.club_id != attempt.assessment.club_id:
            continue
        department = attempt.assessment.plan.department_id
        if department not in runs:
            runs[department] = may_run_training(viewer, department)
        if runs[department]:
            opened.add(attempt.pk)
    return opened


def get_assessed_person(viewer, assessment, pk):
    """The person ``viewer`` assesses: another club's is a 404, one they may not assess a 403."""
    person = get_person(viewer, pk)
    if not is_trainee(person, assessment.plan) or not may_assess(viewer, assessment, person):
        raise PermissionDenied
    return person


def get_attempt(viewer, pk):
    attempt = get_object_or_404(
        Attempt.objects.select_related("assessment", "assessment__plan", "assessment__club", "person", "entered_by"),
        pk=pk,
    )
    club_or_404(viewer, attempt.assessment.club_id)
    if attempt.person_id != viewer.pk and not may_assess(viewer, attempt.assessment, attempt.person):
        raise PermissionDenied
    return attempt


def question_filter(viewer):
    """A Q over Question: the bank belongs to a department, kept by those who run its training; a
    question of no department (the whole club's) by the store manager and the owner."""
    if not runs_training(viewer):
        return Q(pk__in=[])
    mine = Q(department__in=visible_departments(viewer))
    if sees_every_club(viewer):
        return mine | Q(department__isnull=True)
    if is_store_manager_of(viewer, viewer.club_id):
        return mine | Q(department__isnull=True, club_id=viewer.club_id)
    return mine


def get_question(viewer, pk):
    """A question of the training question bank: for those who keep its department's bank."""
    question = get_object_or_404(Question.objects.select_related("club"), pk=pk)
    club_or_404(viewer, question.club_id)
    if not Question.objects.filter(question_filter(viewer), pk=question.pk).exists():
        raise PermissionDenied
    return question


def may_define_levels(viewer, club):
    """Levels are the massage technicians': those who run their training define them."""
    return runs_training(viewer) and visible_departments(viewer).filter(club=club, kind="massage").exists()


def may_organise_competitions(viewer, club):
    """A club's competitions: its managers; the whole chain's (``club`` None): the owner."""
    if club is None:
        return sees_every_club(viewer)
    return runs_training(viewer) and in_viewer_clubs(viewer, club.pk)


def competition_filter(viewer):
    """A Q over Competition: the ones whose leaderboard ``viewer`` opens."""
    if sees_every_club(viewer):
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
        club_or_404(viewer, competition.club_id)
    if not Competition.objects.filter(competition_filter(viewer), pk=competition.pk).exists():
        if competition.club_id is None:
            raise Http404
        raise PermissionDenied
    return competition


def leaderboard_clubs(viewer):
    """The clubs whose entrants a leaderboard shows ``viewer`` by name (None: every club)."""
    return None if sees_every_club(viewer) else [viewer.club_id]


def leaderboard_names_judge(judge, shown):
    """A leaderboard names a judge of a club it shows (``shown`` None: every club), and the owner, who
    judges for the whole chain; another club's judge stays anonymous."""
    return shown is None or judge.club_id in shown or sees_every_club(judge)


def may_set_up_chain_competition(viewer):
    """A chain-wide competition (``?club=chain``) is the owner's; to anyone else the page does not exist."""
    return sees_every_club(viewer)


def is_judge(viewer, competition):
    return CompetitionJudge.objects.filter(competition=competition, person=viewer).exists()


def judge_may_score(judge, entry):
    """A judge scores the entrants of their own club (the owner: anyone)."""
    return sees_every_club(judge) or entry.club_id == judge.club_id


def may_propose_rewards(viewer):
    """Any manager or supervisor proposes rewards and penalties (for the people they see)."""
    return leads_people(viewer)


def proposable_people(viewer):
    """Whom ``viewer`` may propose a reward or penalty for: the active people they see, not themselves."""
    if not may_propose_rewards(viewer):
        return visible_people(viewer).none()
    people = visible_people(viewer).active().exclude(pk=viewer.pk).exclude(position=Role.OWNER)
    return people.filter(club__isnull=False)


def may_decide_rewards(viewer, club_id):
    """Approving a reward or penalty is the store manager's (seed: store manager duty 5), and the owner's."""
    return sees_every_club(viewer) or is_store_manager_of(viewer, club_id)


def reward_filter(viewer):
    """A Q over RewardPenalty: the records of the people ``viewer`` sees (their own only once approved)."""
    others = Q(person__in=visible_people(viewer).exclude(pk=viewer.pk))
    return others | Q(person=viewer, status=RewardPenalty.Status.APPROVED)


def may_decide_reward(viewer, record):
    """Four eyes: nobody approves or rejects a reward or penalty about themselves."""
    return record.person_id != viewer.pk and may_decide_rewards(viewer, record.club_id)


def get_reward(viewer, pk):
    record = get_object_or_404(RewardPenalty.objects.select_related("person", "club"), pk=pk)
    club_or_404(viewer, record.club_id)
    if not may_decide_reward(viewer, record):
        raise PermissionDenied
    return record
