"""Who may see and who may change what: the kernel's scope primitives.

Which clubs, departments, teams and people a person sees, and the yes/no questions about
clubs, teams and people. Each app's own questions ("who runs this meeting", "who keeps the
floor's records") live in that app's ``access.py``, built only on these primitives, so that
this module imports no domain app and a rule is written once, in the layer it belongs to.

The rule:

* the owner sees every club;
* a store manager sees their club;
* a department head sees the people of their department below them (the health-care manager
  and the technical manager also see the massage technicians, whom they train and inspect), never
  a peer head: only the technical manager, who reports to the health-care manager, is a head
  another head sees;
* a supervisor sees their own team;
* everyone else sees only themselves.

Answers, in one order everywhere: an object outside the clubs a person may see is a
404 (its existence is not revealed); an object in their club that they may not see is
a 403; a visible object they may not change is a 403 on change.

Sections: scope as query filters, yes/no questions and access-checked lookups for clubs,
departments, teams and people; the club a page shows and the owner's club picker.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from .models import Club, Department, Person, Role, Team

# The departments whose people each head sees and manages.
HEAD_DEPARTMENTS = {
    Role.MARKETING_DIRECTOR: {Department.Kind.MARKETING},
    Role.CARE_MANAGER: {Department.Kind.CARE, Department.Kind.MASSAGE},
    Role.TECHNICIAN_MANAGER: {Department.Kind.MASSAGE},
    Role.TECHNICAL_MANAGER: {Department.Kind.CARE, Department.Kind.MASSAGE},
}

# A department head sees the people of those departments below them: not another head (a peer, or
# their own superior), except the heads who report to them — the technical manager reports to the
# health-care manager.
DEPARTMENT_HEADS = tuple(HEAD_DEPARTMENTS)
HEADS_BELOW = {Role.CARE_MANAGER: (Role.TECHNICAL_MANAGER,)}

# Who may add, edit and deactivate people, and create logins.
PEOPLE_MANAGERS = {Role.OWNER, Role.STORE_MANAGER}

# Who leads nobody: they see only themselves, review no one's checklists, sign nothing off,
# run no training and propose no rewards or penalties.
LEADS_NOBODY = (Role.TECHNICIAN, Role.CUSTOMER_MANAGER)

# Who may move a technician from one team to another (within what they see).
TEAM_ARRANGERS = {Role.OWNER, Role.STORE_MANAGER, Role.TECHNICIAN_MANAGER, Role.TECHNICAL_MANAGER}


def viewer_of(request):
    """The signed-in person, or 403 for a login that is not a person of the chain."""
    person = getattr(request, "person", None)
    if person is None or not person.is_active:
        raise PermissionDenied
    return person


# --- Scope as query filters ---------------------------------------------------------


def sees_every_club(viewer):
    """The owner sees every club of the chain (and chain-wide pages); everyone else at most their own club."""
    return viewer.position == Role.OWNER


def leads_people(viewer):
    """Whether ``viewer`` is above anyone: everyone but the technicians and the customer managers."""
    return viewer.position not in LEADS_NOBODY


def leads_a_team(viewer):
    """A supervisor: their Today page shows their team, and the floor warns them of low stock."""
    return viewer.position == Role.SUPERVISOR


def is_store_manager_of(viewer, club_id):
    """The store manager of club ``club_id`` (the owner is not: ask ``may_manage_club`` for "the owner or")."""
    return viewer.position == Role.STORE_MANAGER and viewer.club_id == club_id


def is_manager(viewer):
    """The club's managers: the owner, the store managers and the department heads."""
    return viewer.position in (Role.OWNER, Role.STORE_MANAGER) or viewer.is_department_head


def _club_ids(viewer):
    if sees_every_club(viewer):
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
        below = ~Q(position__in=DEPARTMENT_HEADS) | Q(position__in=HEADS_BELOW.get(viewer.position, ()))
        return Q(pk=viewer.pk) | (Q(club_id=viewer.club_id, department__kind__in=kinds) & below)
    if viewer.position == Role.SUPERVISOR:
        return Q(pk=viewer.pk) | Q(team__supervisor=viewer)
    return Q(pk=viewer.pk)


def team_filter(viewer, *, closed=False):
    """A Q over Team that keeps the teams ``viewer`` may see: the open ones, and with ``closed`` the closed ones too.

    A closed team is in no picker and takes no new records; its own page and history stay readable
    (``get_team``).
    """
    scope = Q() if closed else Q(closed_on__isnull=True)
    if viewer.position == Role.OWNER:
        return scope
    if viewer.position == Role.STORE_MANAGER:
        return scope & Q(club_id=viewer.club_id)
    kinds = HEAD_DEPARTMENTS.get(viewer.position)
    if kinds:
        return scope & Q(club_id=viewer.club_id, department__kind__in=kinds)
    if viewer.position == Role.SUPERVISOR:
        return scope & Q(supervisor=viewer)
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
    """The org chart, the people and the club-wide pages: the club's managers."""
    return is_manager(viewer)


def may_list_people(viewer):
    return may_see_club_pages(viewer) or leads_a_team(viewer)


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
    if not leads_people(viewer):
        return False
    return visible_teams(viewer).filter(pk=team.pk).exists()


# --- Access-checked lookups for views -------------------------------------------------


def in_viewer_clubs(viewer, club_id):
    """Whether ``club_id`` is one of the viewer's clubs (the owner: every club)."""
    ids = _club_ids(viewer)
    return ids is None or club_id in ids


def get_club(viewer, pk):
    club = Club.objects.filter(pk=pk).first()
    if club is None or not in_viewer_clubs(viewer, club.pk):
        raise Http404
    if not may_see_club_pages(viewer):
        raise PermissionDenied
    return club


def get_team(viewer, pk):
    team = Team.objects.select_related("club", "department", "supervisor").filter(pk=pk).first()
    if team is None or not in_viewer_clubs(viewer, team.club_id):
        raise Http404
    if not Team.objects.filter(team_filter(viewer, closed=True), pk=team.pk).exists():
        raise PermissionDenied
    return team


def get_person(viewer, pk, *, change=False):
    person = (
        Person.objects.select_related("club", "department", "team", "team__supervisor", "reports_to", "user")
        .filter(pk=pk)
        .first()
    )
    if person is None or (person.club_id is not None and not in_viewer_clubs(viewer, person.club_id)):
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
    return sees_every_club(viewer) or is_store_manager_of(viewer, club.pk)


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
    if department is None or not in_viewer_clubs(viewer, department.club_id):
        raise Http404
    if not visible_departments(viewer).filter(pk=department.pk).exists():
        raise PermissionDenied
    return department


def club_in_reach(viewer, pk):
    """A club by id: 404 unless it is one of the viewer's clubs (the owner: any)."""
    club = Club.objects.filter(pk=pk).first()
    if club is None or not in_viewer_clubs(viewer, club.pk):
        raise Http404
    return club


def club_or_404(viewer, club_id):
    """404 for an object of no club or of a club the viewer does not belong to."""
    if club_id is None or not in_viewer_clubs(viewer, club_id):
        raise Http404


def head_kinds(viewer):
    """The kinds of department ``viewer`` heads (and sees): empty for everyone but a department head."""
    return HEAD_DEPARTMENTS.get(viewer.position, set())


# --- The club a page shows ---------------------------------------------------------------


def page_club(request, viewer):
    """The club a page of one club shows: ``?club=<id>`` for the owner, else the viewer's own (another club: 404)."""
    if sees_every_club(viewer):
        return club_from_request(request, viewer)
    raw = request.GET.get("club") or ""
    if raw and raw != str(viewer.club_id):
        raise Http404
    return viewer.club


def picker_clubs(viewer):
    """The clubs a page's club picker offers: every club to the owner, none to anyone else (they have one club)."""
    if sees_every_club(viewer):
        return Club.objects.order_by("name")
    return Club.objects.none()


def club_params(viewer, club, **params):
    """Query parameters that keep the owner on the club they picked (others have one club), without empty ones."""
    if sees_every_club(viewer):
        params = {"club": club.pk, **params}
    return {key: value for key, value in params.items() if value not in (None, "")}


# --- Setting up a club: clubs, departments, teams -----------------------------------------


def may_create_club(viewer):
    """A new club of the chain: the owner."""
    return sees_every_club(viewer)


def may_set_up_club(viewer, club):
    """A club's departments, teams, supervisors and its setup checklist: the owner and that club's store manager."""
    return sees_every_club(viewer) or is_store_manager_of(viewer, club.pk)


def may_set_up_clubs(viewer):
    """The setup pages at all: the owner and the store managers."""
    return sees_every_club(viewer) or viewer.position == Role.STORE_MANAGER


def get_club_to_set_up(viewer, pk):
    """A club to set up: 404 outside the viewer's clubs, 403 for those of the club who may not set it up."""
    club = club_in_reach(viewer, pk)
    if not may_set_up_club(viewer, club):
        raise PermissionDenied
    return club


def get_team_to_set_up(viewer, pk):
    """A team whose supervisor or members the viewer may change, or which they may close (an open team)."""
    team = Team.objects.select_related("club", "department", "supervisor").filter(pk=pk).first()
    if team is None or not in_viewer_clubs(viewer, team.club_id):
        raise Http404
    if not may_set_up_club(viewer, team.club):
        raise PermissionDenied
    return team
