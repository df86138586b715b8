"""Sections of modules written beside the report fill in once their query function exists."""

import datetime
import sys
import types

import pytest

from reports import sources

from .month import READ_IN_NOVEMBER, build_month


pytestmark = READ_IN_NOVEMBER


def fake_training(*, club_ids, start, end):
    """A stand-in for ``training.selectors.training_figures`` with the keys that module documents."""
    assert start.day == 1 and end.month == start.month and (end + datetime.timedelta(days=1)).day == 1
    return {
        club_id: {
            "sessions_held": 2, "assessments_taken": 4, "assessments_passed": 3, "pass_rate": 75.0,
            "by_topic": {"theory": {"label": "Theory", "taken": 4, "passed": 3, "pass_rate": 75.0}},
            "levels_gained": 1, "competition_winners": [{"competition": "Knowledge contest", "winners": ["Tech A2"]}],
            "rewards": 1, "penalties": 0, "reward_amount": 200.0, "penalty_amount": 0,
        }
        for club_id in club_ids
    }


@pytest.fixture
def october(world):
    build_month(world)
    return world


def test_a_module_that_answers_fills_its_section(client, october, monkeypatch):
    monkeypatch.setattr(sources, "_training_figures", lambda: fake_training)
    client.force_login(october.owner.user)
    club = client.get(f"/reports/monthly/2026-10/clubs/{october.club1.pk}/", {"format": "json"}).json()
    assert club["figures"]["training"]["available"] is True
    assert club["figures"]["training"]["sessions_held"] == 2
    assert club["headline"]["training.sessions_held"]["value"] == 2
    chain = client.get("/reports/monthly/2026-10/", {"format": "json"}).json()["figures"]["training"]
    assert chain["sessions_held"] == 4 and chain["reward_amount"] == 400.0
    assert chain["pass_rate"] == 75.0  # computed again from the chain's counts, never added up
    assert chain["by_topic"]["theory"] == {"label": "Theory knowledge", "taken": 8, "passed": 6, "pass_rate": 75.0}
    page = client.get("/reports/monthly/2026-10/").content.decode()
    assert page.count('data-testid="not-available"') == 1  # meetings only
    assert "Training sessions held" in page and "Knowledge contest" in page


def test_a_missing_module_or_function_is_not_available(monkeypatch):
    monkeypatch.undo()  # the real adapter
    monkeypatch.setitem(sys.modules, "meetings.selectors", types.ModuleType("meetings.selectors"))
    assert sources._meeting_figures() is None
    monkeypatch.setitem(sys.modules, "training.selectors", None)  # not importable at all
    assert sources._training_figures() is None


def test_values_are_made_json_safe():
    import decimal

    assert sources.json_safe({1: (decimal.Decimal("1.5"), datetime.date(2026, 10, 1), {"a"})}) == {
        "1": [1.5, "2026-10-01", ["a"]]
    }


def test_the_real_training_module_fills_its_section_once_it_answers(client, october, monkeypatch):
    monkeypatch.undo()  # the real adapter, not the stand-ins of conftest
    if sources._training_figures() is None:
        pytest.skip("training.selectors.training_figures does not exist yet")
    client.force_login(october.owner.user)
    training = client.get(f"/reports/monthly/2026-10/clubs/{october.club1.pk}/", {"format": "json"}).json()[
        "figures"]["training"]
    assert training["available"] is True
    assert training["sessions_held"] == 0
