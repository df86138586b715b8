"""Changes to people and teams that touch more than one record."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from kernel import bulk

from .models import Person, Role, Team


@transaction.atomic
def person_deactivate(*, person, left_on):
    """Mark a person as left: their login stops working at their next request."""
    person.status = Person.Status.LEFT
    person.left_on = left_on
    person.team = None
    person.save()
    bulk.update(Team.objects.filter(supervisor=person), supervisor=None)
    if person.user_id:
        person.user.is_active = False
        person.user.save(update_fields=["is_active"])
    return person


@transaction.atomic
def person_move_to_team(*, person, team):
    """Move a technician to ``team``; returns True when the team is now over the usual size.

    A technician who reported to their old team's supervisor (or to nobody) now reports to
    the new team's supervisor; someone else they report to is kept.
    """
    old_supervisor_id = person.team.supervisor_id if person.team_id else None
    if person.reports_to_id in (None, old_supervisor_id):
        person.reports_to_id = team.supervisor_id
    person.team = team
    person.save()
    return team_is_oversized(team)


def team_is_oversized(team, size=None):
    if size is None:
        size = team.members.filter(status=Person.Status.ACTIVE).count()
    return size > settings.TEAM_SIZE_WARNING


@transaction.atomic
def person_set_login(*, person, username, password):
    """Create the person's login, or rename it and set a new password."""
    User = get_user_model()
    user = person.user or User(username=username)
    user.username = username
    user.is_active = person.is_active
    user.is_staff = user.is_superuser = person.position == Role.OWNER
    user.set_password(password)
    user.save()
    if person.user_id != user.pk:
        person.user = user
        person.save(update_fields=["user"])
    return user


# --- Setting up a club: departments, teams, supervisors, closing a team -------------------------


@transaction.atomic
def team_set_supervisor(*, team, supervisor):
    """Make ``supervisor`` (or nobody) the team's supervisor.

    A supervisor leads one team: leaving another team leaves that one without a supervisor. The
    team's technicians who reported to the old supervisor (or to nobody) now report to the new one.
    """
    old_id = team.supervisor_id
    new_id = supervisor.pk if supervisor else None
    if old_id == new_id:
        return team
    if supervisor is not None:
        for other in Team.objects.filter(supervisor=supervisor).exclude(pk=team.pk):
            other.supervisor = None
            other.save()
    team.supervisor = supervisor
    team.save()
    line = Q(reports_to__isnull=True) | Q(reports_to_id=old_id) if old_id else Q(reports_to__isnull=True)
    for member in team.members.filter(line, status=Person.Status.ACTIVE):
        member.reports_to = supervisor
        member.save()
    return team


@transaction.atomic
def team_close(*, team, on, move_to=None):
    """Close ``team`` on ``on``: its technicians move to ``move_to`` first, and its supervisor is freed.

    The team stays in the database with its history and the records made while it ran; it leaves
    every picker. Refused (ValueError) while it still has technicians and no team to move them to.
    """
    members = list(team.members.filter(status=Person.Status.ACTIVE).select_related("team"))
    if members and move_to is None:
        raise ValueError("the team still has technicians")
    for member in members:
        person_move_to_team(person=member, team=move_to)
    team.supervisor = None
    team.closed_on = on
    team.save()
    return len(members)
