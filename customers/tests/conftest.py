import pytest

from tests.factories import PersonFactory
from staff.models import Role


@pytest.fixture
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.cookies["django_language"] = "en"


@pytest.fixture
def other_manager(world):
    """A second customer manager of club 1, who does not look after ``Customer One``."""
    return PersonFactory(login=True, name="Other Manager", club=world.club1,
                         department=world.customer_manager.department, position=Role.CUSTOMER_MANAGER)
