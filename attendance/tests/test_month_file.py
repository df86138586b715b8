"""The month's attendance workbook is written once per content: the month's job writes it ahead, the
download reads it back, and any change to what it shows makes the next download a new file."""

import datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from attendance import jobs, xlsx
from attendance.models import Status

from .figures import record
from .test_stats_monthly import _rows_by_name, url

pytestmark = pytest.mark.clock("2025-04-03T15:00:00+08:00")  # March 2025 is over; its follow-up is due
MARCH = datetime.date(2025, 3, 1)


@pytest.fixture(autouse=True)
def kept_files(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path / "files" / "attendance-months"


def rows_of(response):
    assert response.status_code == 200
    return _rows_by_name(load_workbook(BytesIO(response.content)).active)[1]


def test_the_months_job_writes_the_workbook_ahead_and_the_download_reads_it_back(client_as, world, kept_files,
                                                                                 monkeypatch):
    record(world.technician, MARCH.replace(day=3), Status.LATE, late_minutes=10)

    result = jobs.monthly_followup(club=world.club1, month=MARCH)

    assert result.files == 3  # one per language
    assert len(list(kept_files.iterdir())) == 3

    def never(*args, **kwargs):
        raise AssertionError("the workbook was written again")

    monkeypatch.setattr(xlsx, "month_workbook", never)
    response = client_as(world.store_manager).get(url(format="xlsx"), HTTP_ACCEPT_LANGUAGE="en")
    assert rows_of(response)["Tech A1"][3] == "L"


def test_a_changed_record_makes_a_new_file_with_the_new_mark(client_as, world, kept_files):
    late = record(world.technician, MARCH.replace(day=3), Status.LATE, late_minutes=10)
    client = client_as(world.store_manager)
    assert rows_of(client.get(url(format="xlsx")))["Tech A1"]["Times late"] == 1

    late.status, late.late_minutes = Status.ABSENT, 0
    late.save()

    tech = rows_of(client.get(url(format="xlsx")))["Tech A1"]
    assert (tech[3], tech["Times late"], tech["Absences"]) == ("A", 0, 1)
    assert len(list(kept_files.iterdir())) == 2  # the old file is kept next to the new one, no more


def test_each_scope_and_language_has_its_own_file(client_as, world, kept_files):
    record(world.technician, MARCH.replace(day=3), Status.LATE, late_minutes=10)
    client = client_as(world.store_manager)

    whole = rows_of(client.get(url(format="xlsx")))
    team = rows_of(client.get(url(format="xlsx", team=world.team_a.pk)))

    assert "Tech B1" in whole and "Tech B1" not in team
    assert len(list(kept_files.iterdir())) == 2
