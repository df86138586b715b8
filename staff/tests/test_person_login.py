from django.contrib.auth import get_user_model
from django.urls import reverse

from staff.models import Person
from tests.factories import PASSWORD

from .conftest import field_error, input_value, messages_of, shows

STRONG = "Lotus-pond-evening-27"  # noqa: S105


def url(person):
    return reverse("staff:person_login", args=[person.pk])


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.1.1.1")


def test_it_creates_a_login_that_can_sign_in(world, client_as, other_client):
    data = {"username": "lin.mei", "password1": STRONG, "password2": STRONG}

    response = client_as(world.store_manager).post(url(world.technician_a2), data, follow=True)

    assert response.redirect_chain == [(world.technician_a2.get_absolute_url(), 302)]
    assert messages_of(response) == ["The login of Tech A2 was saved."]
    assert shows(response, "Login lin.mei")
    signed_in = sign_in(other_client, "lin.mei", STRONG)
    assert signed_in.status_code == 302
    assert signed_in["Location"] == reverse("home")
    assert shows(other_client.get("/"), "Hello, Tech A2")


def test_it_gives_a_login_no_admin_rights(world, client_as):
    data = {"username": "lin.mei", "password1": STRONG, "password2": STRONG}

    client_as(world.store_manager).post(url(world.technician_a2), data)

    user = get_user_model().objects.get(username="lin.mei")
    assert (user.is_active, user.is_staff, user.is_superuser) == (True, False, False)


def test_it_renames_a_login_and_replaces_its_password(world, client_as, other_client):
    data = {"username": "tech.a1", "password1": STRONG, "password2": STRONG}

    client_as(world.store_manager).post(url(world.technician), data)

    assert Person.objects.get(pk=world.technician.pk).user_id == world.technician.user_id
    assert sign_in(other_client, "technician", PASSWORD).status_code == 200  # the form again: refused
    assert sign_in(other_client, "tech.a1", PASSWORD).status_code == 200
    assert sign_in(other_client, "tech.a1", STRONG).status_code == 302


def test_it_refuses_a_common_password(world, client_as):
    data = {"username": "lin.mei", "password1": "password123", "password2": "password123"}

    response = client_as(world.store_manager).post(url(world.technician_a2), data)

    assert response.status_code == 200
    assert "This password is too common." in field_error(response, "password1")
    assert input_value(response, "username") == "lin.mei"
    assert input_value(response, "password1") == ""
    assert not get_user_model().objects.filter(username="lin.mei").exists()


def test_it_refuses_a_short_all_digit_password(world, client_as):
    data = {"username": "lin.mei", "password1": "1234", "password2": "1234"}

    response = client_as(world.store_manager).post(url(world.technician_a2), data)

    error = field_error(response, "password1")
    assert "This password is too short. It must contain at least 8 characters." in error
    assert "This password is entirely numeric." in error
    assert not get_user_model().objects.filter(username="lin.mei").exists()


def test_it_refuses_a_password_too_like_the_username(world, client_as):
    data = {"username": "linmeilotus", "password1": "linmeilotus1", "password2": "linmeilotus1"}

    response = client_as(world.store_manager).post(url(world.technician_a2), data)

    assert "The password is too similar to the username." in field_error(response, "password1")
    assert not get_user_model().objects.filter(username="linmeilotus").exists()


def test_it_refuses_two_different_passwords(world, client_as):
    data = {"username": "lin.mei", "password1": STRONG, "password2": STRONG + "x"}

    response = client_as(world.store_manager).post(url(world.technician_a2), data)

    assert response.status_code == 200
    assert field_error(response, "password2") == "The two passwords differ."
    assert input_value(response, "username") == "lin.mei"
    assert not get_user_model().objects.filter(username="lin.mei").exists()


def test_it_refuses_a_username_someone_else_has(world, client_as):
    for taken in ("supervisor_a", "Supervisor_A"):
        data = {"username": taken, "password1": STRONG, "password2": STRONG}

        response = client_as(world.store_manager).post(url(world.technician_a2), data)

        assert response.status_code == 200
        assert field_error(response, "username") == "This username is already taken."
        assert input_value(response, "username") == taken
    assert Person.objects.get(pk=world.technician_a2.pk).user is None
    assert get_user_model().objects.get(username="supervisor_a").check_password(PASSWORD)


def test_it_lets_a_person_keep_their_own_username(world, client_as, other_client):
    data = {"username": "technician", "password1": STRONG, "password2": STRONG}

    response = client_as(world.store_manager).post(url(world.technician), data)

    assert response.status_code == 302
    assert sign_in(other_client, "technician", STRONG).status_code == 302
