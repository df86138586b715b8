import re

import pytest
from django.contrib.auth import get_user_model

from .conftest import add_technicians, page_text, shows

# persona -> what their Today page says about who they are
WHO = {
    "owner": "Hello, owner Owner",
    "store_manager": "Hello, store_manager Store manager · Club One · Administration",
    "marketing": "Hello, marketing Marketing director · Club One · Marketing / front office",
    "care_manager": "Hello, care_manager Health-care manager · Club One · Health care",
    "tech_manager": "Hello, tech_manager Technical manager · Club One · Health care",
    "dept_manager": "Hello, dept_manager Technician department manager · Club One · Massage technicians",
    "customer_manager": "Hello, customer_manager Customer manager · Club One · Marketing / front office",
    "supervisor_a": "Hello, supervisor_a Supervisor · Club One · Massage technicians",
    "technician": "Hello, Tech A1 Technician · Club One · Massage technicians · team Team A (supervisor: supervisor_a)",
    "store_manager_2": "Hello, Manager Two Store manager · Club Two · Administration",
}


def my_team(response):
    block = response.content.decode().split('data-testid="my-team"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="/people/\d+/">([^<]+)</a>', block)


@pytest.mark.parametrize("persona", sorted(WHO))
def test_it_tells_each_person_who_they_are(world, client_as, persona):
    response = client_as(getattr(world, persona)).get("/")

    assert response.status_code == 200
    assert shows(response, WHO[persona])
    assert shows(response, "My record")


def test_it_shows_a_supervisor_their_own_teams_technicians(world, client_as):
    response = client_as(world.supervisor_a).get("/")

    assert shows(response, "My team Team A: 2 technicians")
    assert my_team(response) == ["Tech A1", "Tech A2"]
    assert "Tech B1" not in page_text(response)


def test_it_leaves_people_who_left_out_of_a_supervisors_team(world, client_as):
    left = add_technicians(world.team_a, 1, name="Tech A3 gone", status="left", left_on="2024-06-01")[0]

    response = client_as(world.supervisor_a).get("/")

    assert left.name not in my_team(response)
    assert shows(response, "My team Team A: 2 technicians")


def test_it_tells_a_supervisor_without_a_team_to_ask_for_one(world, client_as):
    world.team_b.supervisor = None
    world.team_b.save()

    response = client_as(world.supervisor_b).get("/")

    assert shows(response, "You do not lead a team yet; ask your department manager.")


def test_it_shows_the_owner_every_club(world, client_as):
    response = client_as(world.owner).get("/")

    text = page_text(response)
    assert "Club One 11 people" in text
    assert "Club Two 3 people" in text
    assert "Club One · Team A supervisor_a · 2 technicians" in text
    assert "Club Two · Team Two Supervisor Two · 1 technician" in text


def test_it_shows_a_store_manager_only_their_club(world, client_as):
    text = page_text(client_as(world.store_manager).get("/"))

    assert "Club One 11 people" in text
    assert "Club One · Team B supervisor_b · 1 technician" in text
    assert "Club Two" not in text


def test_it_shows_a_massage_head_the_teams_of_their_club(world, client_as):
    text = page_text(client_as(world.dept_manager).get("/"))

    assert "Club One · Team A" in text
    assert "Club One · Team B" in text


def test_it_shows_a_technician_only_their_own_page(world, client_as):
    response = client_as(world.technician).get("/")

    assert shows(response, "Your own records are on your page.")
    assert "Tech A2" not in page_text(response)


def test_it_welcomes_a_login_that_is_nobody_of_the_chain(db, client):
    client.force_login(get_user_model().objects.create_user("admin-only", password="x-long-password-1"))

    response = client.get("/")

    assert response.status_code == 200
    assert shows(response, "This login is not linked to a person of the chain")
