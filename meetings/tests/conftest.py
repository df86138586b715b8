"""Meetings' own fixtures on top of the ``world`` personas: English pages, and a few series."""

import pytest

from meetings import services
from meetings.models import Frequency, Kind
from meetings.tests.factories import make_series, meeting_on, today_of


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture(autouse=True)
def kept_pdfs(settings, tmp_path):
    """Each test keeps its own PDFs (``pdf.FOLDER`` under ``VAR_DIR/files``): none drawn by another test."""
    settings.VAR_DIR = tmp_path
    return tmp_path / "files" / "meeting-pdfs"


@pytest.fixture
def marketing_daily(world):
    """The marketing department's daily meeting in club 1: the director chairs, customer managers attend."""
    series = make_series(world.club1, world.marketing.department, world.marketing, title="Marketing daily",
                         positions=["marketing_director", "customer_manager"])
    services.meetings_create_ahead(series=series)
    return series


@pytest.fixture
def massage_weekly(world):
    """The massage department's meeting, every day of the week so that there is one today."""
    series = make_series(world.club1, world.dept_manager.department, world.dept_manager, title="Massage weekly",
                         kind=Kind.WEEKLY, frequency=Frequency.WEEKLY, weekdays=[1, 2, 3, 4, 5, 6, 7],
                         positions=["technician_manager", "supervisor"])
    services.meetings_create_ahead(series=series)
    return series


@pytest.fixture
def today_meeting(marketing_daily, world):
    return meeting_on(marketing_daily, today_of(world.club1))
