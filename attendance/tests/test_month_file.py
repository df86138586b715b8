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


def test_a_workbook_not_written_yet_is_prepared_by_a_job_while_the_button_says_so(client_as, world, kept_files,
                                                                                   monkeypatch,
                                                                                   django_capture_on_commit_callbacks):
    from django.utils.module_loading import import_string

    from outbox import services as outbox

    record(world.technician, MARCH.replace(day=3), Status.LATE, late_minutes=10)
    queued = []
    monkeypatch.setattr(outbox, "enqueue", lambda task, *args, **kwargs: queued.append((task, args)))
    client = client_as(world.supervisor_a)
    team = {"team": world.team_a.pk, "format": "xlsx"}

    with django_capture_on_commit_callbacks(execute=True):
        answers = [client.get(url(ready=1, **team), HTTP_ACCEPT_LANGUAGE="en").json()["ready"] for _ in range(3)]

    assert answers == [False, False, False]  # each time the button asks: still being prepared
    assert not kept_files.exists() or not any(kept_files.iterdir())  # asking writes nothing
    assert queued == [("attendance.tasks.prepare_month_file",
                       (world.supervisor_a.pk, {"team": world.team_a.pk}, "2025-03-01", "en"))]  # queued once
    task, args = queued[0]
    import_string(task)(*args)  # the worker writes it

    assert client.get(url(ready=1, **team), HTTP_ACCEPT_LANGUAGE="en").json() == {"ready": True}

    def never(*args, **kwargs):
        raise AssertionError("the workbook was written again")

    monkeypatch.setattr(xlsx, "month_workbook", never)
    tech = rows_of(client.get(url(**team), HTTP_ACCEPT_LANGUAGE="en"))
    assert tech["Tech A1"][3] == "L" and "Tech B1" not in tech  # the team's file, read back


def test_asking_whether_the_workbook_is_ready_keeps_the_pages_access(client_as, world):
    for person, params in ((world.supervisor_a, {"team": world.team_b.pk}), (world.technician, {})):
        client = client_as(person)
        refused = client.get(url(format="xlsx", **params)).status_code
        assert refused in (403, 404)
        assert client.get(url(format="xlsx", ready=1, **params)).status_code == refused
