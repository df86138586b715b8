"""Setting up a club without a developer: a new club, its departments and teams, supervisors, closing a
team, and the setup checklist that says what is done and what is missing."""

import datetime

import pytest
from django.urls import reverse

from attendance.models import Area
from staff import history
from staff.models import Club, Department, Person, Team
from tests.factories import PersonFactory

from .conftest import add_technicians, field_error, input_value, messages_of, select_options, selected_value, shows

pytestmark = pytest.mark.clock("2026-12-02T10:00:00+08:00")

CLUB = {"name": "Club Three", "code": "three", "address": "1 River Road", "time_zone": "Asia/Shanghai"}


def steps(response):
    return {str(step["label"]): step["done"] for step in response.context["steps"]}


# --- a new club ------------------------------------------------------------------------------


def test_the_owner_adds_a_club_and_lands_on_its_checklist(world, client_as):
    response = client_as(world.owner).post(reverse("staff:club_add"), CLUB, follow=True)

    club = Club.objects.get(code="three")
    assert response.redirect_chain == [(reverse("staff:club_setup", args=[club.pk]), 302)]
    assert messages_of(response) == ["Club Three was added. Next: its departments, teams and people."]
    assert steps(response) == {
        "The club": True, "Departments": False, "Teams and their supervisors": False, "People and logins": False,
        "Shifts": False, "Holidays": False, "Grooming and hygiene items": False, "Duty catalogue": False,
    }
    assert shows(response, "1 of 8 steps done")
    assert history.record_changes(club)  # the club's creation is in its history


def test_a_bad_club_keeps_what_was_typed_and_says_what_is_wrong(world, client_as):
    bad = {**CLUB, "name": "club one", "time_zone": "Mars/Olympus"}
    response = client_as(world.owner).post(reverse("staff:club_add"), bad)

    assert response.status_code == 200
    assert field_error(response, "name") == "Another club already has this name."
    assert "is not a known time zone" in field_error(response, "time_zone")
    assert input_value(response, "address") == "1 River Road"
    assert input_value(response, "code") == "three"
    assert not Club.objects.filter(code="three").exists()


@pytest.mark.parametrize("persona", ["store_manager", "dept_manager", "supervisor_a"])
def test_only_the_owner_adds_a_club(world, client_as, persona):
    response = client_as(getattr(world, persona)).post(reverse("staff:club_add"), CLUB)

    assert response.status_code == 403
    assert not Club.objects.filter(code="three").exists()


# --- departments -----------------------------------------------------------------------------


def test_the_store_manager_adds_a_department_the_club_lacks(world, client_as):
    full = client_as(world.store_manager).get(reverse("staff:department_add", args=[world.club1.pk]))
    assert shows(full, "Club One already has every department.")  # marketing, care, massage and admin
    assert b'name="kind"' not in full.content

    Department.objects.filter(club=world.club2, kind=Department.Kind.CARE).delete()
    client = client_as(world.store_manager_2)
    url = reverse("staff:department_add", args=[world.club2.pk])
    offered = [label for value, label, _ in select_options(client.get(url), "kind") if value]
    assert "Health care" in offered and "Massage technicians" not in offered

    response = client.post(url, {"kind": "care"}, follow=True)
    assert messages_of(response) == ["The department Health care was added."]
    assert world.club2.departments.filter(kind="care").exists()


def test_another_club_is_a_404_and_a_head_of_the_club_a_403(world, client_as):
    url = reverse("staff:department_add", args=[world.club1.pk])
    assert client_as(world.store_manager_2).post(url, {"kind": "care"}).status_code == 404
    assert client_as(world.dept_manager).post(url, {"kind": "care"}).status_code == 403


# --- teams -----------------------------------------------------------------------------------


def test_the_store_manager_adds_a_team_with_a_supervisor_who_leads_no_team(world, client_as):
    new_supervisor = PersonFactory(name="Supervisor C", club=world.club1, department=world.team_a.department,
                                   position="supervisor")
    url = reverse("staff:team_add", args=[world.club1.pk])
    client = client_as(world.store_manager)
    labels = [label for value, label, _ in select_options(client.get(url), "supervisor") if value]
    assert "Supervisor C" in labels and "supervisor_a (now leads Team A)" in labels

    response = client.post(url, {"name": "  Team  C ", "department": world.team_a.department_id,
                                 "supervisor": new_supervisor.pk}, follow=True)

    team = Team.objects.get(club=world.club1, name="Team C")
    assert messages_of(response) == ["The team Team C was added."]
    assert team.supervisor == new_supervisor
    assert shows(response, "Team C")


def test_a_team_name_the_club_has_is_refused_and_the_choices_are_kept(world, client_as):
    url = reverse("staff:team_add", args=[world.club1.pk])
    response = client_as(world.store_manager).post(url, {"name": "team a", "department": world.team_a.department_id})

    assert response.status_code == 200
    assert field_error(response, "name") == "This club already has a team of this name."
    assert selected_value(response, "department") == str(world.team_a.department_id)
    assert Team.objects.filter(club=world.club1).count() == 2


def test_a_department_of_another_club_is_refused(world, client_as):
    other = world.team_2.department
    response = client_as(world.store_manager).post(
        reverse("staff:team_add", args=[world.club1.pk]), {"name": "Team C", "department": other.pk})

    assert response.status_code == 200
    assert "Select a valid choice" in field_error(response, "department")


# --- supervisors -----------------------------------------------------------------------------


def test_replacing_a_supervisor_moves_the_reporting_line_and_keeps_history(world, client_as):
    newcomer = PersonFactory(name="Supervisor C", club=world.club1, department=world.team_a.department,
                             position="supervisor")
    response = client_as(world.store_manager).post(
        reverse("staff:team_supervisor", args=[world.team_a.pk]), {"supervisor": newcomer.pk}, follow=True)

    assert messages_of(response) == ["Supervisor C now leads Team A."]
    world.team_a.refresh_from_db()
    assert world.team_a.supervisor == newcomer
    assert Person.objects.get(pk=world.technician.pk).reports_to == newcomer  # reported to supervisor_a
    changes = history.record_changes(world.team_a)
    assert any("Supervisor C" in str(change) for change in changes)


def test_choosing_the_supervisor_of_another_team_leaves_that_team_without_one(world, client_as):
    client_as(world.store_manager).post(
        reverse("staff:team_supervisor", args=[world.team_a.pk]), {"supervisor": world.supervisor_b.pk})

    assert Team.objects.get(pk=world.team_a.pk).supervisor == world.supervisor_b
    assert Team.objects.get(pk=world.team_b.pk).supervisor is None


def test_the_same_supervisor_again_is_refused(world, client_as):
    response = client_as(world.store_manager).post(
        reverse("staff:team_supervisor", args=[world.team_a.pk]), {"supervisor": world.supervisor_a.pk})

    assert field_error(response, "supervisor") == "supervisor_a already leads this team."


# --- closing a team --------------------------------------------------------------------------


def test_a_team_with_technicians_closes_only_with_a_team_to_move_them_to(world, client_as):
    url = reverse("staff:team_close", args=[world.team_a.pk])
    client = client_as(world.store_manager)

    refused = client.post(url, {})
    assert field_error(refused, "move_to") == "Choose the team its technicians move to."
    assert Team.objects.get(pk=world.team_a.pk).closed_on is None

    response = client.post(url, {"move_to": world.team_b.pk}, follow=True)
    assert messages_of(response) == ["Team A was closed; its 2 technicians moved to Team B."]
    team = Team.objects.get(pk=world.team_a.pk)
    assert team.closed_on == datetime.date(2026, 12, 2) and team.supervisor is None
    moved = Person.objects.get(pk=world.technician.pk)
    assert moved.team == world.team_b and moved.reports_to == world.supervisor_b


def test_a_closed_team_leaves_the_pickers_but_keeps_its_page_and_history(world, client_as):
    add_technicians(world.team_b, 0)
    client = client_as(world.store_manager)
    client.post(reverse("staff:team_close", args=[world.team_a.pk]), {"move_to": world.team_b.pk})

    move_choices = [label for value, label, _ in select_options(
        client.get(reverse("staff:person_move", args=[world.technician_b.pk])), "team") if value]
    assert not any("Team A" in label for label in move_choices)
    add_choices = [label for value, label, _ in select_options(client.get(reverse("staff:person_add")), "team") if value]
    assert not any("Team A" in label for label in add_choices)
    assert not shows(client.get(reverse("staff:club_detail", args=[world.club1.pk])), "Team A")

    assert client.get(world.team_a.get_absolute_url()).status_code == 200
    checklist = client.get(reverse("staff:club_setup", args=[world.club1.pk]))
    assert shows(checklist, "Closed teams") and shows(checklist, "Team A · closed on 2026-12-02")
    assert Team.history.filter(id=world.team_a.pk, closed_on=datetime.date(2026, 12, 2)).exists()
    # A closed team takes no new records: its former supervisor no longer leads it.
    assert client_as(world.supervisor_a).get(reverse("attendance:team_day")).status_code == 403


def test_the_last_team_with_technicians_cannot_close(world, client_as):
    response = client_as(world.store_manager_2).post(reverse("staff:team_close", args=[world.team_2.pk]), {})

    assert "The club has no other team" in field_error(response, "move_to")
    assert Team.objects.get(pk=world.team_2.pk).closed_on is None


def test_an_empty_team_closes_without_a_choice(world, client_as):
    empty = Team.objects.create(club=world.club1, department=world.team_a.department, name="Team Empty")
    response = client_as(world.owner).post(reverse("staff:team_close", args=[empty.pk]), {}, follow=True)

    assert messages_of(response) == ["Team Empty was closed."]
    assert Team.objects.get(pk=empty.pk).is_closed


# --- the checklist ---------------------------------------------------------------------------


def test_the_checklist_follows_what_the_club_has(world, client_as):
    client = client_as(world.store_manager)
    url = reverse("staff:club_setup", args=[world.club1.pk])

    before = steps(client.get(url))
    # world's club 1: a store manager with a login, two led teams of technicians, a shift and a holiday this
    # year, the default grooming items, an inactive duty and no hygiene areas
    assert before["Teams and their supervisors"] is True
    assert before["People and logins"] is True
    assert before["Shifts"] is True and before["Holidays"] is True  # world's shift, and National Day 2026
    assert before["Grooming and hygiene items"] is False and before["Duty catalogue"] is False

    Area.objects.create(club=world.club1, name="Room 1", responsible=world.technician)
    Team.objects.filter(pk=world.team_b.pk).update(supervisor=None)

    after = steps(client.get(url))
    assert after["Grooming and hygiene items"] is True
    assert after["Teams and their supervisors"] is False


def test_each_step_links_to_where_it_is_done(world, client_as):
    response = client_as(world.store_manager).get(reverse("staff:club_setup", args=[world.club1.pk]))

    urls = {str(step["label"]): step["url"] for step in response.context["steps"]}
    club = world.club1.pk
    assert urls["Shifts"] == f"{reverse('attendance:shift_list')}?club={club}"
    assert urls["Holidays"] == f"{reverse('attendance:holiday_list')}?club={club}"
    assert urls["Grooming and hygiene items"] == f"{reverse('attendance:check_items')}?club={club}"
    assert urls["Duty catalogue"] == f"{reverse('duties:catalogue')}?club={club}"
    for url in urls.values():
        assert client_as(world.store_manager).get(url).status_code == 200, url


def test_a_supervisor_without_a_login_is_listed_with_a_link_to_create_one(world, client_as):
    Person.objects.filter(pk=world.supervisor_b.pk).update(user=None)
    response = client_as(world.store_manager).get(reverse("staff:club_setup", args=[world.club1.pk]))

    assert steps(response)["People and logins"] is False
    assert shows(response, "They cannot sign in yet:")
    assert reverse("staff:person_login", args=[world.supervisor_b.pk]) in response.content.decode()


def test_the_store_manager_opens_their_checklist_from_the_club_menu(world, client_as):
    client = client_as(world.store_manager)
    home = client.get(reverse("home"))
    assert reverse("staff:setup_home") in home.content.decode()

    response = client.get(reverse("staff:setup_home"))
    assert response.context["club"] == world.club1
    assert not shows(client_as(world.dept_manager).get(reverse("home")), "Club setup")
