"""The kernel's part of a new club's setup checklist, and the menu's way to it.

The checklist walks club → departments → teams → people and logins (here, orders 10–40), then
the apps' steps (shifts, holidays, grooming and hygiene, duty catalogue), each registered by its
app through ``registry.add_setup_step`` so that the kernel imports none of them.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kernel.urls import reverse

from . import access, registry
from .context_processors import CLUB_MENU
from .models import Department, Person, Role


def register():
    registry.add_links(order=505, links=setup_links, menu=CLUB_MENU)
    registry.add_setup_step(order=10, label=_("The club"), done=lambda club: True, url=club_url)
    registry.add_setup_step(order=20, label=_("Departments"), done=has_departments, url=departments_url)
    registry.add_setup_step(order=30, label=_("Teams and their supervisors"), done=teams_are_led, url=teams_url)
    registry.add_setup_step(order=40, label=_("People and logins"), done=people_can_sign_in, url=people_url)


def setup_links(person):
    if not access.may_set_up_clubs(person):
        return []
    return [(_("Club setup"), reverse("staff:setup_home"))]


def setup_url(club, anchor=""):
    return reverse("staff:club_setup", args=[club.pk]) + anchor


def club_url(club):
    return reverse("staff:club_detail", args=[club.pk])


def has_departments(club):
    """The club has its massage technicians' department (teams hang on it) and a front office."""
    kinds = set(club.departments.values_list("kind", flat=True))
    return {Department.Kind.MASSAGE, Department.Kind.MARKETING} <= kinds


def departments_url(club):
    return reverse("staff:department_add", args=[club.pk])


def open_teams(club):
    return club.teams.filter(closed_on__isnull=True)


def teams_are_led(club):
    """At least one open team, and every open team has a supervisor who still works here."""
    teams = open_teams(club)
    return teams.exists() and not teams.filter(Q(supervisor__isnull=True) | ~Q(supervisor__status=Person.Status.ACTIVE)).exists()


def teams_url(club):
    if open_teams(club).exists():
        return setup_url(club, "#teams")
    return reverse("staff:team_add", args=[club.pk])


def people_can_sign_in(club):
    """A store manager and every team's supervisor can sign in, and every open team has technicians."""
    people = Person.objects.active().filter(club=club)
    if not people.filter(position=Role.STORE_MANAGER, user__isnull=False, user__is_active=True).exists():
        return False
    teams = open_teams(club)
    if teams.filter(supervisor__isnull=False, supervisor__user__isnull=True).exists():
        return False
    staffed = set(people.filter(team__in=teams).values_list("team_id", flat=True))
    return teams.exists() and all(team.pk in staffed for team in teams)


def people_url(club):
    return setup_url(club, "#people")
