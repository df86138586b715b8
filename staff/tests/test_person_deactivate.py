import datetime

from django.urls import reverse
from django.utils import formats, timezone, translation

from staff.models import Person, Team

from .conftest import field_error, input_value, messages_of, shows


def url(person):
    return reverse("staff:person_deactivate", args=[person.pk])


def today():
    return timezone.localdate()


def test_it_marks_the_person_as_left(world, client_as):
    response = client_as(world.store_manager).post(url(world.technician), {"left_on": today().isoformat()}, follow=True)

    assert response.redirect_chain == [(world.technician.get_absolute_url(), 302)]
    assert messages_of(response) == ["Tech A1 is marked as left; their login no longer works."]
    person = Person.objects.get(pk=world.technician.pk)
    assert (person.status, person.left_on) == (Person.Status.LEFT, today())
    with translation.override("en"):
        assert shows(response, f"Left on {formats.date_format(person.left_on)}")


def test_it_stops_their_login_at_their_next_request(world, client_as, other_client):
    other_client.force_login(world.technician.user)
    assert other_client.get("/").status_code == 200

    client_as(world.store_manager).post(url(world.technician), {"left_on": today().isoformat()})

    response = other_client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert other_client.get(world.technician.get_absolute_url()).status_code == 302


def test_it_takes_them_out_of_their_team(world, client_as):
    client_as(world.store_manager).post(url(world.technician), {"left_on": today().isoformat()}, follow=True)

    assert Person.objects.get(pk=world.technician.pk).team is None
    team_page = client_as(world.store_manager).get(world.team_a.get_absolute_url())
    assert not shows(team_page, "Tech A1")
    assert shows(team_page, "Tech A2")


def test_it_leaves_a_leaving_supervisors_team_without_a_supervisor(world, client_as):
    client_as(world.store_manager).post(url(world.supervisor_a), {"left_on": today().isoformat()})

    assert Team.objects.get(pk=world.team_a.pk).supervisor is None
    assert Person.objects.get(pk=world.technician.pk).team == world.team_a


def test_it_refuses_a_last_day_before_the_hire_date(world, client_as):
    before_hire = (world.technician.hire_date - datetime.timedelta(days=1)).isoformat()

    response = client_as(world.store_manager).post(url(world.technician), {"left_on": before_hire})

    assert response.status_code == 200
    assert field_error(response, "left_on") == "The last day cannot be before the hire date."
    assert input_value(response, "left_on") == before_hire
    assert Person.objects.get(pk=world.technician.pk).is_active


def test_it_refuses_a_last_day_in_the_future(world, client_as):
    tomorrow = (today() + datetime.timedelta(days=1)).isoformat()

    response = client_as(world.store_manager).post(url(world.technician), {"left_on": tomorrow})

    assert response.status_code == 200
    assert field_error(response, "left_on") == "The last day cannot be in the future."
    assert Person.objects.get(pk=world.technician.pk).is_active
    assert world.technician.user.__class__.objects.get(pk=world.technician.user.pk).is_active


def test_it_accepts_the_hire_date_as_the_last_day(world, client_as):
    response = client_as(world.store_manager).post(url(world.technician), {"left_on": world.technician.hire_date})

    assert response.status_code == 302
    assert Person.objects.get(pk=world.technician.pk).left_on == world.technician.hire_date


def test_it_does_not_let_anyone_mark_themselves_as_left(world, client_as):
    for manager in (world.store_manager, world.owner):
        response = client_as(manager).post(url(manager), {"left_on": today().isoformat()})

        assert response.status_code == 403
        assert Person.objects.get(pk=manager.pk).is_active


def test_it_does_not_change_the_last_day_of_someone_who_already_left(world, client_as):
    response = client_as(world.store_manager).post(url(world.left), {"left_on": today().isoformat()})

    assert response.status_code == 200
    assert shows(response, "This person left on")
    assert Person.objects.get(pk=world.left.pk).left_on == world.left.left_on
