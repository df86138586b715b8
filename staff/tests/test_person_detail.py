import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from staff.models import Department, Person
from tests.factories import PersonFactory, department

from .conftest import page_text, shows


def history_rows(response):
    """The History table as text, one entry per row, newest first."""
    table = response.content.decode().split('class="table-responsive history"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1], re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def test_it_shows_the_persons_record(world, client_as):
    response = client_as(world.store_manager).get(world.technician.get_absolute_url())

    text = page_text(response)
    assert "Position Technician" in text
    assert "Club Club One" in text
    assert "Team Team A (supervisor_a)" in text
    assert "Reports to supervisor_a" in text
    assert "Login technician" in text


def test_it_shows_who_moved_them_and_between_which_teams(world, client_as):
    client_as(world.dept_manager).post(f"/people/{world.technician.pk}/move/", {"team": world.team_b.pk})

    response = client_as(world.store_manager).get(world.technician.get_absolute_url())

    newest = history_rows(response)[0]
    assert "dept_manager" in newest
    assert "Team: Team A → Team B" in newest
    assert "Reports to: supervisor_a → supervisor_b" in newest


def test_it_shows_an_edit_with_the_old_and_the_new_value(world, client_as):
    person = world.technician_a2
    data = {
        "name": "Wang Li", "gender": "female", "phone": "", "hire_date": "2024-01-15", "club": world.club1.pk,
        "department": person.department_id, "position": "technician", "reports_to": "", "team": world.team_a.pk,
        "level": "senior",
    }
    client_as(world.store_manager).post(f"/people/{person.pk}/edit/", data)

    rows = history_rows(client_as(world.store_manager).get(person.get_absolute_url()))

    assert len(rows) == 2
    assert "store_manager" in rows[0]
    assert "Name: Tech A2 → Wang Li" in rows[0]
    assert "Level: — → Senior (高級)" in rows[0]
    assert "Created" in rows[1]


def test_it_shows_leaving_with_the_team_they_left(world, client_as):
    client_as(world.store_manager).post(f"/people/{world.technician.pk}/deactivate/", {"left_on": "2024-06-01"})

    newest = history_rows(client_as(world.owner).get(world.technician.get_absolute_url()))[0]

    assert "store_manager" in newest
    assert "Status: Active → Left" in newest
    assert "Team: Team A → —" in newest


def test_it_does_not_show_a_language_switch_as_a_change(world, client_as):
    client = client_as(world.technician)
    before = history_rows(client.get(world.technician.get_absolute_url()))

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert history_rows(client.get(world.technician.get_absolute_url())) == before


def test_it_does_not_show_an_empty_change_when_a_login_is_created(world, client_as):
    person = world.technician_a2
    password = "Lotus-pond-evening-27"
    client = client_as(world.store_manager)
    before = history_rows(client.get(person.get_absolute_url()))

    client.post(f"/people/{person.pk}/login/", {"username": "a2", "password1": password, "password2": password})

    assert history_rows(client.get(person.get_absolute_url())) == before


def change_many_times(person, times, by, start=0):
    """``times`` saved changes to team, department, manager and level, made by ``by`` in turn."""
    teams = list(person.club.teams.all())
    departments = list(Department.objects.filter(club=person.club))
    managers = list(Person.objects.filter(club=person.club).exclude(position="technician"))
    levels = ["junior", "intermediate", "senior"]
    for n in range(start, start + times):
        person.team = teams[n % len(teams)]
        person.department = departments[n % len(departments)]
        person.reports_to = managers[n % len(managers)]
        person.level = levels[n % len(levels)]
        person.name = f"Tech {n}"
        person._history_user = by[n % len(by)].user
        person.save()


def test_it_shows_a_long_history_in_as_many_queries_as_a_short_one(world, client_as, django_assert_max_num_queries):
    person = PersonFactory(
        name="Tech New", club=world.club1, department=department(world.club1, "massage"), team=world.team_a,
        reports_to=world.supervisor_a,
    )
    change_many_times(person, 1, by=[world.store_manager])
    client = client_as(world.store_manager)
    client.get(person.get_absolute_url())

    with CaptureQueriesContext(connection) as short:
        response = client.get(person.get_absolute_url())
    assert len(history_rows(response)) == 2

    change_many_times(person, 18, by=[world.store_manager, world.owner, world.dept_manager], start=1)
    with django_assert_max_num_queries(len(short)) as long:
        response = client.get(person.get_absolute_url())

    assert len(history_rows(response)) == 20
    assert len(long) == len(short)
    assert shows(response, "Department: Club One · Administration →")
