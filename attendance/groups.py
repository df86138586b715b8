"""Whose day a screen records: a supervisor's team, or a manager's direct reports.

Supervisors record their team of technicians; department heads and the store manager record
the people who report to them (the marketing director their customer managers, the
technician manager their supervisors) on the same kind of screen.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from staff import access
from staff.models import Person


@dataclass
class Group:
    label: str
    club: object
    people: object  # a queryset of active people, ordered by name
    may_edit: bool
    team: object = None
    query: str = ""  # what to put in a URL to come back to this group

    @property
    def is_reports(self):
        return self.team is None


def direct_reports(viewer):
    return Person.objects.active().filter(reports_to=viewer).filter(access.people_filter(viewer))


# The viewer is read anew for each request (staff.middleware), so what is kept on it lasts one request: the team
# screen, its team picker and the menu ask the same questions, and the database is asked once.
_TEAMS, _HAS_REPORTS = "_open_teams", "_has_reports"


def open_teams(viewer):
    """The open teams ``viewer`` may see, with club (and its attendance rules), department and supervisor, in the
    picker's order."""
    teams = viewer.__dict__.get(_TEAMS)
    if teams is None:
        teams = list(access.visible_teams(viewer)
                     .select_related("club__attendance_policy", "department", "supervisor")
                     .order_by("club__name", "name", "pk"))
        viewer.__dict__[_TEAMS] = teams
    return teams


def has_reports(viewer):
    """Whether people report to ``viewer`` directly (a manager's "my direct reports" group)."""
    answer = viewer.__dict__.get(_HAS_REPORTS)
    if answer is None:
        answer = viewer.__dict__[_HAS_REPORTS] = direct_reports(viewer).exists()
    return answer


def records_people(viewer):
    """Whether ``viewer`` has a team or direct reports to record on the floor screens (the menu's question).

    Pages other than the floor screens have not read the viewer's teams, and an owner sees every team of the
    chain: there one EXISTS query answers instead of reading them all.
    """
    teams = viewer.__dict__.get(_TEAMS)
    if teams is None:
        teams = access.visible_teams(viewer).exists()
    return bool(teams) or has_reports(viewer)


def group_for(request, viewer):
    """The group asked for with ``?team=<id>`` or ``?reports=1``, else the viewer's own."""
    from django.utils.translation import gettext as _

    team_id = request.GET.get("team", "")
    if team_id:
        if not team_id.isdecimal():  # "²" is a digit that int() refuses
            raise PermissionDenied
        team = access.get_team(viewer, int(team_id))
        return _team_group(viewer, team)
    if request.GET.get("reports"):
        return _reports_group(viewer, _)
    teams = open_teams(viewer)
    if teams:
        return _team_group(viewer, min(teams, key=lambda team: team.pk))
    if has_reports(viewer):
        return _reports_group(viewer, _)
    raise PermissionDenied


def _team_group(viewer, team):
    return Group(
        label=f"{team.club.name} · {team.name}" if team.club_id != viewer.club_id else team.name,
        club=team.club,
        people=team.members.active().order_by("name"),
        may_edit=access.may_edit_team_records(viewer, team),
        team=team,
        query=f"team={team.pk}",
    )


def _reports_group(viewer, _):
    if viewer.club_id is None:
        raise PermissionDenied
    return Group(
        label=_("My direct reports"),
        club=viewer.club,
        people=direct_reports(viewer).order_by("name"),
        may_edit=True,
        query="reports=1",
    )
