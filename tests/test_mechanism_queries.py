"""Query counts of the mechanisms under every save and every page (issue 18).

The month lock (``staff.locks``), the report's feeds (``reports.feeds``), the person middleware and
the menu run on every save or every request; their cost must not grow with the rows saved, and a
signed-in page must cost a fixed handful of queries.
"""

import collections
import datetime
import os
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from attendance.models import GroomingItem, MonthLock, RosterEntry, ShiftTemplate
from reports.models import StaleMonth
from staff import locks, registry
from staff.models import Department
from tests.factories import PersonFactory

pytestmark = pytest.mark.clock("2026-11-20T20:00:00+08:00")

TEAM_URL = reverse("attendance:team_day")
WITH_PERSON_BACKEND = ["axes.backends.AxesStandaloneBackend", "staff.backends.PersonBackend"]


def _sql(queries):
    """The queries sent, without the test transaction's savepoints."""
    return [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]


def _show(label, queries):
    if os.environ.get("SHOW_QUERIES"):
        kinds = collections.Counter(re.sub(r"\d+", "N", sql.split(" WHERE ")[0][:90]) for sql in _sql(queries))
        print(f"\n== {label}: {len(_sql(queries))} queries")
        for sql, n in kinds.most_common():
            print(f"{n:4d}  {sql}")


def _mechanism(queries):
    """The month lock's look-ups, the month marks written and the rows re-read to find their months."""
    sqls = _sql(queries)
    return {
        "lock": sum('FROM "attendance_monthlock"' in s for s in sqls),
        "marks": sum(s.startswith("INSERT") and "reports_stalemonth" in s for s in sqls),
        "reread": sum(s.startswith('SELECT "attendance_attendance"."club_id" AS') or
                      s.startswith('SELECT "staff_person"."club_id" AS "person__club_id"') for s in sqls),
    }


def _team_form(team, day):
    shift = ShiftTemplate.objects.create(club=team.club, name=f"早班{team.pk}", start=datetime.time(10),
                                         end=datetime.time(18))
    GroomingItem.ensure_defaults(team.club)
    items = list(GroomingItem.objects.filter(club=team.club, is_active=True))
    data = {}
    for member in team.members.order_by("pk"):
        RosterEntry.objects.create(person=member, date=day, shift=shift)
        data[f"p{member.pk}-presence"] = "worked"
        data[f"p{member.pk}-arrived"] = "10:00"
        data[f"p{member.pk}-left"] = "18:00"
        for item in items:
            if item.applies_to_person(member):
                data[f"p{member.pk}-item_{item.pk}"] = "on"
    return data


def _team_saves(client_as, world, size):
    """(first save, a changed save): the queries of each."""
    department = Department.objects.get(club=world.club1, kind=Department.Kind.MASSAGE)
    PersonFactory.create_batch(size - world.team_a.members.count(), club=world.club1, department=department,
                               team=world.team_a)
    day = timezone.localdate(timezone=world.club1.zone)
    data = _team_form(world.team_a, day)
    client = client_as(world.supervisor_a)
    url = TEAM_URL + f"?team={world.team_a.pk}"
    client.get(url)  # the club's defaults, made on the first visit
    StaleMonth.objects.all().delete()
    with CaptureQueriesContext(connection) as first:
        assert client.post(url, data).status_code == 302
    _show(f"first save of {size}", first)
    StaleMonth.objects.all().delete()
    changed = {k: ("10:05" if k.endswith("-arrived") else v) for k, v in data.items()}
    with CaptureQueriesContext(connection) as again:
        assert client.post(url, changed).status_code == 302
    _show(f"changed save of {size}", again)
    return first, again


# Measured on SQLite when this test was written (issue 18): the whole request, without savepoints.
# Before: 10 rows 198 / 129 queries, 30 rows 558 / 349 (the lock asked 22 / 62 times, 20 / 60 marks
# written, every changed row read twice more). The rest grows with the rows in attendance's own save
# (a SELECT … FOR UPDATE, the club and shift read back, history) and is attendance's to cut.
TEAM_SAVE_AT_MOST = {10: (105, 66), 30: (305, 186)}


@pytest.mark.parametrize("size", [10, 30])
def test_a_team_save_asks_the_lock_once_and_marks_its_month_once(client_as, world, size):
    first, again = _team_saves(client_as, world, size)
    assert _mechanism(first) == {"lock": 1, "marks": 1, "reread": 0}
    assert _mechanism(again) == {"lock": 1, "marks": 1, "reread": 0}
    assert len(_sql(first)) <= TEAM_SAVE_AT_MOST[size][0]
    assert len(_sql(again)) <= TEAM_SAVE_AT_MOST[size][1]


def test_the_lock_is_read_once_per_month_and_forgotten_when_a_lock_is_added(world):
    day = datetime.date(2026, 10, 14)
    with locks.remembered():
        with CaptureQueriesContext(connection) as queries:
            for _n in range(5):
                assert not locks.is_locked(world.club1.pk, day)
            assert not locks.is_locked(world.club1.pk, day.replace(day=30))
        assert len(queries) == 1
        MonthLock.objects.create(club=world.club1, month=day.replace(day=1), locked_by=world.store_manager)
        assert locks.is_locked(world.club1.pk, day)
    assert locks.is_locked(world.club1.pk, day)


@pytest.fixture
def bare_page(settings):
    settings.ROOT_URLCONF = "tests.bare_urls"
    return "/bench/bare/"


def test_the_bare_signed_in_page_reads_the_user_and_person_once(client_as, world, bare_page):
    client = client_as(world.supervisor_a)
    client.get(bare_page)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(bare_page).status_code == 200
    # as shipped (``staff.backends.PersonBackend``): the session, and the user with their person, club and team
    # in one query; the session's new deadline is written at most once a minute (``clubops.sessions``)
    assert len(_sql(queries)) == 2, _sql(queries)


def test_with_the_person_backend_the_user_and_person_are_one_query(client_as, world, bare_page, settings):
    settings.AUTHENTICATION_BACKENDS = WITH_PERSON_BACKEND
    client = client_as(world.supervisor_a)
    client.get(bare_page)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(bare_page).status_code == 200
    assert len(_sql(queries)) == 2, _sql(queries)  # the session, the user with their person
    response = client.get(reverse("staff:notices"))
    assert response.status_code == 200
    assert response.wsgi_request.person == world.supervisor_a
    assert response.wsgi_request.person.club == world.club1


def test_a_person_who_left_is_signed_out_with_the_person_backend(client_as, world, bare_page, settings):
    settings.AUTHENTICATION_BACKENDS = WITH_PERSON_BACKEND
    client = client_as(world.technician)
    assert client.get(bare_page).status_code == 200
    world.technician.status = world.technician.Status.LEFT
    world.technician.save()
    assert client.get(bare_page).status_code == 302


def test_the_menu_is_built_once_per_page_and_not_for_a_page_without_it(client_as, world, monkeypatch, bare_page):
    calls = []
    real = registry.navigation
    monkeypatch.setattr(registry, "navigation", lambda person: calls.append(person) or real(person))
    client = client_as(world.supervisor_a)
    assert client.get(reverse("staff:notices")).status_code == 200
    assert len(calls) == 1
    calls.clear()
    assert client.get(bare_page).status_code == 200
    assert calls == []


def _club_with_people(count):
    from duties.catalogue import catalogue_install_defaults
    from staff.models import Role
    from tests.factories import ClubFactory, UserFactory, department

    club = ClubFactory()
    catalogue_install_defaults(club=club)
    massage = department(club, Department.Kind.MASSAGE)
    for _n in range(count):
        PersonFactory(club=club, department=massage, position=Role.TECHNICIAN, user=UserFactory())
    return club


def test_the_days_checklists_take_a_fixed_number_of_queries_and_a_rerun_writes_nothing(world):
    from duties.jobs import create_due_checklists
    from duties.models import Checklist

    def run():
        with CaptureQueriesContext(connection) as queries:
            created = create_due_checklists()
        return sum(created.values()), _sql(queries)

    _club_with_people(3)
    first, _sqls = run()
    assert first > 0
    again, rerun = run()
    assert again == 0
    assert not [s for s in rerun if not s.startswith("SELECT")], "a rerun only reads"
    few = len(rerun)
    _club_with_people(5)
    _club_with_people(5)
    lists = Checklist.objects.count()
    created, sqls = run()
    assert Checklist.objects.count() - lists == created > 0
    assert len(sqls) <= 24, sqls  # the same writes for 1 club or 50: a bulk insert of checklists, one of items
    _again, rerun = run()
    assert len(rerun) == few <= 6, rerun
