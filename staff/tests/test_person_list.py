import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from staff.models import Person
from tests.factories import ClubFactory, PersonFactory, TeamFactory, UserFactory, department

from .conftest import add_technicians, select_options, shows

URL = reverse("staff:person_list")
CLUB_ONE_ACTIVE = sorted([
    "care_manager", "customer_manager", "dept_manager", "marketing", "store_manager", "supervisor_a", "supervisor_b",
    "Tech A1", "Tech A2", "Tech B1", "tech_manager",
])


def listed(response):
    """The names in the people table (sorted here: the database's collation decides the page's order)."""
    return sorted(re.findall(r'<td><a href="/people/\d+/">([^<]+)</a>', response.content.decode()))


def test_it_lists_the_active_people_of_the_store_managers_club(world, client_as):
    response = client_as(world.store_manager).get(URL)

    assert listed(response) == CLUB_ONE_ACTIVE


def test_it_finds_people_by_part_of_their_name(world, client_as):
    response = client_as(world.store_manager).get(URL, {"q": "tech a"})

    assert listed(response) == ["Tech A1", "Tech A2"]


def test_it_finds_people_by_phone(world, client_as):
    Person.objects.filter(pk=world.technician_b.pk).update(phone="13812345678")

    response = client_as(world.store_manager).get(URL, {"q": "2345"})

    assert listed(response) == ["Tech B1"]


def test_it_filters_by_position(world, client_as):
    response = client_as(world.store_manager).get(URL, {"position": "supervisor"})

    assert listed(response) == ["supervisor_a", "supervisor_b"]
    assert [v for v, _label, selected in select_options(response, "position") if selected] == ["supervisor"]


def test_it_filters_by_team(world, client_as):
    response = client_as(world.store_manager).get(URL, {"team": world.team_b.pk})

    assert listed(response) == ["Tech B1"]


def test_it_combines_search_and_filters(world, client_as):
    response = client_as(world.store_manager).get(URL, {"q": "tech", "team": world.team_a.pk, "position": "technician"})

    assert listed(response) == ["Tech A1", "Tech A2"]


def test_it_shows_people_who_left_only_when_asked(world, client_as):
    client = client_as(world.store_manager)

    assert "Gone Person" not in listed(client.get(URL))
    assert listed(client.get(URL, {"status": "left"})) == ["Gone Person"]
    assert "Gone Person" in listed(client.get(URL, {"status": "all"}))


def test_it_says_when_nobody_matches(world, client_as):
    response = client_as(world.store_manager).get(URL, {"q": "nobody by this name"})

    assert listed(response) == []
    assert shows(response, "Nobody matches these filters.")


def test_it_shows_a_supervisor_only_their_team_and_themselves(world, client_as):
    response = client_as(world.supervisor_a).get(URL)

    assert listed(response) == sorted(["supervisor_a", "Tech A1", "Tech A2"])
    assert [label for value, label, _ in select_options(response, "team") if value] == ["Team A"]


def test_it_ignores_another_team_asked_for_by_a_supervisor(world, client_as):
    response = client_as(world.supervisor_a).get(URL, {"team": world.team_b.pk})

    assert "Tech B1" not in listed(response)


def test_it_lets_the_owner_filter_by_club(world, client_as):
    client = client_as(world.owner)

    assert listed(client.get(URL, {"club": world.club2.pk})) == ["Manager Two", "Supervisor Two", "Tech Two"]
    assert "Tech Two" in listed(client.get(URL))


def test_it_offers_the_club_filter_only_to_the_owner(world, client_as):
    assert 'name="club"' not in client_as(world.store_manager).get(URL).content.decode()
    owner_page = client_as(world.owner).get(URL)
    assert [label for value, label, _ in select_options(owner_page, "club") if value] == ["Club One", "Club Two"]


def test_it_lists_40_people_in_as_many_queries_as_5(client_as, db, django_assert_max_num_queries):
    club = ClubFactory()
    admin = department(club, "admin")
    manager = PersonFactory(user=UserFactory(), position="store_manager", club=club, department=admin)
    team = TeamFactory(club=club, supervisor=PersonFactory(club=club, position="supervisor"))
    add_technicians(team, 3)
    client = client_as(manager)
    client.get(URL)

    with CaptureQueriesContext(connection) as few:
        assert len(listed(client.get(URL))) == 5

    other_team = TeamFactory(club=club, supervisor=PersonFactory(club=club, position="supervisor"))
    add_technicians(team, 17)
    add_technicians(other_team, 17)
    with django_assert_max_num_queries(len(few)) as many:
        assert len(listed(client.get(URL))) == 40
    assert len(many) == len(few)
