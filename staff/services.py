"""Changes to people and teams that touch more than one record."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Person, Role, Team


@transaction.atomic
def person_deactivate(*, person, left_on):
    """Mark a person as left: their login stops working at their next request."""
    person.status = Person.Status.LEFT
    person.left_on = left_on
    person.team = None
    person.save()
    Team.objects.filter(supervisor=person).update(supervisor=None)
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
