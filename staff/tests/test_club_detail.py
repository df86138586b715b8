import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from staff.models import Person, Team
from tests.factories import PersonFactory, TeamFactory, department

from .conftest import add_technicians, page_text


def chart(response):
    """The org chart's text, one card per department, keyed by the department's name."""
    section = response.content.decode().split('data-testid="org-chart"', 1)[1].split("</section>", 1)[0]
    cards = re.findall(r'<div class="card-header"><strong>(.*?)</strong></div>(.*?)</div>\s*</div>', section, re.S)
    return {name: " ".join(re.sub(r"<[^>]+>", " ", body).split()) for name, body in cards}


def test_it_shows_each_department_with_its_heads(world, client_as):
    response = client_as(world.store_manager).get(world.club1.get_absolute_url())

    departments = chart(response)
    assert sorted(departments) == ["Administration", "Health care", "Marketing / front office", "Massage technicians"]
    assert departments["Health care"].startswith(
        "Head: care_manager (Health-care manager), tech_manager (Technical manager)"
    )
    assert departments["Marketing / front office"].startswith("Head: marketing (Marketing director)")
    assert departments["Massage technicians"].startswith("Head: dept_manager (Technician department manager)")
    assert departments["Administration"].startswith("Head: none")
    assert "Store manager store_manager" in page_text(response)


def test_it_shows_each_supervisors_team_with_its_active_technicians(world, client_as):
    response = client_as(world.store_manager).get(world.club1.get_absolute_url())

    massage = chart(response)["Massage technicians"]
    assert "Team A — supervisor: supervisor_a · 2 technicians" in massage
    assert "Team B — supervisor: supervisor_b · 1 technician" in massage
    assert "needs another supervisor" not in massage


def test_it_counts_the_positions_in_each_department(world, client_as):
    response = client_as(world.store_manager).get(world.club1.get_absolute_url())

    massage = chart(response)["Massage technicians"]
    assert "Technician department manager: 1" in massage
    assert "Supervisor: 2" in massage
    assert "Technician: 3" in massage  # Gone Person left


def test_it_shows_the_active_headcount(world, client_as):
    text = page_text(client_as(world.store_manager).get(world.club1.get_absolute_url()))

    assert "11 people" in text


def test_it_flags_a_team_past_twelve_technicians(world, client_as):
    add_technicians(world.team_b, 12)

    massage = chart(client_as(world.store_manager).get(world.club1.get_absolute_url()))["Massage technicians"]

    assert "Team B — supervisor: supervisor_b · 13 technicians needs another supervisor" in massage
    assert "Team A — supervisor: supervisor_a · 2 technicians Team B" in massage


def test_it_shows_a_team_without_a_supervisor_and_technicians_without_a_team(world, client_as):
    Team.objects.filter(pk=world.team_b.pk).update(supervisor=None)
    Person.objects.filter(pk=world.technician_a2.pk).update(team=None)

    response = client_as(world.store_manager).get(world.club1.get_absolute_url())

    assert "Team B — supervisor: none · 1 technician" in chart(response)["Massage technicians"]
    assert "1 technician has no team." in page_text(response)


def test_it_shows_as_many_queries_for_a_big_club_as_for_a_small_one(world, client_as, django_assert_max_num_queries):
    client = client_as(world.store_manager)
    url = world.club1.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)

    massage = department(world.club1, "massage")
    for letter in "CDE":
        supervisor = PersonFactory(
            name=f"supervisor_{letter}", club=world.club1, department=massage, position="supervisor"
        )
        add_technicians(TeamFactory(club=world.club1, name=f"Team {letter}", supervisor=supervisor), 11)
    add_technicians(world.team_a, 10)
    PersonFactory(club=world.club1, department=department(world.club1, "care"), position="care_manager")
    with django_assert_max_num_queries(len(small)) as big:
        response = client.get(url)

    assert "Team E — supervisor: supervisor_E · 11 technicians" in chart(response)["Massage technicians"]
    assert len(big) == len(small)
