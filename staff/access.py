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
        if not raw.isdigit():
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
