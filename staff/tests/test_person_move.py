from django.urls import reverse

from staff.models import Person

from .conftest import add_technicians, field_error, messages_of, select_options, shows


def url(person):
    return reverse("staff:person_move", args=[person.pk])


def offered_teams(response):
    return [label for value, label, _selected in select_options(response, "team") if value]


def test_it_moves_a_technician_to_another_team(world, client_as):
    response = client_as(world.dept_manager).post(url(world.technician), {"team": world.team_b.pk}, follow=True)

    assert response.redirect_chain == [(world.technician.get_absolute_url(), 302)]
    assert messages_of(response) == ["Tech A1 moved to Team B."]
    assert Person.objects.get(pk=world.technician.pk).team == world.team_b
    assert shows(response, "Team B (supervisor_b)")


def test_it_shows_the_move_on_both_team_pages(world, client_as):
    client = client_as(world.dept_manager)
    client.post(url(world.technician), {"team": world.team_b.pk}, follow=True)

    assert shows(client.get(world.team_b.get_absolute_url()), "Tech A1")
    assert not shows(client.get(world.team_a.get_absolute_url()), "Tech A1")


def test_it_makes_them_report_to_their_new_supervisor(world, client_as):
    client_as(world.dept_manager).post(url(world.technician), {"team": world.team_b.pk})

    assert Person.objects.get(pk=world.technician.pk).reports_to == world.supervisor_b


def test_it_keeps_a_manager_they_report_to_who_is_not_the_old_supervisor(world, client_as):
    Person.objects.filter(pk=world.technician.pk).update(reports_to=world.dept_manager)

    client_as(world.dept_manager).post(url(world.technician), {"team": world.team_b.pk})

    assert Person.objects.get(pk=world.technician.pk).reports_to == world.dept_manager


def test_it_refuses_the_team_they_are_already_in(world, client_as):
    response = client_as(world.dept_manager).post(url(world.technician), {"team": world.team_a.pk})

    assert response.status_code == 200
    assert field_error(response, "team") == "Tech A1 is already in this team."
    assert Person.objects.get(pk=world.technician.pk).team == world.team_a


def test_it_warns_when_the_team_grows_past_twelve(world, client_as):
    add_technicians(world.team_b, 11)  # with Tech B1: 12

    response = client_as(world.dept_manager).post(url(world.technician), {"team": world.team_b.pk}, follow=True)

    assert messages_of(response) == [
        "Tech A1 moved to Team B.",
        "Team B now has more than 12 technicians: the department needs another supervisor.",
    ]
    assert shows(response, "needs another supervisor")


def test_it_does_not_warn_at_twelve(world, client_as):
    add_technicians(world.team_b, 10)  # with Tech B1: 11

    response = client_as(world.dept_manager).post(url(world.technician), {"team": world.team_b.pk}, follow=True)

    assert messages_of(response) == ["Tech A1 moved to Team B."]


def test_it_does_not_count_people_who_left_towards_the_warning(world, client_as):
    add_technicians(world.team_b, 11, status=Person.Status.LEFT, left_on="2024-06-01")

    response = client_as(world.dept_manager).post(url(world.technician), {"team": world.team_b.pk}, follow=True)

    assert messages_of(response) == ["Tech A1 moved to Team B."]


def test_it_offers_only_the_teams_of_the_technicians_club(world, client_as):
    assert offered_teams(client_as(world.dept_manager).get(url(world.technician))) == ["Team A", "Team B"]
    assert offered_teams(client_as(world.owner).get(url(world.technician))) == ["Team A", "Team B"]
    assert offered_teams(client_as(world.owner).get(url(world.technician_2))) == ["Team Two"]


def test_it_refuses_a_team_of_another_club(world, client_as):
    response = client_as(world.owner).post(url(world.technician), {"team": world.team_2.pk})

    assert response.status_code == 200
    assert field_error(response, "team").startswith("Select a valid choice.")
    assert Person.objects.get(pk=world.technician.pk).team == world.team_a


def test_it_moves_a_technician_who_had_no_team(world, client_as):
    Person.objects.filter(pk=world.technician_a2.pk).update(team=None)

    response = client_as(world.tech_manager).post(url(world.technician_a2), {"team": world.team_b.pk})

    assert response.status_code == 302
    assert Person.objects.get(pk=world.technician_a2.pk).team == world.team_b
