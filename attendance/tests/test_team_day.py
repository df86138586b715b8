"""The supervisor's team screen: the whole team in one submit."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from attendance.models import Attendance, GroomingCheck, GroomingItem, MonthLock, RosterEntry, ShiftTemplate, Status
from conftest import need_service
from staff.models import Department
from tests.factories import PersonFactory, TeamFactory

URL = reverse("attendance:team_day")

# The rows record arrivals up to 10:40 today, and an arrival later than now is refused.
pytestmark = pytest.mark.clock("2026-11-20T20:00:00+08:00")


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def today(world):
    return timezone.localdate(timezone=world.club1.zone)


@pytest.fixture
def day_shift(world, today):
    shift = ShiftTemplate.objects.create(club=world.club1, name="早班", start=datetime.time(10), end=datetime.time(18))
    for person in world.team_a.members.all():
        RosterEntry.objects.create(person=person, date=today, shift=shift)
    return shift


def items(club):
    GroomingItem.ensure_defaults(club)
    return list(GroomingItem.objects.filter(club=club))


def row(person, club, presence="worked", failed=(), **fields):
    """The POST data of one row as the page sends it: every grooming item ticked unless failed."""
    data = {f"p{person.pk}-presence": presence}
    for item in items(club):
        if item.applies_to_person(person) and item.key not in failed:
            data[f"p{person.pk}-item_{item.pk}"] = "on"
    data.update({f"p{person.pk}-{name}": value for name, value in fields.items()})
    return data


def team_post(world, *rows, date=None):
    data = {}
    for r in rows:
        data.update(r)
    url = URL + f"?team={world.team_a.pk}" + (f"&date={date}" if date else "")
    return url, data


def test_it_lists_the_supervisors_own_team_only(client_as, world):
    response = client_as(world.supervisor_a).get(URL)
    content = response.content.decode()
    assert "Tech A1" in content and "Tech A2" in content
    assert "Tech B1" not in content


def test_it_saves_the_whole_team_in_one_submit_and_shows_it_again(client_as, world, today, day_shift):
    client = client_as(world.supervisor_a)
    url, data = team_post(
        world,
        row(world.technician, world.club1, arrived="10:25", note="traffic"),
        row(world.technician_a2, world.club1),
    )
    response = client.post(url, data)
    assert response.status_code == 302
    late = Attendance.objects.get(person=world.technician, date=today)
    assert (late.status, late.late_minutes, late.note, late.recorded_by) == (Status.LATE, 25, "traffic", world.supervisor_a)
    on_time = Attendance.objects.get(person=world.technician_a2, date=today)
    assert on_time.status == Status.PRESENT
    page = client.get(response["Location"]).content.decode()
    assert 'value="10:25"' in page and 'value="traffic"' in page


def test_saving_again_updates_and_never_duplicates(client_as, world, today, day_shift):
    client = client_as(world.supervisor_a)
    url, data = team_post(world, row(world.technician, world.club1), row(world.technician_a2, world.club1))
    client.post(url, data)
    client.post(url, data)
    assert Attendance.objects.filter(date=today).count() == 2
    assert Attendance.history.filter(person=world.technician).count() == 1, "an identical save writes no history"
    assert GroomingCheck.objects.filter(person=world.technician, date=today).count() == 1
    url, data = team_post(world, row(world.technician, world.club1, arrived="10:30"), row(world.technician_a2, world.club1))
    client.post(url, data)
    assert Attendance.objects.get(person=world.technician, date=today).late_minutes == 30
    assert Attendance.history.filter(person=world.technician).count() == 2


def test_a_bad_row_keeps_every_rows_input_and_saves_nothing(client_as, world, today, day_shift):
    client = client_as(world.supervisor_a)
    url, data = team_post(
        world,
        row(world.technician, world.club1, failed=["nails"]),  # a failed item without a note
        row(world.technician_a2, world.club1, arrived="10:40", note="bus was late"),
    )
    response = client.post(url, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Say what was wrong with the failed grooming items." in content
    assert 'value="10:40"' in content and 'value="bus was late"' in content
    assert not Attendance.objects.filter(date=today).exists()


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"presence": "absent", "arrived": "10:00"}, "No arrival or leaving time for someone who did not work."),
        ({"presence": "day_off", "left": "18:00"}, "No arrival or leaving time for someone who did not work."),
        ({"presence": "leave"}, "Leave is chosen: choose which kind of leave, e.g. sick leave."),
        ({"arrived": "15:00", "left": "11:00"}, "Leaving must come after arriving."),
        ({"override_status": "present"}, "Give a reason for setting the status by hand."),
    ],
)
def test_it_explains_a_wrong_row(client_as, world, day_shift, fields, message):
    presence = fields.pop("presence", "worked")
    url, data = team_post(world, row(world.technician, world.club1, presence=presence, **fields),
                          row(world.technician_a2, world.club1))
    response = client_as(world.supervisor_a).post(url, data)
    assert message in response.content.decode()
    assert not Attendance.objects.exists()


def test_an_override_with_a_reason_keeps_the_status_and_the_minutes(client_as, world, today, day_shift):
    url, data = team_post(
        world,
        row(world.technician, world.club1, arrived="10:20", override_status="present", override_reason="sent on an errand"),
        row(world.technician_a2, world.club1),
    )
    client_as(world.supervisor_a).post(url, data)
    record = Attendance.objects.get(person=world.technician, date=today)
    assert (record.status, record.overridden, record.late_minutes) == (Status.PRESENT, True, 20)


def test_a_recheck_clears_a_failed_item_and_keeps_both_results(client_as, world, today, day_shift):
    client = client_as(world.supervisor_a)
    url, data = team_post(world, row(world.technician, world.club1, failed=["badge"], grooming_note="forgot badge"),
                          row(world.technician_a2, world.club1))
    client.post(url, data)
    url, data = team_post(world, row(world.technician, world.club1), row(world.technician_a2, world.club1))
    client.post(url, data)
    rounds = list(GroomingCheck.objects.filter(person=world.technician, date=today).order_by("round"))
    assert [(c.round, c.passed) for c in rounds] == [(1, False), (2, True)]
    assert rounds[0].failures.get().note == "forgot badge"


def test_it_refuses_a_day_that_has_not_come(client_as, world, today):
    tomorrow = today + datetime.timedelta(days=1)
    url, data = team_post(world, row(world.technician, world.club1), row(world.technician_a2, world.club1), date=tomorrow)
    response = client_as(world.supervisor_a).post(url, data)
    assert "This day has not come yet" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_locked_month_is_for_the_store_manager_with_a_reason(client_as, client, world, today, day_shift):
    MonthLock.objects.create(club=world.club1, month=today.replace(day=1), locked_by=world.store_manager)
    url, data = team_post(world, row(world.technician, world.club1), row(world.technician_a2, world.club1))
    assert client_as(world.supervisor_a).post(url, data).status_code == 403
    client.logout()
    manager = client_as(world.store_manager)
    assert "give a reason" in manager.post(url, data).content.decode()
    assert not Attendance.objects.exists()
    manager.post(url, {**data, "lock_reason": "corrected after payroll check"})
    record = Attendance.objects.get(person=world.technician, date=today)
    assert record.history.first().history_change_reason == "corrected after payroll check"


def _team_of(size, world):
    team = TeamFactory(club=world.club1)
    department = Department.objects.get(club=world.club1, kind=Department.Kind.MASSAGE)
    PersonFactory.create_batch(size, club=world.club1, department=department, team=team)
    return team


def test_the_query_count_does_not_grow_with_the_team(client_as, world):
    client = client_as(world.store_manager)
    counts = []
    for size in (2, 10, 30):
        team = _team_of(size, world)
        client.get(URL + f"?team={team.pk}")  # first visit creates the club's defaults
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL + f"?team={team.pk}").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2], counts


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_supervisors_saving_at_once_make_one_record_per_person(world, today, day_shift):
    if connection.vendor != "postgresql":
        need_service("PostgreSQL", f"this run's database is {connection.vendor}")
    from django.test import Client

    url, data = team_post(world, row(world.technician, world.club1), row(world.technician_a2, world.club1))
    statuses, barrier = [], threading.Barrier(2)

    def save(person):
        client = Client()
        client.force_login(person.user)
        barrier.wait()
        statuses.append(client.post(url, data).status_code)
        connections.close_all()

    threads = [threading.Thread(target=save, args=(p,)) for p in (world.supervisor_a, world.store_manager)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [302, 302]
    assert Attendance.objects.filter(date=today).count() == 2


def test_a_department_head_records_their_direct_reports(client_as, world, today):
    client = client_as(world.marketing)
    page = client.get(URL).content.decode()
    assert world.customer_manager.name in page and "Tech A1" not in page
    data = row(world.customer_manager, world.club1, presence="leave", leave_type="sick")
    response = client.post(URL + "?reports=1", data)
    assert response.status_code == 302
    record = Attendance.objects.get(person=world.customer_manager, date=today)
    assert (record.status, record.leave_type) == (Status.LEAVE, "sick")


def test_a_technician_has_no_team_screen(client_as, world):
    assert client_as(world.technician).get(URL).status_code == 403


@pytest.mark.parametrize("who", ["supervisor_a", "store_manager"])
def test_the_clubs_own_grace_minutes_decide_whoever_opens_the_team(client_as, world, today, day_shift, who):
    """The rules come with the team for the supervisor's own team (groups.open_teams) and are read for a team
    asked by id (the store manager's ?team=): the same rules either way, and none saved means the defaults."""
    from attendance.models import AttendancePolicy

    client = client_as(getattr(world, who))
    url, data = team_post(world, row(world.technician, world.club1, arrived="10:12"), row(world.technician_a2, world.club1))
    if who == "supervisor_a":
        url = URL  # the supervisor's own team: no ?team=
    assert client.post(url, data).status_code == 302
    assert Attendance.objects.get(person=world.technician, date=today).late_minutes == 12, "5 minutes' grace"
    AttendancePolicy.objects.create(club=world.club1, arrival_grace_minutes=15)
    Attendance.objects.all().delete()  # recorded anew, not a change of the first
    _, data = team_post(world, row(world.technician, world.club1, arrived="10:13"), row(world.technician_a2, world.club1))
    assert client.post(url, data).status_code == 302
    saved = Attendance.objects.get(person=world.technician, date=today)
    assert (saved.status, saved.late_minutes) == (Status.PRESENT, 0), "15 minutes' grace"
