"""Fixtures for the floor tests: areas, consumables and quality criteria on top of ``world``.

Pages are requested in English unless a test says otherwise; tests of "errors in the user's
language" set ``Person.language`` and compare with what gettext gives in that language.
"""

import html
import re

import pytest
from django.test import Client
from django.utils import translation

from attendance.models import Area, ConsumableItem, HygieneItem, QualityCriterion
from staff.models import Person


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def areas(world):
    """Room 1 (Tech A1), Room 2 (Tech A2), Foot bath (Tech B1) in club 1; Room 9 (Tech Two) in club 2."""
    HygieneItem.ensure_defaults(world.club1)
    HygieneItem.ensure_defaults(world.club2)
    return {
        "room1": Area.objects.create(club=world.club1, name="Room 1", responsible=world.technician, order=1),
        "room2": Area.objects.create(club=world.club1, name="Room 2", responsible=world.technician_a2, order=2),
        "foot": Area.objects.create(club=world.club1, name="Foot bath", responsible=world.technician_b, order=3),
        "room9": Area.objects.create(club=world.club2, name="Room 9", responsible=world.technician_2),
    }


@pytest.fixture
def stock(world):
    """Club 1: massage cream 10 bottles (warn at 3), towels 50 (warn at 10); club 2: its own oil."""
    return {
        "cream": ConsumableItem.objects.create(club=world.club1, name="Massage cream", unit="bottle", stock=10,
                                               low_stock_threshold=3),
        "towels": ConsumableItem.objects.create(club=world.club1, name="Towels", unit="towel", stock=50,
                                                low_stock_threshold=10),
        "oil_2": ConsumableItem.objects.create(club=world.club2, name="Club-two oil", unit="bottle", stock=4,
                                               low_stock_threshold=1),
    }


@pytest.fixture
def criteria(world):
    QualityCriterion.ensure_defaults(world.club1)
    QualityCriterion.ensure_defaults(world.club2)
    return list(QualityCriterion.objects.filter(club=world.club1))


def hygiene_items(club):
    return list(HygieneItem.objects.filter(club=club, is_active=True))


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


def set_language(person, language):
    Person.objects.filter(pk=person.pk).update(language=language)


def input_value(response, name):
    """The value an ``<input name=...>`` or ``<textarea name=...>`` of the page shows, or None."""
    content = response.content.decode()
    tag = re.search(rf'<input\b[^>]*\bname="{re.escape(name)}"[^>]*>', content)
    if tag is None:
        area = re.search(rf'<textarea\b[^>]*\bname="{re.escape(name)}"[^>]*>(.*?)</textarea>', content, re.S)
        return html.unescape(area.group(1)).strip() if area else None
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return html.unescape(value.group(1)) if value else ""


def is_checked(response, name, value=None):
    """Whether the checkbox (or the radio of ``value``) named ``name`` is ticked on the page."""
    for tag in re.findall(rf'<input\b[^>]*\bname="{re.escape(name)}"[^>]*>', response.content.decode()):
        if value is not None and f'value="{value}"' not in tag:
            continue
        return bool(re.search(r"\bchecked\b", tag))
    raise AssertionError(f"no input {name}={value} on the page")


def selected_value(response, name):
    block = re.search(rf'<select\b[^>]*\bname="{re.escape(name)}"[^>]*>(.*?)</select>', response.content.decode(), re.S)
    assert block is not None, f"no <select name={name}> on the page"
    chosen = re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', block.group(1))
    return chosen[0] if chosen else None


def options(response, name):
    block = re.search(rf'<select\b[^>]*\bname="{re.escape(name)}"[^>]*>(.*?)</select>', response.content.decode(), re.S)
    assert block is not None, f"no <select name={name}> on the page"
    found = re.findall(r'<option value="([^"]*)"[^>]*>(.*?)</option>', block.group(1), re.S)
    return [html.unescape(label).strip() for value, label in found if value]
