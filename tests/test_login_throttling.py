"""django-axes: five wrong passwords for one username from one address pause that pair."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client

from tests.factories import PASSWORD, PersonFactory, UserFactory

pytestmark = pytest.mark.timeless  # reads no clock: a --clock replay leaves it out

LOGIN = "/accounts/login/"
OFFICE = "10.0.0.5"
PHONE = "10.0.0.77"


@pytest.fixture
def mei(db):
    return PersonFactory(name="Lin Mei", user=UserFactory(username="mei"))


@pytest.fixture
def browser():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def sign_in(client, password, address=OFFICE, username="mei"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, times, address=OFFICE, username="mei"):
    for n in range(times):
        sign_in(client, f"wrong-{n}", address, username)


def is_locked_out(response):
    return response.status_code == 429 and "Too many failed sign-in attempts" in response.content.decode()


def test_it_lets_a_person_sign_in_after_a_few_mistakes(mei, browser):
    fail(browser, 4)

    response = sign_in(browser, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_it_says_a_wrong_password_is_wrong_before_the_limit(mei, browser):
    response = sign_in(browser, "wrong")

    assert response.status_code == 200
    assert "Please enter a correct username and password." in response.content.decode()


def test_it_locks_the_username_after_five_wrong_passwords_even_for_the_right_one(mei, browser):
    fail(browser, 5)

    response = sign_in(browser, PASSWORD)

    assert is_locked_out(response)
    assert "_auth_user_id" not in browser.session
    assert browser.get("/").status_code == 302


def test_it_still_lets_the_same_username_in_from_another_address(mei, browser):
    fail(browser, 5)

    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = sign_in(other, PASSWORD, address=PHONE)

    assert response.status_code == 302
    assert other.get("/").status_code == 200


def test_it_does_not_lock_other_usernames_from_the_same_address(mei, browser):
    UserFactory(username="wang")
    fail(browser, 5)

    assert sign_in(Client(), PASSWORD, username="wang").status_code == 302


def test_it_lets_the_person_in_again_after_the_cool_off(mei, browser, settings):
    fail(browser, 5)
    assert is_locked_out(sign_in(browser, PASSWORD))

    cool_off = datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= cool_off + datetime.timedelta(seconds=1)
        attempt.save()

    response = sign_in(browser, PASSWORD)
    assert response.status_code == 302
    assert browser.get("/").status_code == 200


def test_it_keeps_the_lock_until_the_cool_off_has_passed(mei, browser, settings):
    fail(browser, 5)

    cool_off = datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - cool_off / 2)

    assert is_locked_out(sign_in(browser, PASSWORD))


def test_it_clears_the_count_after_a_successful_sign_in(mei, browser):
    fail(browser, 4)
    assert sign_in(browser, PASSWORD).status_code == 302
    browser.post("/accounts/logout/")

    fail(browser, 4)

    assert sign_in(browser, PASSWORD).status_code == 302
