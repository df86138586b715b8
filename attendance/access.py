"""Who may do what on the floor: area hygiene, consumables, service quality, the figures and talks.

Built only on the kernel's scope primitives (``staff.access``): which people, teams and clubs a
person sees is decided there once; this module answers the floor's own questions on top of it.
The month lock's rules are in ``locks.py`` (they also guard the services).
"""

from staff.access import (
    HEAD_DEPARTMENTS,
    is_manager,
    leads_a_team,
    may_manage_club,
    page_club,
    visible_people,
)
from staff.models import Department, Person, Role

from .locks import may_change_locked


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
    return page_club(request, viewer)


def may_read_service_quality(viewer):
    """Floor keepers read the checks of the technicians they see; a technician reads their own."""
    return may_keep_floor_records(viewer) or viewer.position == Role.TECHNICIAN


def may_receive_stock(viewer, club):
    """The store manager (and the owner) and the department heads who see the massage floor receive stock."""
    if may_manage_club(viewer, club):
        return True
    return viewer.is_department_head and may_keep_floor_records(viewer) and viewer.club_id == club.pk


def may_edit_locked_days(viewer, club):
    """A day of a locked month is changed on the team screen only by those who may change a locked
    month: the owner and the club's store manager (with a reason)."""
    return may_change_locked(viewer, club)


def may_see_floor_figures(viewer):
    """Attendance statistics and follow-up: the managers, and supervisors for their own team."""
    return is_manager(viewer) or leads_a_team(viewer)


def may_hold_talks(viewer):
    """Who records an attendance talk: the managers (technical manager duty 8), not the floor."""
    return is_manager(viewer)


def names_customers(viewer, club):
    """Whether the feedback form offers ``club``'s customers: only to those who may see them (the customers app's
    rule: marketing, the store manager, the owner); a supervisor recording feedback never sees a customer's name."""
    from customers.access import sees_customers

    return sees_customers(viewer, club)
