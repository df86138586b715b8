"""The store manager edits the club's catalogue: add, reword (a new version), reorder, retire."""

import datetime

import pytest
from django.urls import reverse

from duties.catalogue import catalogue_install_defaults
from duties.models import Checklist, Duty
from duties.services import checklists_generate

URL = reverse("duties:catalogue")


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def catalogue(world):
    catalogue_install_defaults(club=world.club1)


def test_a_duty_without_wording_is_refused_and_the_choices_are_kept(client_as, world, catalogue):
    response = client_as(world.store_manager).post(
        URL + "?position=supervisor", {"text_en": "   ", "cadence": "weekly", "evidence": "hygiene_checked"}
    )
    content = response.content.decode()
    assert "Give the duty&#x27;s wording in at least one language." in content
    assert '<option value="weekly" selected>' in content
    assert Duty.objects.filter(club=world.club1, position="supervisor").count() == 5  # 4 defaults + the world's


def test_an_unknown_cadence_is_refused(client_as, world, catalogue):
    response = client_as(world.store_manager).post(URL + "?position=supervisor", {"text_en": "x", "cadence": "hourly"})
    assert "Select a valid choice" in response.content.decode()


def test_added_reworded_and_retired_duties_shape_the_next_checklists(client_as, world, catalogue):
    client = client_as(world.store_manager)
    client.post(URL + "?position=supervisor", {"text_zh_hans": "检查足浴区水温", "cadence": "daily"})
    added = Duty.objects.get(club=world.club1, position="supervisor", current__text_zh_hans="检查足浴区水温")
    retired = Duty.objects.get(club=world.club1, key="supervisor-3")
    client.post(reverse("duties:duty_retire", args=[retired.pk]), {"active": "0"})
    reworded = Duty.objects.get(club=world.club1, key="supervisor-1")
    client.post(reverse("duties:duty_edit", args=[reworded.pk]), {"text_en": "Help the manager every day", "cadence": "daily"})
    client.post(reverse("duties:duty_move", args=[added.pk]), {"direction": "up"})

    day = datetime.date(2026, 12, 1)
    checklists_generate(club=world.club1, day=day)
    items = Checklist.objects.get(person=world.supervisor_a, cadence="daily", period_start=day).items.order_by("order")
    keys = [item.duty.key for item in items]
    assert "supervisor-3" not in keys and added.key in keys
    assert keys.index(added.key) == len(keys) - 2, "moved up one place"
    assert items.get(duty=reworded).duty_version.number == 2
