"""The two reads of every signed-in request, asked without the ORM compiling them each time
(``kernel.compiled``, ``clubops.sessions.SessionStore``), give what the ORM gives."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clubops.sessions import SessionStore
from conftest import need_service
from staff.backends import USER_WITH_PERSON, PersonBackend, _user_with_person

pytestmark = pytest.mark.timeless  # sessions' deadlines are set from the run's own clock


def test_the_user_comes_with_the_person_club_team_and_supervisor_as_the_queryset_gives_them(world):
    User = get_user_model()
    for person in (world.technician, world.supervisor_a, world.owner, world.store_manager_2):
        with CaptureQueriesContext(connection) as queries:
            user = PersonBackend().get_user(person.user_id)
            seen = (user.username, user.person.name, user.person.club and user.person.club.name,
                    user.person.department and user.person.department.pk,
                    user.person.team and user.person.team.name,
                    user.person.team and user.person.team.supervisor and user.person.team.supervisor.name)
        assert len(queries) == 1, "one query: everything came with the user"
        expected = _user_with_person(person.user_id).get()
        assert user == expected and user.__dict__.keys() == expected.__dict__.keys()
        assert seen == (expected.username, expected.person.name, expected.person.club and expected.person.club.name,
                        expected.person.department and expected.person.department.pk,
                        expected.person.team and expected.person.team.name,
                        expected.person.team and expected.person.team.supervisor
                        and expected.person.team.supervisor.name)
        assert user.last_login == expected.last_login and user.date_joined == expected.date_joined
        assert user.is_active is True and isinstance(user.date_joined, datetime.datetime)
    lone = User.objects.create_user("no-person", password="x" * 12)  # a login with no person (an admin)
    with CaptureQueriesContext(connection) as queries:
        found = PersonBackend().get_user(lone.pk)
        assert found == lone and getattr(found, "person", None) is None
    assert len(queries) == 1, "that it has no person came with it too"


def test_a_user_that_is_gone_or_inactive_is_nobody(world):
    assert PersonBackend().get_user(10**9) is None
    assert PersonBackend().get_user("not a number") is None
    user = world.technician.user
    user.is_active = False
    user.save()
    assert PersonBackend().get_user(user.pk) is None
    assert USER_WITH_PERSON.get("default", user.pk) == user  # read, then refused by the backend


def test_the_session_is_read_until_it_expires_and_not_after(world):
    store = SessionStore()
    store["answer"] = 42
    store.set_expiry(60)
    store.save()
    key = store.session_key
    assert SessionStore(key).load() == {"answer": 42, "_session_expiry": 60}
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    expired = SessionStore(key)
    assert expired.load() == {}
    assert expired.session_key is None, "an expired session is not reused"
    assert SessionStore("no-such-session-key-000000000000").load() == {}


def test_signing_in_and_out_still_works_through_the_pages(client, world):
    from tests.factories import PASSWORD

    response = client.post("/accounts/login/", {"username": world.supervisor_a.user.username, "password": PASSWORD})
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 200 and world.supervisor_a.name in home.content.decode()
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


@pytest.mark.postgres
def test_on_postgresql_the_lookup_is_planned_once_per_kept_connection_and_again_on_a_new_one(world, settings):
    """PostgreSQL planned the six-table join for every request (0.45 ms, a third of a bare signed-in request);
    prepared once per connection, it is not planned again, and gives the same user."""
    if connection.vendor != "postgresql":
        need_service("PostgreSQL", f"this run's database is {connection.vendor}; set DATABASE_URL=postgres://...")
    assert connection.settings_dict["CONN_MAX_AGE"], "the suite keeps its connections, as a server does"
    expected = _user_with_person(world.technician.user_id).get()
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            user = USER_WITH_PERSON.get("default", world.technician.user_id)
        assert user == expected and user.person.team.supervisor.name == expected.person.team.supervisor.name
        assert [query["sql"] for query in queries] == [f"EXECUTE {USER_WITH_PERSON.name} ({world.technician.user_id})"]
    with connection.connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements WHERE name = %s", [USER_WITH_PERSON.name])
        assert cursor.fetchall() == [(USER_WITH_PERSON.name,)]
        cursor.execute(f"DEALLOCATE {USER_WITH_PERSON.name}")  # as if this were a new connection to the server
    connections["default"].__dict__.pop("_clubops_prepared")  # ... which it knows by a new driver connection
    assert USER_WITH_PERSON.get("default", world.store_manager_2.user_id) == _user_with_person(
        world.store_manager_2.user_id).get()


@pytest.mark.postgres
def test_a_connection_made_for_one_request_runs_the_plain_query(world):
    """Behind PgBouncer's transaction pooling (DB_CONN_MAX_AGE=0) a prepared statement would not survive; nothing
    is prepared, and the lookup still answers."""
    if connection.vendor != "postgresql":
        need_service("PostgreSQL", f"this run's database is {connection.vendor}; set DATABASE_URL=postgres://...")
    kept = connection.settings_dict["CONN_MAX_AGE"]
    connection.settings_dict["CONN_MAX_AGE"] = 0
    try:
        with CaptureQueriesContext(connection) as queries:
            user = USER_WITH_PERSON.get("default", world.technician.user_id)
    finally:
        connection.settings_dict["CONN_MAX_AGE"] = kept
    assert user == _user_with_person(world.technician.user_id).get()
    assert len(queries) == 1 and queries[0]["sql"].startswith('SELECT "auth_user"."id"')
