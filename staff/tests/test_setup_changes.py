"""Changing what was set up: the owner edits a club (name, code, address, time zone), with history; the owner
and the club's store manager reopen a closed team."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from staff import history
from staff.models import Club, Person, Team
from tests.factories import PersonFactory

from .conftest import field_error, input_value, messages_of, select_options, shows

pytestmark = pytest.mark.clock("2026-11-20T15:00:00+08:00")


def edit_url(club):
    return reverse("staff:club_edit", args=[club.pk])


# --- editing a club ---------------------------------------------------------------------------


def test_the_owner_edits_a_club_and_its_history_says_what_changed(world, client_as):
    client = client_as(world.owner)
    form = client.get(edit_url(world.club1))
    assert input_value(form, "name") == "Club One" and input_value(form, "code") == "one"

    response = client.post(edit_url(world.club1), {"name": "Club One North", "code": "one-north",
                                                   "address": "2 Hill Road", "time_zone": "Asia/Hong_Kong"},
                           follow=True)

    assert response.redirect_chain == [(reverse("staff:club_setup", args=[world.club1.pk]), 302)]
    assert messages_of(response) == ["Club One North was saved."]
    club = Club.objects.get(pk=world.club1.pk)
    assert (club.name, club.code, club.address, club.time_zone) == (
        "Club One North", "one-north", "2 Hill Road", "Asia/Hong_Kong")
    changes = " ".join(str(change) for change in history.record_changes(club))
    assert "Club One North" in changes and "Asia/Hong_Kong" in changes
    page = client.get(reverse("staff:record_history", args=["staff.club", club.pk]))
    assert shows(page, "Club One North") and shows(page, "Asia/Hong_Kong")


def test_a_bad_edit_keeps_what_was_typed_says_why_and_changes_nothing(world, client_as):
    response = client_as(world.owner).post(edit_url(world.club1), {
        "name": "club two", "code": "one", "address": "New address", "time_zone": "Moon/Base"})

    assert response.status_code == 200
    assert field_error(response, "name") == "Another club already has this name."
    assert "is not a known time zone" in field_error(response, "time_zone")
    assert input_value(response, "address") == "New address"
    assert shows(response, "Set up Club One")  # the page still names the club as it is
    assert Club.objects.get(pk=world.club1.pk).address == ""


def test_an_edit_that_changes_nothing_says_so(world, client_as):
    club = world.club1
    response = client_as(world.owner).post(edit_url(club), {
        "name": club.name, "code": club.code, "address": club.address, "time_zone": club.time_zone}, follow=True)

    assert messages_of(response) == ["Nothing was changed."]


def test_the_errors_are_in_the_owners_language(world, client_as):
    Person.objects.filter(pk=world.owner.pk).update(language="zh-hans")
    response = client_as(world.owner).post(edit_url(world.club1), {
        "name": "Club Two", "code": "one", "time_zone": "Asia/Shanghai"})

    with translation.override("zh-hans"):
        assert field_error(response, "name") == translation.gettext("Another club already has this name.")


def test_only_the_owner_edits_a_club(world, client_as):
    body = {"name": "Mine now", "code": "mine", "time_zone": "Asia/Shanghai"}
    assert client_as(world.store_manager).post(edit_url(world.club1), body).status_code == 403
    assert client_as(world.store_manager_2).post(edit_url(world.club1), body).status_code == 404
    assert Club.objects.get(pk=world.club1.pk).name == "Club One"
    checklist = client_as(world.store_manager).get(reverse("staff:club_setup", args=[world.club1.pk]))
    assert edit_url(world.club1) not in checklist.content.decode()
    owners = client_as(world.owner).get(reverse("staff:club_setup", args=[world.club1.pk]))
    assert edit_url(world.club1) in owners.content.decode()


# --- reopening a closed team ---------------------------------------------------------------------


def closed_team(world, name="Team C"):
    return Team.objects.create(club=world.club1, department=world.team_a.department, name=name,
                               closed_on=datetime.date(2026, 6, 30))


def test_the_store_manager_reopens_a_closed_team_with_a_free_supervisor(world, client_as):
    team = closed_team(world)
    free = PersonFactory(name="Supervisor C", club=world.club1, department=team.department, position="supervisor")
    client = client_as(world.store_manager)
    checklist = client.get(reverse("staff:club_setup", args=[world.club1.pk]))
    assert reverse("staff:team_reopen", args=[team.pk]) in checklist.content.decode()

    form = client.get(reverse("staff:team_reopen", args=[team.pk]))
    assert shows(form, "Team C was closed on 2026-06-30.")
    assert "Supervisor C" in [label for value, label, _ in select_options(form, "supervisor") if value]
    response = client.post(reverse("staff:team_reopen", args=[team.pk]),
                           {"supervisor": free.pk, "reason": "New technicians joined"}, follow=True)

    team.refresh_from_db()
    assert team.closed_on is None and team.supervisor == free
    assert messages_of(response) == [
        "Team C is open again, led by Supervisor C. Move its technicians back from their person pages."]
    assert shows(response, "Team C") and not shows(response, "Closed teams")
    assert Team.history.filter(id=team.pk, closed_on__isnull=True,
                               history_change_reason="New technicians joined").exists()
    # Back in the pickers: a technician can be moved into it.
    move = client.get(reverse("staff:person_move", args=[world.technician.pk]))
    assert any("Team C" in label for value, label, _ in select_options(move, "team") if value)


def test_a_team_reopened_without_a_supervisor_is_a_missing_step(world, client_as):
    team = closed_team(world)
    response = client_as(world.owner).post(reverse("staff:team_reopen", args=[team.pk]), {}, follow=True)

    assert messages_of(response) == ["Team C is open again. Set its supervisor and move its technicians back."]
    steps = {str(step["label"]): step["done"] for step in response.context["steps"]}
    assert steps["Teams and their supervisors"] is False


def test_an_open_team_is_not_reopened_and_others_may_not(world, client_as):
    response = client_as(world.store_manager).post(reverse("staff:team_reopen", args=[world.team_a.pk]), {},
                                                   follow=True)
    assert messages_of(response) == ["Team A is open."]

    team = closed_team(world)
    assert client_as(world.dept_manager).post(reverse("staff:team_reopen", args=[team.pk]), {}).status_code == 403
    assert client_as(world.store_manager_2).post(reverse("staff:team_reopen", args=[team.pk]), {}).status_code == 404
    assert Team.objects.get(pk=team.pk).is_closed
