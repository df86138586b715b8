"""The language switcher and which language a page is served in.

Assertions use the ``Content-Language`` header, ``<html lang>`` and texts Django itself
translates, so they hold whatever state the project's translation files are in.
"""

import re

import pytest
from django.test import Client
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from staff.models import Person


def visible_text(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split()) + " "


def served_in(response):
    assert f'<html lang="{response["Content-Language"]}">' in response.content.decode()
    return response["Content-Language"]


def client_signed_in(person, accept_language):
    client = Client(HTTP_ACCEPT_LANGUAGE=accept_language)
    client.force_login(person.user)
    return client


def test_it_remembers_the_language_chosen_with_the_switcher(world, client_as):
    response = client_as(world.technician).post("/i18n/setlang/", {"language": "zh-hant", "next": "/people/"})

    assert response.status_code == 302
    assert response["Location"] == "/people/"
    assert Person.objects.get(pk=world.technician.pk).language == "zh-hant"


def test_it_serves_later_pages_in_the_persons_language_whatever_the_browser_says(world, client_as):
    client_as(world.technician).post("/i18n/setlang/", {"language": "zh-hant", "next": "/"})

    elsewhere = client_signed_in(world.technician, accept_language="en")  # another device: no language cookie
    response = elsewhere.get("/")

    assert served_in(response) == "zh-hant"
    assert response.wsgi_request.LANGUAGE_CODE == "zh-hant"
    assert served_in(elsewhere.get(world.technician.get_absolute_url())) == "zh-hant"


def test_it_follows_the_browser_for_someone_who_never_chose(world):
    assert served_in(client_signed_in(world.technician, accept_language="en").get("/")) == "en"
    assert served_in(client_signed_in(world.technician, accept_language="zh-TW,zh;q=0.8").get("/")) == "zh-hant"


def test_it_switches_a_person_from_one_language_to_another(world, client_as):
    client = client_as(world.technician)
    client.post("/i18n/setlang/", {"language": "zh-hant", "next": "/"})
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert Person.objects.get(pk=world.technician.pk).language == "en"
    assert served_in(client_signed_in(world.technician, accept_language="zh-CN").get("/")) == "en"


@pytest.mark.parametrize("language", ["fr", "xx", ""])
def test_it_does_not_save_a_language_the_site_does_not_offer(world, client_as, language):
    client_as(world.technician).post("/i18n/setlang/", {"language": language, "next": "/"})

    assert Person.objects.get(pk=world.technician.pk).language == ""
    assert served_in(client_signed_in(world.technician, accept_language="en").get("/")) == "en"


def test_it_remembers_an_anonymous_visitors_choice_in_a_cookie(db):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    client.post("/i18n/setlang/", {"language": "zh-hant", "next": "/accounts/login/"})

    assert served_in(client.get("/accounts/login/")) == "zh-hant"


@pytest.mark.parametrize(
    "accept_language, language",
    [("zh-CN,zh;q=0.9", "zh-hans"), ("zh-Hant", "zh-hant"), ("en-US,en;q=0.9", "en"), ("fr-FR", "zh-hans")],
)
def test_it_shows_the_sign_in_page_in_the_browsers_language(db, accept_language, language):
    response = Client(HTTP_ACCEPT_LANGUAGE=accept_language).get("/accounts/login/")

    assert served_in(response) == language
    with translation.override(language):
        username_label = capfirst(gettext("username"))
    assert f" {username_label} * " in visible_text(response)
