import datetime

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


def url(person):
    return reverse("staff:person_edit", args=[person.pk])


def as_typed(person, **overrides):
    """The edit form as it comes, with ``overrides`` typed over it."""
    data = {
        "name": person.name,
        "gender": person.gender,
        "phone": person.phone,
        "hire_date": person.hire_date.isoformat(),
        "club": person.club_id or "",
        "department": person.department_id or "",
        "position": person.position,
        "reports_to": person.reports_to_id or "",
        "team": person.team_id or "",
        "level": person.level,
    }
    data.update(overrides)
    return data


def test_it_shows_the_current_values(world, client_as):
    response = client_as(world.store_manager).get(url(world.technician))

    assert input_value(response, "name") == "Tech A1"
    assert selected_value(response, "team") == str(world.team_a.pk)
    assert selected_value(response, "reports_to") == str(world.supervisor_a.pk)


def test_the_date_picker_shows_the_hire_date_in_every_language(world, client_as):
    """A date picker only takes ISO dates: 2026/11/29 (the Chinese format) would show an empty field."""
    world.technician.hire_date = datetime.date(2025, 3, 7)
    world.technician.save()
    for language in ("zh-hans", "zh-hant", "en"):
        set_language(world.store_manager, language)
        response = client_as(world.store_manager).get(url(world.technician))
        assert input_value(response, "hire_date") == "2025-03-07", language


def test_it_saves_the_changes_and_says_so(world, client_as):
    data = as_typed(world.technician_a2, name="Tech A2 Wang", level="senior", phone="13900002222")

    response = client_as(world.store_manager).post(url(world.technician_a2), data, follow=True)

    assert response.redirect_chain == [(world.technician_a2.get_absolute_url(), 302)]
    assert messages_of(response) == ["Changes to Tech A2 Wang were saved."]
    person = Person.objects.get(pk=world.technician_a2.pk)
    assert (person.name, person.level, person.phone) == ("Tech A2 Wang", "senior", "13900002222")
    assert shows(response, "Senior")


def test_it_refuses_a_hire_date_in_the_future_in_the_users_language(world, client_as):
    set_language(world.store_manager, "zh-hans")
    next_week = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    data = as_typed(world.technician_a2, name="Renamed A2", hire_date=next_week)

    response = client_as(world.store_manager).post(url(world.technician_a2), data)

    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    assert field_error(response, "hire_date") == in_language("zh-hans", _("The hire date cannot be in the future."))
    assert input_value(response, "name") == "Renamed A2"
    assert input_value(response, "hire_date") == next_week
    person = Person.objects.get(pk=world.technician_a2.pk)
    assert (person.name, person.hire_date) == ("Tech A2", datetime.date(2024, 1, 15))


def test_it_refuses_to_keep_a_team_for_someone_who_stops_being_a_technician(world, client_as):
    data = as_typed(world.technician, position="customer_manager", level="")

    response = client_as(world.store_manager).post(url(world.technician), data)

    assert response.status_code == 200
    assert field_error(response, "team") == "Only technicians belong to a supervisor's team."
    assert selected_value(response, "position") == "customer_manager"
    assert Person.objects.get(pk=world.technician.pk).position == "technician"


def test_it_refuses_a_phone_another_person_of_the_club_has(world, client_as):
    Person.objects.filter(pk=world.technician_b.pk).update(phone="13800009999")

    data = as_typed(world.technician_a2, phone="13800009999")

    response = client_as(world.store_manager).post(url(world.technician_a2), data)

    assert response.status_code == 200
    assert shows(response, "Another person in this club already has this phone number.")
    assert input_value(response, "phone") == "13800009999"
    assert Person.objects.get(pk=world.technician_a2.pk).phone == ""


def test_it_keeps_a_persons_own_phone_when_other_fields_change(world, client_as):
    Person.objects.filter(pk=world.technician_a2.pk).update(phone="13800009999")
    person = Person.objects.get(pk=world.technician_a2.pk)

    response = client_as(world.store_manager).post(url(person), as_typed(person, level="junior"))

    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).level == "junior"


def test_it_does_not_let_a_store_manager_move_someone_to_another_club(world, client_as):
    data = as_typed(world.technician_a2, club=world.club2.pk, department=department(world.club2, "massage").pk, team="")

    response = client_as(world.store_manager).get(url(world.technician_a2))
    assert [label for value, label, _ in select_options(response, "club") if value] == ["Club One"]

    response = client_as(world.store_manager).post(url(world.technician_a2), data)

    assert response.status_code == 200
    assert field_error(response, "club").startswith("Select a valid choice.")
    assert Person.objects.get(pk=world.technician_a2.pk).club == world.club1


def test_it_lets_the_owner_move_someone_to_another_club(world, client_as):
    massage2 = department(world.club2, Department.Kind.MASSAGE)
    data = as_typed(world.technician_a2, club=world.club2.pk, department=massage2.pk, team=world.team_2.pk)

    response = client_as(world.owner).post(url(world.technician_a2), data)

    assert response.status_code == 302
    person = Person.objects.get(pk=world.technician_a2.pk)
    assert (person.club, person.department, person.team) == (world.club2, massage2, world.team_2)


def test_it_refuses_a_team_of_another_club(world, client_as):
    data = as_typed(world.technician_a2, team=world.team_2.pk)

    response = client_as(world.owner).post(url(world.technician_a2), data)

    assert field_error(response, "team") == "The team belongs to another club."
    assert Person.objects.get(pk=world.technician_a2.pk).team == world.team_a


def test_it_does_not_offer_a_person_as_their_own_manager(world, client_as):
    response = client_as(world.store_manager).get(url(world.supervisor_a))

    offered = [label for value, label, _ in select_options(response, "reports_to") if value]
    assert "supervisor_b" in offered
    assert "supervisor_a" not in offered
