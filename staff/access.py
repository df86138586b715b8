"""Who may see and who may change what: the one place that decides.

Every view and every query that shows or changes club data goes through this module.

The rule (PRODUCT.md §5):

* the owner sees every club;
* a store manager sees their club;
* a department head sees their department (the health-care manager and the technical
  manager also see the massage technicians, whom they train and inspect);
* a supervisor sees their own team;
* everyone else sees only themselves.

Answers, in one order everywhere: an object outside the clubs a person may see is a
404 (its existence is not revealed); an object in their club that they may not see is
a 403; a visible object they may not change is a 403 on change.

Sections: scope as query filters, yes/no questions and access-checked lookups for clubs,
teams and people; the floor; meetings; training.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from meetings.models import ActionItem, Attendee, Meeting, MeetingSeries, Report
from training.assessments import is_trainee
from training.models import (
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

from .models import Club, Department, Person, Role, Team

# The departments whose people each head sees and manages.
HEAD_DEPARTMENTS = {
    Role.MARKETING_DIRECTOR: {Department.Kind.MARKETING},
    Role.CARE_MANAGER: {Department.Kind.CARE, Department.Kind.MASSAGE},
    Role.TECHNICIAN_MANAGER: {Department.Kind.MASSAGE},
    Role.TECHNICAL_MANAGER: {Department.Kind.CARE, Department.Kind.MASSAGE},
}

# Who may add, edit and deactivate people, and create logins.
PEOPLE_MANAGERS = {Role.OWNER, Role.STORE_MANAGER}

# Who may move a technician from one team to another (within what they see).
TEAM_ARRANGERS = {Role.OWNER, Role.STORE_MANAGER, Role.TECHNICIAN_MANAGER, Role.TECHNICAL_MANAGER}


def viewer_of(request):
    """The signed-in person, or 403 for a login that is not a person of the chain."""
    person = getattr(request, "person", None)
    if person is None or not person.is_active:
        raise PermissionDenied
    return person


# --- Scope as query filters ---------------------------------------------------------


def _club_ids(viewer):
    if viewer.position == Role.OWNER:
        return None  # every club
    return [viewer.club_id]


def people_filter(viewer):
    """A Q over Person that keeps the people ``viewer`` may see."""
    if viewer.position == Role.OWNER:
        return Q()
    if viewer.position == Role.STORE_MANAGER:
        return Q(club_id=viewer.club_id)
    kinds = HEAD_DEPARTMENTS.get(viewer.position)
    if kinds:
        return Q(pk=viewer.pk) | Q(club_id=viewer.club_id, department__kind__in=kinds)
    if viewer.position == Role.SUPERVISOR:
        return Q(pk=viewer.pk) | Q(team__supervisor=viewer)
    return Q(pk=viewer.pk)


def team_filter(viewer):
    """A Q over Team that keeps the teams ``viewer`` may see."""
    if viewer.position == Role.OWNER:
        return Q()
    if viewer.position == Role.STORE_MANAGER:
        return Q(club_id=viewer.club_id)
    kinds = HEAD_DEPARTMENTS.get(viewer.position)
    if kinds:
        return Q(club_id=viewer.club_id, department__kind__in=kinds)
    if viewer.position == Role.SUPERVISOR:
        return Q(supervisor=viewer)
    return Q(pk__in=[])


def visible_people(viewer):
    return Person.objects.filter(people_filter(viewer))


def visible_teams(viewer):
    return Team.objects.filter(team_filter(viewer))


def visible_clubs(viewer):
    """Clubs whose pages (org chart, people) the viewer may open."""
    if viewer.position == Role.OWNER:
        return Club.objects.all()
    if may_see_club_pages(viewer):
        return Club.objects.filter(pk=viewer.club_id)
    return Club.objects.none()


# --- Yes/no questions ---------------------------------------------------------------


def may_see_club_pages(viewer):
    return viewer.position in (Role.OWNER, Role.STORE_MANAGER) or viewer.is_department_head


def may_list_people(viewer):
    return may_see_club_pages(viewer) or viewer.position == Role.SUPERVISOR


def may_manage_people(viewer, club=None):
    if viewer.position == Role.OWNER:
        return True
    if viewer.position == Role.STORE_MANAGER:
        return club is None or club.pk == viewer.club_id
    return False


def may_see_person(viewer, person):
    return visible_people(viewer).filter(pk=person.pk).exists()


def may_change_person(viewer, person):
    if viewer.position == Role.OWNER:
        return True
    if viewer.position == Role.STORE_MANAGER:
        return person.club_id == viewer.club_id and person.position != Role.OWNER
    return False


def may_move_technician(viewer, person):
    if person.position != Role.TECHNICIAN or viewer.position not in TEAM_ARRANGERS:
        return False
    return visible_people(viewer).filter(pk=person.pk).exists()


def may_edit_team_records(viewer, team):
    """A supervisor edits only their own team's records; managers above edit what they see."""
    if viewer.position == Role.SUPERVISOR:
        return team.supervisor_id == viewer.pk
    if viewer.position in (Role.CUSTOMER_MANAGER, Role.TECHNICIAN):
        return False
    return visible_teams(viewer).filter(pk=team.pk).exists()


# --- Access-checked lookups for views -------------------------------------------------


def _in_viewer_clubs(viewer, club_id):
    ids = _club_ids(viewer)
    return ids is None or club_id in ids


def get_club(viewer, pk):
    club = Club.objects.filter(pk=pk).first()
    if club is None or not _in_viewer_clubs(viewer, club.pk):
        raise Http404
    if not may_see_club_pages(viewer):
        raise PermissionDenied
    return club


def get_team(viewer, pk):
    team = Team.objects.select_related("club", "department", "supervisor").filter(pk=pk).first()
    if team is None or not _in_viewer_clubs(viewer, team.club_id):
        raise Http404
    if not visible_teams(viewer).filter(pk=team.pk).exists():
        raise PermissionDenied
    return team


def get_person(viewer, pk, *, change=False):
    person = (
        Person.objects.select_related("club", "department", "team", "team__supervisor", "reports_to", "user")
        .filter(pk=pk)
        .first()
    )
    if person is None or (person.club_id is not None and not _in_viewer_clubs(viewer, person.club_id)):
        raise Http404
    if person.club_id is None and viewer.position != Role.OWNER:
        raise Http404
    if person.pk != viewer.pk and not may_see_person(viewer, person):
        raise PermissionDenied
    if change and not may_change_person(viewer, person):
        raise PermissionDenied
    return person


def clubs_for_people_forms(viewer):
    """The clubs in which ``viewer`` may add people."""
    if viewer.position == Role.OWNER:
        return Club.objects.all()
    if viewer.position == Role.STORE_MANAGER:
        return Club.objects.filter(pk=viewer.club_id)
    return Club.objects.none()


def may_manage_club(viewer, club):
    """Club settings (shifts, holidays, attendance rules, month locks): the owner and the club's store manager."""
    return viewer.position == Role.OWNER or (viewer.position == Role.STORE_MANAGER and viewer.club_id == club.pk)


def club_from_request(request, viewer):
    """The club named by ``?club=<id>`` (owner), else the viewer's own; checked like any club page."""
    raw = request.GET.get("club") or request.POST.get("club") or ""
    if raw:
        if not raw.isdecimal():
            raise Http404
        return get_club(viewer, int(raw))
    if viewer.club_id is None:
        club = Club.objects.order_by("name").first()
        if club is None:
            raise Http404
        return club
    return get_club(viewer, viewer.club_id)


# --- The floor: area hygiene, consumables, service quality ---------------------------


def may_keep_floor_records(viewer):
    """Whether the floor pages are for ``viewer``: the owner, store managers, supervisors and the
    heads who see the massage technicians (not the marketing director, customer managers or technicians)."""
    if viewer.position in (Role.OWNER, Role.STORE_MANAGER, Role.SUPERVISOR):
        return True
    return Department.Kind.MASSAGE in HEAD_DEPARTMENTS.get(viewer.position, ())


def floor_people(viewer):
    """The technicians whose floor records (area hygiene, consumables issued, service checks) ``viewer`` writes.

    ``may_edit_team_records`` for one person: a supervisor their own team; the managers above,
    the technicians they see; everyone else nobody.
    """
    if not may_keep_floor_records(viewer):
        return Person.objects.none()
    if viewer.position == Role.SUPERVISOR:
        return Person.objects.filter(position=Role.TECHNICIAN, team__supervisor=viewer)
    return visible_people(viewer).filter(position=Role.TECHNICIAN)


def floor_club(request, viewer):
    """The club a floor page shows: ``?club=<id>`` for the owner, else the viewer's own (another club: 404)."""
    if viewer.position == Role.OWNER:
        return club_from_request(request, viewer)
    raw = request.GET.get("club") or ""
    if raw and raw != str(viewer.club_id):
        raise Http404
    return viewer.club


def may_see_floor_figures(viewer):
    """Attendance statistics and follow-up: the managers, and supervisors for their own team."""
    return viewer.position in (Role.OWNER, Role.STORE_MANAGER, Role.SUPERVISOR) or viewer.is_department_head


def may_hold_talks(viewer):
    """Who records an attendance talk: the managers (technical manager duty 8), not the floor."""
    return viewer.position in (Role.OWNER, Role.STORE_MANAGER) or viewer.is_department_head


def visible_departments(viewer):
    """Departments whose figures the viewer may see: all (owner), the club's (store manager), a head's own."""
    if viewer.position == Role.OWNER:
        return Department.objects.all()
    if viewer.position == Role.STORE_MANAGER:
        return Department.objects.filter(club_id=viewer.club_id)
    kinds = HEAD_DEPARTMENTS.get(viewer.position)
    if kinds:
        return Department.objects.filter(club_id=viewer.club_id, kind__in=kinds)
    return Department.objects.none()


def get_department(viewer, pk):
    department = Department.objects.select_related("club").filter(pk=pk).first()
    if department is None or not _in_viewer_clubs(viewer, department.club_id):
        raise Http404
    if not visible_departments(viewer).filter(pk=department.pk).exists():
        raise PermissionDenied
    return department


def club_in_reach(viewer, pk):
    """A club by id: 404 unless it is one of the viewer's clubs (the owner: any)."""
    club = Club.objects.filter(pk=pk).first()
    if club is None or not _in_viewer_clubs(viewer, club.pk):
        raise Http404
    return club


def _club_or_404(viewer, club_id):
    """404 for an object of no club or of a club the viewer does not belong to."""
    if club_id is None or not _in_viewer_clubs(viewer, club_id):
        raise Http404


def _head_kinds(viewer):
    return HEAD_DEPARTMENTS.get(viewer.position, set())


# --- Meetings ---------------------------------------------------------------------------------
#
# Reading a meeting (its agenda, attendance, minutes, decisions, action items):
#
# * the owner: every club; the store manager: their club;
# * a department head: the meetings of the departments they head (``HEAD_DEPARTMENTS``);
# * anyone: the meetings of their own department;
# * anyone invited: the chair, everyone on the meeting's list (expected or guest), and the owner
#   of one of its action items.
#
# Club-wide meetings (a series without a department) are read by the club's managers and by
# those invited. Running a meeting (attendance, minutes, decisions, action items, moving or
# cancelling it) is for its chair and for whoever manages its series: the owner, the club's
# store manager and the heads of its department. Only the chair finalises the minutes.
# A summary report is read by the owner, the club's store manager, its author and (once handed
# in) the superior it is for.


def meetings_filter(viewer):
    """A Q over Meeting that keeps the meetings ``viewer`` may read."""
    if viewer.position == Role.OWNER:
        return Q()
    if viewer.position == Role.STORE_MANAGER:
        return Q(club_id=viewer.club_id)
    invited = (
        Q(chair_id=viewer.pk)
        | Exists(Attendee.objects.filter(meeting=OuterRef("pk"), person_id=viewer.pk))
        | Exists(ActionItem.objects.filter(meeting=OuterRef("pk"), owner_id=viewer.pk))
    )
    return Q(club_id=viewer.club_id) & (invited | _meetings_of_departments(viewer))


def _meetings_of_departments(viewer):
    """A Q over meetings or series: those of the departments ``viewer`` heads or belongs to, and
    the club-wide ones for those who see the club's pages."""
    q = Q(pk__in=[])
    kinds = _head_kinds(viewer)
    if kinds:
        q |= Q(department__kind__in=kinds)
    if viewer.department_id:
        q |= Q(department_id=viewer.department_id)
    if may_see_club_pages(viewer):
        q |= Q(department__isnull=True)
    return q


def series_filter(viewer):
    """A Q over MeetingSeries that keeps the series ``viewer`` may read (the same rule, by series)."""
    if viewer.position == Role.OWNER:
        return Q()
    if viewer.position == Role.STORE_MANAGER:
        return Q(club_id=viewer.club_id)
    return Q(club_id=viewer.club_id) & (Q(chair_id=viewer.pk) | Q(people=viewer.pk) | _meetings_of_departments(viewer))


def visible_meetings(viewer):
    return Meeting.objects.filter(meetings_filter(viewer))


def visible_series(viewer):
    return MeetingSeries.objects.filter(pk__in=MeetingSeries.objects.filter(series_filter(viewer)).values("pk"))


def may_manage_series(viewer, series):
    """Edit a series and add meetings to it: the owner, the club's store manager, the department's heads, its chair."""
    if not _in_viewer_clubs(viewer, series.club_id):
        return False
    if may_manage_club(viewer, series.club):
        return True
    if series.chair_id == viewer.pk:
        return True
    return series.department_id is not None and series.department.kind in _head_kinds(viewer)


def may_run_meeting(viewer, meeting):
    """Take attendance, write minutes, decisions and action items, move or cancel: the chair and the series' managers."""
    return meeting.chair_id == viewer.pk or may_manage_series(viewer, meeting.series)


def may_finalise_minutes(viewer, meeting):
    """The chair finalises; a meeting without a chair is finalised by whoever manages its series."""
    if meeting.chair_id is not None:
        return meeting.chair_id == viewer.pk
    return may_manage_series(viewer, meeting.series)


def may_correct_minutes(viewer, meeting):
    """Correct finalised minutes (always with a reason): the chair, the store manager, the owner."""
    return meeting.chair_id == viewer.pk or may_manage_club(viewer, meeting.club)


def may_update_action_item(viewer, item):
    """Close or reopen an action item: its owner, and whoever may run its meetings."""
    return item.owner_id == viewer.pk or item.series.chair_id == viewer.pk or may_manage_series(viewer, item.series)


def series_departments(viewer, club):
    """The departments of ``club`` in which ``viewer`` may create a series (the owner and store manager: all)."""
    if may_manage_club(viewer, club):
        return Department.objects.filter(club=club)
    return Department.objects.filter(club=club, kind__in=_head_kinds(viewer)) if viewer.club_id == club.pk else Department.objects.none()


def may_add_series(viewer, club):
    return may_manage_club(viewer, club) or (viewer.club_id == club.pk and bool(_head_kinds(viewer)))


def meeting_candidates(club):
    """Whom a meeting may invite as a guest or name as an action item's owner: anyone active in its club."""
    return Person.objects.active().filter(club=club).order_by("name")


def reports_filter(viewer):
    """A Q over a meeting's summary Report: the owner all; the store manager their club's; the author
    theirs; the superior the reports handed to them (not drafts)."""
    if viewer.position == Role.OWNER:
        return Q()
    mine = Q(author_id=viewer.pk) | Q(meeting__chair_id=viewer.pk) | (Q(to_id=viewer.pk) & ~Q(status=Report.Status.DRAFT))
    if viewer.position == Role.STORE_MANAGER:
        return Q(club_id=viewer.club_id) | mine
    return mine


def may_see_report(viewer, report):
    return Report.objects.filter(reports_filter(viewer), pk=report.pk).exists()


def may_write_report(viewer, meeting):
    """The chair writes and submits a summary report (a meeting without a chair: whoever finalises it)."""
    return may_finalise_minutes(viewer, meeting)


def may_review_report(viewer, report):
    """The superior a summary report is for acknowledges or returns it; the owner may stand in."""
    return report.to_id == viewer.pk or viewer.position == Role.OWNER


def get_meeting(viewer, pk, *, run=False):
    meeting = get_object_or_404(
        Meeting.objects.select_related("series", "series__department", "series__club", "club", "department", "chair",
                                       "finalised_by"),
        pk=pk,
    )
    if not _in_viewer_clubs(viewer, meeting.club_id):
        raise Http404
    if not visible_meetings(viewer).filter(pk=meeting.pk).exists():
        raise PermissionDenied
    if run and not may_run_meeting(viewer, meeting):
        raise PermissionDenied
    return meeting


def get_series(viewer, pk, *, manage=False):
    series = get_object_or_404(MeetingSeries.objects.select_related("club", "department", "chair"), pk=pk)
    if not _in_viewer_clubs(viewer, series.club_id):
        raise Http404
    if manage:
        if not may_manage_series(viewer, series):
            raise PermissionDenied
    elif not MeetingSeries.objects.filter(series_filter(viewer), pk=series.pk).exists():
        raise PermissionDenied
    return series


def get_action_item(viewer, pk):
    item = get_object_or_404(
        ActionItem.objects.select_related("series", "series__club", "series__department", "meeting", "owner"), pk=pk
    )
    if not _in_viewer_clubs(viewer, item.club_id):
        raise Http404
    if not may_update_action_item(viewer, item):
        raise PermissionDenied
    return item


# --- Training ---------------------------------------------------------------------------------
#
# * Training is run for a department by those who see it (``visible_departments``): the owner,
#   the club's store manager, and the department heads for their departments — the technical
#   manager for the health-care and massage departments, the marketing director for the
#   customer managers, the technician department manager for the massage technicians.
# * A session is seen by those who run its plan, its trainer, and whoever sees someone expected
#   at it (a supervisor their team, a technician themselves).
# * Assessing (scoring a hands-on assessment, entering or marking a quiz) is for those who run
#   the plan, and only of people they see: a trainer of club 1 never scores club 2.
# * Competitions are organised by the club's managers (the whole chain's by the owner), scored
#   by their judges; a leaderboard shows a viewer only the entrants of clubs they see.
# * Rewards and penalties are proposed by any manager or supervisor for the people they see
#   and approved by the store manager of the person's club (or the owner).

# Who never runs training nor proposes rewards and penalties.
NOT_MANAGERS = (Role.TECHNICIAN, Role.CUSTOMER_MANAGER)


def runs_training(viewer):
    """Whether ``viewer`` runs training for any department (plans, sessions, the question bank)."""
    return viewer.position in (Role.OWNER, Role.STORE_MANAGER) or viewer.is_department_head


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
    plan = get_object_or_404(TrainingPlan.objects.select_related("club", "department", "owner"), pk=pk)
    _club_or_404(viewer, plan.club_id)
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
    _club_or_404(viewer, session.club_id)
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
        Assessment.objects.select_related("plan", "plan__department", "club"), pk=pk
    )
    _club_or_404(viewer, assessment.club_id)
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
    _club_or_404(viewer, attempt.assessment.club_id)
    if attempt.person_id != viewer.pk and not may_assess(viewer, attempt.assessment, attempt.person):
        raise PermissionDenied
    return attempt


def get_question(viewer, pk):
    """A question of the training question bank: for those who run training in its club."""
    question = get_object_or_404(Question.objects.select_related("club"), pk=pk)
    _club_or_404(viewer, question.club_id)
    if not runs_training(viewer):
        raise PermissionDenied
    return question


def may_define_levels(viewer, club):
    """Levels are the massage technicians': those who run their training define them."""
    return runs_training(viewer) and visible_departments(viewer).filter(club=club, kind="massage").exists()


def may_organise_competitions(viewer, club):
    """A club's competitions: its managers; the whole chain's (``club`` None): the owner."""
    if club is None:
        return viewer.position == Role.OWNER
    return runs_training(viewer) and _in_viewer_clubs(viewer, club.pk)


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
        _club_or_404(viewer, competition.club_id)
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


def may_propose_rewards(viewer):
    return viewer.position not in NOT_MANAGERS


def proposable_people(viewer):
    """Whom ``viewer`` may propose a reward or penalty for: the active people they see, not themselves."""
    if not may_propose_rewards(viewer):
        return visible_people(viewer).none()
    people = visible_people(viewer).active().exclude(pk=viewer.pk).exclude(position=Role.OWNER)
    return people.filter(club__isnull=False)


def may_decide_rewards(viewer, club_id):
    """Approving a reward or penalty is the store manager's (seed: store manager duty 5), and the owner's."""
    return viewer.position == Role.OWNER or (viewer.position == Role.STORE_MANAGER and viewer.club_id == club_id)


def reward_filter(viewer):
    """A Q over RewardPenalty: the records of the people ``viewer`` sees (their own only once approved)."""
    others = Q(person__in=visible_people(viewer).exclude(pk=viewer.pk))
    return others | Q(person=viewer, status=RewardPenalty.Status.APPROVED)


def get_reward(viewer, pk):
    record = get_object_or_404(RewardPenalty.objects.select_related("person", "club"), pk=pk)
    _club_or_404(viewer, record.club_id)
    if not may_decide_rewards(viewer, record.club_id):
        raise PermissionDenied
    return record
