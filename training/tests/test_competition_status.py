"""A competition before its day says so and ranks nobody; once judges score, the ranking shows."""

import datetime

import pytest
from django.urls import reverse

from training.tests.factories import competition

pytestmark = pytest.mark.clock("2026-11-20T10:00:00+08:00")


def test_it_shows_a_future_competition_as_upcoming_with_no_ranking(client_as, world):
    future = competition(world.club1, [world.store_manager], [world.technician, world.technician_a2],
                         held_on=datetime.date(2026, 12, 15))
    client = client_as(world.store_manager)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hant"

    detail = client.get(reverse("training:competition_detail", args=[future.pk])).content.decode()
    listing = client.get(reverse("training:competition_list")).content.decode()

    assert "尚未開始" in detail and "尚未開始" in listing
    assert "評分中" not in detail
    assert 'data-testid="place"' not in detail and "0.00" not in detail
    assert world.technician.name in detail


def test_it_ranks_only_once_a_judge_has_scored(client_as, world):
    from decimal import Decimal

    from training import competitions as scoring

    held = competition(world.club1, [world.store_manager], [world.technician, world.technician_a2],
                       held_on=datetime.date(2026, 11, 18))
    client = client_as(world.store_manager)
    url = reverse("training:competition_detail", args=[held.pk])
    assert 'data-testid="place"' not in client.get(url).content.decode(), "nobody scored yet: no places"

    entry = held.entries.get(person=world.technician)
    scores = {(entry.pk, c.pk): Decimal(8) for c in held.criteria.all()}
    scoring.scores_save(competition=held, round=held.rounds.get(), judge=world.store_manager, scores=scores)

    detail = client.get(url).content.decode()
    assert detail.count('data-testid="place"') == 2 and "80.00" in detail
