"""Daily statistics: one day's attendance per team and per department, counted by the database."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from attendance.models import LeaveType, RosterEntry, ShiftTemplate, Status
from staff.models import Department, Role
from tests.factories import PersonFactory, TeamFactory, department

from .figures import MONDAY, day_row, has_row, messages_of, record, shows

URL = reverse("attendance:stats_daily")


def url(**params):
    query = "&".join(f"{k}={v}" for k, v in {"date": MONDAY.isoformat(), **params}.items())
    return f"{URL}?{query}"


def test_it_counts_each_status_per_team(client_as, world):
    record(world.technician, MONDAY, Status.LATE)
    record(world.technician_a2, MONDAY, Status.PRESENT)
    record(world.technician_b, MONDAY, Status.ABSENT)

    response = client_as(world.store_manager).get(url())

    assert response.status_code == 200
    assert day_row(response, "Team A") == {
        "people": 2, "on_time": 1, "late": 1, "left_early": 0, "absent": 0, "leave": 0, "day_off": 0, "not_recorded": 0,
    }
    assert day_row(response, "Team B")["absent"] == 1


def test_it_counts_per_department_with_everyone_in_it(client_as, world):
    record(world.supervisor_a, MONDAY, Status.LEAVE, leave_type=LeaveType.SICK)
    record(world.technician, MONDAY, Status.PRESENT)
    record(world.care_manager, MONDAY, Status.DAY_OFF)

    response = client_as(world.store_manager).get(url())

    # Massage: the department manager, two supervisors and three technicians; the person who left is not counted.
    massage = day_row(response, "Massage technicians")
    assert (massage["people"], massage["leave"], massage["on_time"], massage["not_recorded"]) == (6, 1, 1, 4)
    care = day_row(response, "Health care")
    assert (care["people"], care["day_off"], care["not_recorded"]) == (2, 1, 1)


def test_someone_late_and_early_counts_in_both_columns(client_as, world):
    record(world.technician, MONDAY, Status.LATE_AND_LEFT_EARLY)

    row = day_row(client_as(world.store_manager).get(url()), "Team A")

    assert (row["late"], row["left_early"], row["on_time"]) == (1, 1, 0)


def test_people_without_a_record_count_as_not_recorded_unless_the_roster_gives_a_day_off(client_as, world):
    shift = ShiftTemplate.objects.create(
        club=world.club1, name="Stats day", start=datetime.time(10), end=datetime.time(18)
    )
    RosterEntry.objects.create(person=world.technician, date=MONDAY, shift=None)
    RosterEntry.objects.create(person=world.technician_a2, date=MONDAY, shift=shift)
    record(world.technician_b, MONDAY, Status.NOT_RECORDED)

    response = client_as(world.store_manager).get(url())

    assert (day_row(response, "Team A")["day_off"], day_row(response, "Team A")["not_recorded"]) == (1, 1)
    assert day_row(response, "Team B")["not_recorded"] == 1


def test_people_hired_later_or_gone_before_do_not_count(client_as, world):
    PersonFactory(club=world.club1, team=world.team_a, department=world.team_a.department,
                  hire_date=MONDAY + datetime.timedelta(days=1))
    world.technician_a2.status, world.technician_a2.left_on = "left", MONDAY
    world.technician_a2.save()

    row = day_row(client_as(world.store_manager).get(url()), "Team A")

    assert row["people"] == 1


def test_someone_who_left_later_still_counts_on_the_days_they_worked(client_as, world):
    record(world.technician_a2, MONDAY, Status.PRESENT)
    world.technician_a2.status, world.technician_a2.left_on = "left", MONDAY + datetime.timedelta(days=30)
    world.technician_a2.save()

    response = client_as(world.store_manager).get(url())

    assert day_row(response, "Massage technicians")["on_time"] == 1


def test_the_total_counts_everyone_the_reader_sees_in_the_club(client_as, world):
    record(world.technician, MONDAY, Status.LATE)

    total = day_row(client_as(world.store_manager).get(url()), "Total")

    # Everyone active in club 1: owner is outside the club; "left" has gone.
    assert total["people"] == 11
    assert total["late"] == 1


def test_a_supervisor_sees_their_own_team_only(client_as, world):
    response = client_as(world.supervisor_a).get(url())

    assert response.status_code == 200
    assert has_row(response, "Team A")
    assert not has_row(response, "Team B")
    assert not has_row(response, "Massage technicians")


def test_the_technical_manager_sees_the_care_and_massage_departments_not_marketing(client_as, world):
    response = client_as(world.tech_manager).get(url())

    assert has_row(response, "Massage technicians") and has_row(response, "Health care")
    assert not has_row(response, "Marketing / front office")
    assert has_row(response, "Team A") and has_row(response, "Team B")


def test_a_team_page_lists_everyones_day(client_as, world):
    record(world.technician, MONDAY, Status.LATE, late_minutes=12)

    response = client_as(world.supervisor_a).get(url(team=world.team_a.pk))

    assert shows(response, "Tech A1 Late 12′")
    assert shows(response, "Tech A2 Not recorded")
    assert day_row(response, "Total")["people"] == 2


def test_a_department_page_counts_that_department(client_as, world):
    care = department(world.club1, Department.Kind.CARE)
    record(world.tech_manager, MONDAY, Status.PRESENT)

    response = client_as(world.tech_manager).get(url(department=care.pk))

    # The technical manager and those below them; not the health-care manager, their superior (README).
    assert day_row(response, "Total")["people"] == 1
    assert day_row(response, "Total")["on_time"] == 1
    assert shows(response, "tech_manager On time")


def test_the_marketing_director_may_not_open_the_massage_department(client_as, world):
    massage = department(world.club1, Department.Kind.MASSAGE)

    assert client_as(world.marketing).get(url(department=massage.pk)).status_code == 403


def test_another_clubs_team_or_department_is_not_found(client_as, world):
    other = department(world.club2, Department.Kind.MASSAGE)

    assert client_as(world.store_manager).get(url(team=world.team_2.pk)).status_code == 404
    assert client_as(world.store_manager).get(url(department=other.pk)).status_code == 404
    assert client_as(world.store_manager).get(url(club=world.club2.pk)).status_code == 404


def test_the_owner_picks_the_club(client_as, world):
    record(world.technician_2, MONDAY, Status.ABSENT)

    response = client_as(world.owner).get(url(club=world.club2.pk))

    assert day_row(response, "Team Two")["absent"] == 1
    assert not has_row(response, "Team A")


def test_technicians_and_customer_managers_may_not_open_it(client_as, world):
    assert client_as(world.technician).get(url()).status_code == 403
    assert client_as(world.customer_manager).get(url()).status_code == 403


def test_a_bad_date_says_so_and_shows_today(client_as, world):
    response = client_as(world.store_manager).get(f"{URL}?date=2025-13-45")

    assert response.status_code == 200
    assert messages_of(response) == ["“2025-13-45” is not a date; showing today."]


def _queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_its_query_count_does_not_grow_with_teams_or_people(client_as, world):
    client = client_as(world.store_manager)
    small = _queries(client, url())
    massage = department(world.club1, Department.Kind.MASSAGE)
    for n in range(5):
        supervisor = PersonFactory(club=world.club1, department=massage, position=Role.SUPERVISOR)
        team = TeamFactory(club=world.club1, name=f"Extra {n}", supervisor=supervisor)
        for _ in range(6):
            person = PersonFactory(club=world.club1, department=massage, team=team)
            record(person, MONDAY, Status.LATE)

    big = _queries(client, url())
    team_page = _queries(client, url(team=world.team_a.pk))

    assert big == small
    assert day_row(client.get(url()), "Massage technicians")["late"] == 30
    assert big <= 15 and team_page <= 15  # measured: 12 and 13, of which 6 are session, login and navigation
