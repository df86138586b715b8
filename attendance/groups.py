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
    team = access.visible_teams(viewer).select_related("club", "department", "supervisor").order_by("pk").first()
    if team is not None:
        return _team_group(viewer, team)
    if direct_reports(viewer).exists():
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


def groups_for_picker(viewer):
    """The teams a viewer may open, for the team picker."""
    return access.visible_teams(viewer).select_related("club").order_by("club__name", "name")
