"""Helpers for the staff behaviour tests.

Pages are requested in English (``Accept-Language: en``) unless a test says otherwise,
so that assertions on text do not depend on the translation files of the day. Tests of
"errors in the user's language" set ``Person.language`` and compare with what gettext
gives in that language.
"""

import html
import re

import pytest
from django.test import Client
from django.utils import translation

from staff.models import Person
from tests.factories import PersonFactory


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def other_client():
    """A second browser, e.g. the one of the person a manager is changing."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def page_text(response):
    """The visible text of a page: tags removed, entities decoded, whitespace collapsed."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def shows(response, text):
    return " ".join(str(text).split()) in page_text(response)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def in_language(language, text):
    """``text`` (a lazy translation) as a reader of ``language`` sees it."""
    with translation.override(language):
        return str(text)


def add_technicians(team, count, **fields):
    """``count`` active technicians in ``team``."""
    return [
        PersonFactory(club=team.club, department=team.department, team=team, position="technician", **fields)
        for _ in range(count)
    ]


def set_language(person, language):
    Person.objects.filter(pk=person.pk).update(language=language)


def input_value(response, name):
    """The value an ``<input name=...>`` of the page shows, or None."""
    tag = re.search(rf'<input\b[^>]*\bname="{re.escape(name)}"[^>]*>', response.content.decode())
    if tag is None:
        return None
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return html.unescape(value.group(1)) if value else ""


def select_options(response, name):
    """(value, label, selected) for each option of ``<select name=...>``."""
    block = re.search(rf'<select\b[^>]*\bname="{re.escape(name)}"[^>]*>(.*?)</select>', response.content.decode(), re.S)
    assert block is not None, f"no <select name={name}> on the page"
    return [
        (html.unescape(value), " ".join(html.unescape(label).split()), bool(selected))
        for value, selected, label in re.findall(
            r'<option value="([^"]*)"([^>]*\bselected\b[^>]*)?[^>]*>(.*?)</option>', block.group(1), re.S
        )
    ]


def selected_value(response, name):
    chosen = [value for value, _label, selected in select_options(response, name) if selected]
    return chosen[0] if chosen else None


def field_error(response, name):
    """The error text(s) crispy shows under field ``name``, joined (empty string when none)."""
    content = response.content.decode()
    found = re.findall(rf'<(span|p) id="error_\d+_id_{re.escape(name)}"[^>]*>(.*?)</\1>', content, re.S)
    return " ".join(" ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split()) for _tag, text in found)
