"""A record list reached from a person's scorecard lists that person's records and nobody else's."""

import pytest

from reports import records

from .month import READ_IN_NOVEMBER, build_month

pytestmark = READ_IN_NOVEMBER


@pytest.fixture
def october(world):
    build_month(world)
    return world


def _others(world, person):
    """Names of the club's other technicians, each of whom has records in October."""
    from staff.models import Person

    return list(Person.objects.filter(club=world.club1, position="technician").exclude(pk=person.pk)
                .values_list("name", flat=True))


@pytest.mark.parametrize("reader, whose", [("technician", "technician"), ("supervisor_a", "technician_a2")])
@pytest.mark.parametrize("figure", sorted(records.PERSONAL))
def test_it_lists_only_the_persons_records(client, october, reader, whose, figure):
    person = getattr(october, whose)
    client.force_login(getattr(october, reader).user)
    response = client.get(f"/reports/people/{person.pk}/2026-10/{figure}/")
    assert response.status_code == 200
    page = response.content.decode()
    others = _others(october, person)
    assert len(others) >= 3
    assert [name for name in others if name in page] == []


@pytest.mark.parametrize("reader, whose", [("technician", "technician"), ("supervisor_a", "technician_a2")])
def test_the_headcount_lists_only_the_person(client, october, reader, whose):
    person = getattr(october, whose)
    client.force_login(getattr(october, reader).user)
    response = client.get(f"/reports/people/{person.pk}/2026-10/headcount_end/")
    assert response.status_code == 200
    assert response.context["count"] == 1
    assert person.name in response.content.decode()


def test_the_clubs_stock_is_not_a_persons_list(client, october):
    client.force_login(october.technician.user)
    response = client.get(f"/reports/people/{october.technician.pk}/2026-10/low_stock/")
    assert response.status_code == 404
    assert "Towel" not in response.content.decode()


def test_the_store_manager_still_sees_the_clubs_headcount(client, october):
    client.force_login(october.store_manager.user)
    response = client.get(f"/reports/monthly/2026-10/clubs/{october.club1.pk}/records/headcount_end/")
    assert response.status_code == 200 and response.context["count"] > 3
