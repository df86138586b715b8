"""Sign-in sessions: a person who leaves is out at once, an idle session ends, passwords follow the rules."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD

LOGIN = "/accounts/login/"
ROOT = Path(__file__).resolve().parent.parent


def signed_in_client(person):
    """A browser that signed in through the sign-in page, as a person does."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(LOGIN, {"username": person.user.username, "password": PASSWORD})
    assert response.status_code == 302, "the sign-in worked"
    return client


def is_sent_to_sign_in(response):
    return response.status_code == 302 and response.url.startswith(LOGIN)


# --- A person who leaves ------------------------------------------------------------------------


def test_a_person_marked_as_left_is_signed_out_at_their_next_request(world):
    technician = signed_in_client(world.technician_a2_with_login)
    assert technician.get(reverse("duties:my_checklists")).status_code == 200

    manager = signed_in_client(world.store_manager)
    person = world.technician_a2_with_login
    response = manager.post(reverse("staff:person_deactivate", args=[person.pk]), {"left_on": "2026-11-20"})
    assert response.status_code == 302

    # The same open session, the very next request: sent to sign in, for every kind of page.
    assert is_sent_to_sign_in(technician.get(reverse("duties:my_checklists")))
    assert is_sent_to_sign_in(technician.get("/"))
    response = technician.post(reverse("attendance:check_in"), {"action": "in"})
    assert is_sent_to_sign_in(response)
    # and signing in again is refused
    again = Client(HTTP_ACCEPT_LANGUAGE="en").post(LOGIN, {"username": person.user.username, "password": PASSWORD})
    assert again.status_code == 200 and "_auth_user_id" not in again.client.session


def test_a_left_person_whose_login_was_somehow_kept_active_still_gets_nothing(world, client):
    """Belt and braces: a person marked as left but whose login is active (e.g. edited in the admin)."""
    from staff.models import Person

    person = world.technician_a2_with_login
    Person.objects.filter(pk=person.pk).update(status=Person.Status.LEFT, left_on="2026-11-20")
    client.force_login(person.user)
    assert is_sent_to_sign_in(client.get(reverse("duties:my_checklists")))
    # signed out by that request: the next one finds no session at all
    assert "_auth_user_id" not in client.session
    assert is_sent_to_sign_in(client.get(reverse("home")))


def test_the_request_that_signs_a_left_person_out_clears_what_their_browser_kept(world):
    technician = signed_in_client(world.technician_a2_with_login)
    assert "Clear-Site-Data" not in technician.get(reverse("home"))
    from staff.models import Person

    Person.objects.filter(pk=world.technician_a2_with_login.pk).update(status=Person.Status.LEFT, left_on="2026-11-20")
    response = technician.get(reverse("home"))
    assert is_sent_to_sign_in(response)
    assert response["Clear-Site-Data"] == '"cache", "storage"'


# --- Signing out --------------------------------------------------------------------------------


def test_signing_out_clears_the_pages_and_entries_the_browser_kept(world):
    """The phone's kept pages (cache) and offline entries (IndexedDB: storage) go with the session."""
    client = signed_in_client(world.supervisor_a)
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response.url == reverse(settings.LOGOUT_REDIRECT_URL)
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "_auth_user_id" not in client.session
    assert is_sent_to_sign_in(client.get(reverse("home")))
    # A GET signs nobody out and clears nothing (Django's sign-out takes a POST only).
    assert client.get(reverse("logout")).status_code == 405
    assert "Clear-Site-Data" not in client.get(LOGIN)


@pytest.fixture
def technician_a2_with_login(world):
    from tests.factories import UserFactory

    person = world.technician_a2
    person.user = UserFactory(username="tech_a2")
    person.save()
    world.technician_a2_with_login = person
    return person


@pytest.fixture(autouse=True)
def _login_for_a2(request):
    if "world" in request.fixturenames:
        request.getfixturevalue("technician_a2_with_login")


# --- Idle sessions ------------------------------------------------------------------------------


def test_sessions_last_a_shift_of_idleness_by_default():
    assert settings.SESSION_COOKIE_AGE == 600 * 60
    # the requests move the deadline on (``clubops.sessions``), written at most once a minute
    assert "clubops.sessions.IdleDeadlineMiddleware" in settings.MIDDLEWARE
    assert settings.MIDDLEWARE.index("clubops.sessions.IdleDeadlineMiddleware") > settings.MIDDLEWARE.index(
        "django.contrib.sessions.middleware.SessionMiddleware"), "its response half must run before the save"


def test_the_idle_time_comes_from_the_environment(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "SESSION_IDLE_MINUTES")}
    env.update(DEBUG="1", SESSION_IDLE_MINUTES="45", CLUBOPS_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="clubops.settings")
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.stdout.strip() == str(45 * 60), result.stderr


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_request_moves_the_idle_deadline_on(world, clock):
    client = signed_in_client(world.supervisor_a)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=5)
    )
    clock.shift(datetime.timedelta(seconds=61))  # the deadline is written at most once a minute
    assert client.get(reverse("attendance:team_day")).status_code == 200
    left = _expiry(client) - timezone.now()
    assert left > datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_the_deadline_is_written_at_most_once_a_minute_and_moves_on_after_it(world, clock):
    client = signed_in_client(world.supervisor_a)
    page = reverse("attendance:team_day")
    assert client.get(page).status_code == 200
    first = _expiry(client)
    clock.shift(datetime.timedelta(seconds=20))
    response = client.get(page)
    assert response.status_code == 200
    assert _expiry(client) == first, "20 seconds later the session row is not written again"
    assert settings.SESSION_COOKIE_NAME not in response.cookies, "nor its cookie sent again"
    clock.shift(datetime.timedelta(seconds=50))
    response = client.get(page)
    assert _expiry(client) - first >= datetime.timedelta(seconds=70)
    assert int(response.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) == settings.SESSION_COOKIE_AGE


def test_a_visitor_who_is_not_signed_in_gets_no_session(client, db):
    assert client.get(LOGIN).status_code == 200
    assert client.get("/").status_code == 302
    assert not Session.objects.exists()


def test_an_idle_session_ends(world):
    client = signed_in_client(world.supervisor_a)
    assert client.get(reverse("attendance:team_day")).status_code == 200
    # Nobody used it for longer than the idle time: the session's deadline has passed.
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert is_sent_to_sign_in(client.get(reverse("attendance:team_day")))


def test_the_session_cookie_is_not_readable_by_scripts(world):
    client = signed_in_client(world.supervisor_a)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"].lower() == "lax"
    assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE


# --- Password rules -----------------------------------------------------------------------------


def test_django_password_rules_are_on():
    names = {type(v).__name__ for v in password_validation.get_default_password_validators()}
    assert {"MinimumLengthValidator", "CommonPasswordValidator", "UserAttributeSimilarityValidator",
            "NumericPasswordValidator"} <= names


@pytest.mark.parametrize("password, message", [
    ("abc12", "too short"),
    ("password123", "too common"),
    ("83749261", "entirely numeric"),
])
def test_a_manager_cannot_give_a_weak_password(world, password, message):
    manager = signed_in_client(world.store_manager)
    person = world.technician_b
    response = manager.post(
        reverse("staff:person_login", args=[person.pk]),
        {"username": "tech_b1", "password1": password, "password2": password},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    person.refresh_from_db()
    assert person.user_id is None, "no login was created"


def test_a_manager_gives_a_good_password(world):
    manager = signed_in_client(world.store_manager)
    person = world.technician_b
    response = manager.post(
        reverse("staff:person_login", args=[person.pk]),
        {"username": "tech_b1", "password1": "Lotus-Steam-4821", "password2": "Lotus-Steam-4821"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user.check_password("Lotus-Steam-4821")


@pytest.mark.parametrize("password, message", [("short1", "too short"), ("qwertyuiop", "too common")])
def test_a_person_cannot_change_to_a_weak_password(world, password, message):
    client = signed_in_client(world.supervisor_a)
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": password, "new_password2": password,
    })
    assert response.status_code == 200
    assert message in response.content.decode()
    world.supervisor_a.user.refresh_from_db()
    assert world.supervisor_a.user.check_password(PASSWORD)


def test_a_person_changes_to_a_good_password_and_stays_signed_in(world):
    client = signed_in_client(world.supervisor_a)
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "Jade-Pillow-7730", "new_password2": "Jade-Pillow-7730",
    })
    assert response.status_code == 302
    assert client.get(reverse("attendance:team_day")).status_code == 200
    world.supervisor_a.user.refresh_from_db()
    assert world.supervisor_a.user.check_password("Jade-Pillow-7730")


def test_changing_the_password_ends_the_other_sessions(world):
    """A stolen session cookie stops working once its owner changes the password elsewhere."""
    other_device = signed_in_client(world.supervisor_a)
    client = signed_in_client(world.supervisor_a)
    client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "Jade-Pillow-7730", "new_password2": "Jade-Pillow-7730",
    })
    assert is_sent_to_sign_in(other_device.get(reverse("attendance:team_day")))
