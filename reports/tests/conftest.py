"""Fixtures for the report tests: English pages, and the modules beside the report kept out unless a test plugs one in."""

import pytest

from reports import sources


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture(autouse=True)
def no_other_modules(monkeypatch):
    """Training and meetings are written beside the report; its own tests do not depend on their state.

    ``test_sources.py`` plugs in stand-ins to check that a section fills in once a module answers.
    """
    monkeypatch.setattr(sources, "_training_figures", lambda: None)
    monkeypatch.setattr(sources, "_meeting_figures", lambda: None)
    monkeypatch.setattr(sources, "_person_training", lambda: None)
