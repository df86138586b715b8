import datetime

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from staff.models import Department, Person
from tests.factories import department

from .conftest import (
    field_error,
    in_language,
    input_value,
    messages_of,
    select_options,
    selected_value,
    set_language,
    shows,
)

URL = reverse("staff:person_add")


def typed(world, **overrides):
    """What a store manager of club 1 types to add a junior technician to team B."""
    data = {
        "name": "Lin Mei",
        "gender": "female",
        "phone": "13800001111",
        "hire_date": "2024-03-01",
        "club": world.club1.pk,
        "department": department(world.club1, Department.Kind.MASSAGE).pk,
        "position": "technician",
        "reports_to": world.supervisor_b.pk,
        "team": world.team_b.pk,
        "level": "junior",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_it_adds_a_person_to_the_store_managers_club(world, client_as):
    response = client_as(world.store_manager).post(URL, typed(world), follow=True)

    person = Person.objects.get(name="Lin Mei")
    assert response.redirect_chain == [(person.get_absolute_url(), 302)]
    assert messages_of(response) == ["Lin Mei was added."]
    assert (person.club, person.team, person.reports_to) == (world.club1, world.team_b, world.supervisor_b)
    assert (person.phone, person.hire_date, person.level) == ("13800001111", datetime.date(2024, 3, 1), "junior")
    assert person.is_active
    assert shows(response, "Team B (supervisor_b)")


def test_it_tidies_the_spaces_in_a_name(world, client_as):
    client_as(world.store_manager).post(URL, typed(world, name="  Lin   Mei "))

    assert Person.objects.filter(name="Lin Mei").exists()


def test_it_offers_a_store_manager_only_their_own_club(world, client_as):
    response = client_as(world.store_manager).get(URL)

    assert [label for value, label, _ in select_options(response, "club") if value] == ["Club One"]
    assert selected_value(response, "club") == str(world.club1.pk)
    teams = [label for value, label, _ in select_options(response, "team") if value]
    assert teams == ["Team A", "Team B"]
    assert "Club Two" not in response.content.decode()


def test_it_refuses_another_club_from_a_store_manager(world, client_as):
    massage2 = department(world.club2, Department.Kind.MASSAGE)
    data = typed(world, club=world.club2.pk, department=massage2.pk, team=None, reports_to=None)

    response = client_as(world.store_manager).post(URL, data)

    assert response.status_code == 200
    assert field_error(response, "club").startswith(
        "Select a valid choice. That choice is not one of the available choices."
    )
    assert not Person.objects.filter(name="Lin Mei").exists()


def test_it_does_not_offer_a_store_manager_the_owner_position(world, client_as):
    response = client_as(world.store_manager).post(URL, typed(world, position="owner", team=None, level=""))

    assert "owner" not in [value for value, _label, _selected in select_options(response, "position")]
    assert field_error(response, "position").startswith("Select a valid choice.")
    assert not Person.objects.filter(name="Lin Mei").exists()


def test_it_lets_the_owner_add_a_person_in_any_club(world, client_as):
    massage2 = department(world.club2, Department.Kind.MASSAGE)
    data = typed(world, club=world.club2.pk, department=massage2.pk, team=world.team_2.pk, reports_to=None)

    response = client_as(world.owner).post(URL, data)

    person = Person.objects.get(name="Lin Mei")
    assert response.status_code == 302
    assert (person.club, person.team) == (world.club2, world.team_2)


def test_it_asks_the_owner_for_a_club_for_anyone_but_an_owner(world, client_as):
    response = client_as(world.owner).post(URL, typed(world, club="", department=None, team=None, reports_to=None))

    assert response.status_code == 200
    assert field_error(response, "club") == "Everyone but the owner works in a club."
    assert not Person.objects.filter(name="Lin Mei").exists()


def test_it_refuses_a_hire_date_in_the_future_in_the_users_language(world, client_as):
    set_language(world.store_manager, "zh-hant")
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    response = client_as(world.store_manager).post(URL, typed(world, hire_date=tomorrow))

    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hant"
    assert field_error(response, "hire_date") == in_language("zh-hant", _("The hire date cannot be in the future."))
    assert input_value(response, "name") == "Lin Mei"
    assert input_value(response, "phone") == "13800001111"
    assert input_value(response, "hire_date") == tomorrow
    assert selected_value(response, "team") == str(world.team_b.pk)
    assert not Person.objects.filter(name="Lin Mei").exists()


def test_it_shows_djangos_own_errors_in_the_users_language_too(world, client_as):
    set_language(world.store_manager, "zh-hans")

    response = client_as(world.store_manager).post(URL, typed(world, hire_date="2024-02-31"))

    expected = in_language("zh-hans", forms.DateField.default_error_messages["invalid"])
    assert expected != "Enter a valid date."
    assert field_error(response, "hire_date") == expected
    assert input_value(response, "hire_date") == "2024-02-31"


def test_it_refuses_a_team_for_someone_who_is_not_a_technician(world, client_as):
    data = typed(world, position="customer_manager", level="", department=department(world.club1, "marketing").pk)

    response = client_as(world.store_manager).post(URL, data)

    assert response.status_code == 200
    assert field_error(response, "team") == "Only technicians belong to a supervisor's team."
    assert selected_value(response, "position") == "customer_manager"
    assert not Person.objects.filter(name="Lin Mei").exists()


def test_it_refuses_a_phone_already_used_in_the_same_club(world, client_as):
    Person.objects.filter(pk=world.technician_a2.pk).update(phone="13800001111")

    response = client_as(world.store_manager).post(URL, typed(world))

    assert response.status_code == 200
    assert shows(response, "Another person in this club already has this phone number.")
    assert input_value(response, "phone") == "13800001111"
    assert not Person.objects.filter(name="Lin Mei").exists()


def test_it_accepts_a_phone_used_in_another_club(world, client_as):
    Person.objects.filter(pk=world.technician_2.pk).update(phone="13800001111")

    response = client_as(world.store_manager).post(URL, typed(world))

    assert response.status_code == 302
    assert Person.objects.get(name="Lin Mei").phone == "13800001111"


def test_it_refuses_a_department_of_another_club_from_the_owner(world, client_as):
    data = typed(world, club=world.club1.pk, department=department(world.club2, "massage").pk)

    response = client_as(world.owner).post(URL, data)

    assert field_error(response, "department") == "The department belongs to another club."
    assert not Person.objects.filter(name="Lin Mei").exists()


def test_it_starts_a_new_person_as_a_technician(world, client_as):
    response = client_as(world.store_manager).get(URL)

    assert selected_value(response, "position") == "technician"


def test_it_offers_only_people_who_lead_as_their_superior(world, client_as):
    response = client_as(world.store_manager).get(URL)

    offered = [label for value, label, _ in select_options(response, "reports_to") if value]
    assert "supervisor_b" in offered and "store_manager" in offered
    assert not [name for name in offered if name in ("owner", "customer_manager", "technician", "store_manager_2")]


def test_it_refuses_a_superior_below_the_person(world, client_as):
    response = client_as(world.store_manager).post(URL, typed(world, position="store_manager", team=None))

    assert field_error(response, "reports_to") == "Choose someone in a position above this person's."
    assert not Person.objects.filter(name="Lin Mei").exists()
    assert input_value(response, "name") == "Lin Mei"
