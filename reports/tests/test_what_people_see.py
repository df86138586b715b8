"""What a reader of the monthly report sees: club names, every rate written one way, the evening job per club,
spreadsheets a manager can filter, files ready when asked (issue "What people see is right")."""

import datetime
import io
import re

import pytest
from django.utils import translation
from openpyxl import load_workbook

from kernel.rates import percent
from meetings.selectors import figure_tables

from .month import READ_IN_NOVEMBER, build_month

pytestmark = READ_IN_NOVEMBER


@pytest.fixture
def october(world):
    build_month(world)
    with_snapshots(world)
    return world


def with_snapshots(world):
    """October read from its snapshots, as after the jobs of 1 November."""
    from reports.selectors import clubs_with_first_month
    from reports.snapshots import build_many
    from staff.models import Club

    clubs = clubs_with_first_month(Club.objects.filter(pk__in=[world.club1.pk, world.club2.pk]))
    for month in ("2026-09-01", "2026-10-01"):
        build_many(clubs, datetime.date.fromisoformat(month), reason="test")


def page(client, person, month="2026-10", **params):
    client.force_login(person.user)
    return client.get(f"/reports/monthly/{month}/", params)


def test_it_writes_a_rate_one_way():
    assert (percent(76.2), percent(100), percent(0.0), percent(None)) == ("76.2 %", "100.0 %", "0.0 %", "–")


def test_it_names_the_clubs_in_the_chains_lists_not_their_codes(client, october):
    text = page(client, october.owner).content.decode()

    honour_roll = re.search(r'data-testid="honour-roll">(.*?)</ul>', text, re.DOTALL).group(1)
    assert "Club Two" in honour_roll and "· two" not in honour_roll
    needs_talk = re.search(r'data-testid="needs-talk">(.*?)</ul>', text, re.DOTALL).group(1)
    assert "Club One" in needs_talk and "· one" not in needs_talk


def test_it_shows_every_rate_of_the_page_with_its_percent_sign(client, october):
    text = page(client, october.owner).content.decode()

    assert "76.5 %" in text  # the chain's attendance rate
    assert "33.3 %" in text  # grooming, checklists
    assert not re.search(r">\s*\d+\.\d%", text), "a rate written another way"


def test_it_says_how_many_days_the_evening_job_closed_in_each_club(client, october):
    text = page(client, october.owner).content.decode()

    line = re.sub(r"\s+", " ", re.search(r'data-testid="evening-job">(.*?)</p>', text, re.DOTALL).group(1))
    assert "Club One: the evening job closed 31 of 31 days." in line
    assert "62" not in line  # a chain's days are not the sum of its clubs'


def test_the_meetings_summary_report_gives_the_rate_of_its_own_figures():
    stored = {"departments": [{"kind": "massage", "attendance": {
        "worked": 33, "late": 0, "early": 0, "absent": 0, "leave": 1, "not_recorded": 0, "rate": 100.0,
    }, "checklists": None, "training": None}], "meetings": {}, "action_items": {}}
    with translation.override("en"):
        attendance = figure_tables(stored)[0]

    assert dict(attendance.rows)["Attendance rate"] == ["97.1 %"]


def workbook(client, person, month="2026-10"):
    return load_workbook(io.BytesIO(page(client, person, month, format="xlsx").content))


def test_the_xlsx_is_tables_with_a_frozen_header_real_numbers_and_dates(client, october):
    book = workbook(client, october.owner)

    summary = book.worksheets[0]
    header = next(r for r in summary.iter_rows() if r[0].value == "Section")
    assert summary.freeze_panes == f"C{header[0].row + 1}"
    rate = next(r for r in summary.iter_rows() if r[1].value == "Attendance rate")
    assert (rate[2].value, rate[2].number_format) == (0.765, "0.0%")
    late = book["Late arrivals"] if "Late arrivals" in book.sheetnames else book["Days due at work"]
    assert late.freeze_panes == "C2" and late.auto_filter.ref
    assert late.column_dimensions["A"].width >= 10
    dates = [row[0].value for row in late.iter_rows(min_row=2)]
    assert dates and all(hasattr(d, "year") for d in dates)


def test_the_xlsx_has_no_sheet_of_raw_keys(client, october):
    book = workbook(client, october.owner)

    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if re.fullmatch(r"[a-z_]+(\.[a-z0-9_]+)+", c) or c in ("club_id", "available")]
    honour = book["Honour roll"]
    assert [c.value for c in honour[1]][:2] == ["Name", "Team"]


def test_the_pdf_is_kept_once_made_and_a_click_is_told_whether_it_is_ready(
        client, october, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = page(client, october.owner, format="pdf", ready="1").json()
    second = page(client, october.owner, format="pdf", ready="1").json()

    assert (first, second) == ({"ready": False}, {"ready": True})  # queued, then made by the task
    response = page(client, october.owner, format="pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_a_rebuilt_month_is_never_served_an_old_file(client, october):
    from reports.models import MonthlySnapshot

    old = page(client, october.owner, format="xlsx").content
    MonthlySnapshot.objects.filter(club=october.club1, month="2026-10-01").update(builds=2)  # built again

    assert page(client, october.owner, format="xlsx", ready="1").json() == {"ready": False}
    assert load_workbook(io.BytesIO(page(client, october.owner, format="xlsx").content)).sheetnames == \
        load_workbook(io.BytesIO(old)).sheetnames  # made again for the month as it is now



def test_the_pdf_lists_the_honour_roll_and_the_talks_with_club_names_and_has_its_charts(client, october):
    from pypdf import PdfReader

    content = page(client, october.owner, format="pdf").content
    text = "".join(re.sub(r"[\s\x00]+", "", p.extract_text()) for p in PdfReader(io.BytesIO(content)).pages)

    assert "Honourroll" in text and "Needatalk" in text and "ClubTwo" in text
    assert "Leavedaysbytype" in text and "12months:rates(%)" in text
