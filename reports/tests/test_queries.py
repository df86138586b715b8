"""The chain's report reads a fixed number of queries, however many clubs and people there are."""

import datetime
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from attendance.models import Attendance, GroomingCheck, Status
from staff.models import Department
from tests.factories import ClubFactory, PersonFactory, TeamFactory, department

from .month import READ_IN_NOVEMBER, build_month


pytestmark = READ_IN_NOVEMBER


@pytest.fixture(autouse=True)
def computed_while_waiting(monkeypatch):
    """These tests count what the page reads when it computes missing months at once: with six clubs the
    missing months would otherwise be prepared by a job instead (``test_preparing.py``)."""
    from reports import report

    monkeypatch.setattr(report, "LIVE_AT_ONCE", 10**9)


def more_clubs(count, people):
    """``count`` clubs with a team of ``people`` technicians, each with a late arrival and a grooming check in October."""
    for n in range(count):
        club = ClubFactory()
        team = TeamFactory(club=club)
        massage = department(club, Department.Kind.MASSAGE)
        for _ in range(people):
            person = PersonFactory(club=club, department=massage, team=team, hire_date=datetime.date(2024, 1, 15))
            Attendance.objects.create(person=person, club=club, date=datetime.date(2026, 10, 5), status=Status.LATE,
                                      late_minutes=n + 1)
            GroomingCheck.objects.create(person=person, date=datetime.date(2026, 10, 5), passed=True)


def count_queries(client, url):
    client.get(url)  # the first reading builds the snapshots it needs
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200
    return len(queries), elapsed


@pytest.mark.parametrize("month", ["2026-10", "2026-11"], ids=["finished month", "running month"])
def test_the_chain_report_does_not_grow_with_clubs_or_people(client, world, month):
    build_month(world)
    client.force_login(world.owner.user)
    url = f"/reports/monthly/{month}/"
    few, few_time = count_queries(client, url)
    more_clubs(4, 6)
    many, many_time = count_queries(client, url)
    assert len(client.get(url, {"format": "json"}).json()["clubs"]) == 6
    assert many == few, f"{few} queries with 2 clubs, {many} with 6"
    print(f"{month}: {few} queries; {few_time * 1000:.0f} ms with 2 clubs, {many_time * 1000:.0f} ms with 6")


def test_a_club_section_reads_a_fixed_number_of_queries(client, world):
    build_month(world)
    client.force_login(world.owner.user)
    url = f"/reports/monthly/2026-10/clubs/{world.club1.pk}/"
    few, _elapsed = count_queries(client, url)
    extra = [PersonFactory(club=world.club1, department=world.technician.department, team=world.team_a)
             for _ in range(8)]
    for person in extra:
        Attendance.objects.create(person=person, club=world.club1, date=datetime.date(2026, 10, 6),
                                  status=Status.ABSENT)
    many, _elapsed = count_queries(client, url)
    assert many == few


def test_building_a_month_for_more_clubs_reads_the_records_once(world):
    """The monthly job builds every club's snapshot of a month with one read of the records:
    only the writes (one snapshot row per club) grow with the clubs."""
    from reports.snapshots import build_many
    from staff.models import Club

    build_month(world)

    def queries_to_build(clubs):
        with CaptureQueriesContext(connection) as queries:
            built = build_many(clubs, datetime.date(2026, 10, 1), reason="test")
        assert set(built) == {c.pk for c in clubs}
        return len(queries)

    two = queries_to_build(list(Club.objects.filter(pk__in=[world.club1.pk, world.club2.pk])))
    more_clubs(4, 3)
    six = queries_to_build(list(Club.objects.all()))
    # per club only its row is written: get_or_create's look-up and insert inside savepoints
    # (about 6 queries), against the ~25 that reading one club's records takes
    per_club_writes = 6
    assert six - two <= 4 * per_club_writes, f"{two} queries for 2 clubs, {six} for 6"
