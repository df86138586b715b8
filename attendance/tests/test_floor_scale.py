"""The floor's big pages stay flat in the size of the club (issue 18): the monthly sheet (paged, or the
whole club streamed), its XLSX and the follow-up page read the same number of queries for 100 and
for 1,000 people, and show the same figures as the rules they are built on."""

import datetime
import shutil
from types import SimpleNamespace
from io import BytesIO

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from attendance.models import Attendance, AttendancePolicy, LeaveType, Status
from attendance.selectors.followup import (
    HONOUR, followup_by_club, followup_rows_by_club, holds, month_followup, month_followup_page, needs_talk_q, rule,
)
from attendance.selectors.stats import Marks, month_sheet, month_sheet_page
from staff.models import Gender, Person, Role

from .figures import sheet_row

SHEET = reverse("attendance:stats_monthly")
FOLLOWUP = reverse("attendance:followup")
MARCH = datetime.date(2025, 3, 1)
PATTERN = [Status.PRESENT, Status.LATE, Status.ABSENT, Status.LEAVE, Status.DAY_OFF, Status.LEFT_EARLY]


def crowd(world, n, start=0):
    """``n`` technicians of team A with a few records each in March 2025, written with bulk_create."""
    people = Person.objects.bulk_create([
        Person(name=f"Crowd {start + k:04d}", gender=Gender.FEMALE, hire_date=datetime.date(2024, 1, 15),
               position=Role.TECHNICIAN, club=world.club1, department=world.team_a.department, team=world.team_a)
        for k in range(n)
    ])
    rows = []
    for k, person in enumerate(people):
        for d in range(1, 4):
            status = PATTERN[(k + d) % len(PATTERN)]
            rows.append(Attendance(
                person=person, club=world.club1, date=MARCH.replace(day=d), status=status,
                late_minutes=12 if status == Status.LATE else 0, early_minutes=20 if status == Status.LEFT_EARLY else 0,
                leave_type=LeaveType.SICK if status == Status.LEAVE else "",
            ))
    Attendance.objects.bulk_create(rows)
    return people


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        n = len(queries)
    return n, body


PAGES = {
    "sheet": f"{SHEET}?month=2025-03",
    "sheet_page_2": f"{SHEET}?month=2025-03&page=2",
    "sheet_all": f"{SHEET}?month=2025-03&all=1",
    "xlsx": f"{SHEET}?month=2025-03&format=xlsx",
    "followup": f"{FOLLOWUP}?month=2025-03",
}


def _every_page(client, kept_files):
    """Each page's (queries, body); the workbook twice: written (no file kept) and read back (its file kept)."""
    shutil.rmtree(kept_files, ignore_errors=True)
    counted = {name: _count(client, url) for name, url in PAGES.items()}
    counted["xlsx_kept"] = _count(client, PAGES["xlsx"])
    return counted


def test_the_query_counts_do_not_grow_from_100_to_1000_people(client_as, world, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    AttendancePolicy.objects.create(club=world.club1, talk_after_late_count=1, talk_after_absences=1)
    client = client_as(world.store_manager)
    crowd(world, 100)
    small = {name: n for name, (n, _body) in _every_page(client, tmp_path / "files").items()}
    crowd(world, 900, start=100)

    big = _every_page(client, tmp_path / "files")

    assert {name: n for name, (n, _body) in big.items()} == small
    assert small["sheet"] <= 20 and small["xlsx"] <= 12 and small["xlsx_kept"] <= 12 and small["followup"] <= 16
    assert big["xlsx_kept"][1] == big["xlsx"][1]  # read back: the same file
    assert big["sheet_all"][1].count(b"<tr data-person=") >= 1000
    assert big["sheet"][1].count(b"<tr data-person=") == 50
    sheet = load_workbook(BytesIO(big["xlsx"][1])).active
    assert sheet.max_row >= 3 + 1000


def test_pages_together_are_the_whole_sheet_in_the_same_order(client_as, world):
    crowd(world, 120)
    client = client_as(world.store_manager)
    _n, everyone = _count(client, f"{SHEET}?month=2025-03&all=1")
    paged = b""
    for page in (1, 2, 3):
        paged += _count(client, f"{SHEET}?month=2025-03&page={page}")[1].split(b"<tbody>")[1].split(b"</tbody>")[0]

    def rows(body):
        return [line.strip() for line in body.split(b"\n") if line.strip().startswith(b"<tr data-person=")]

    assert rows(paged) == rows(everyone.split(b"<tbody>")[1].split(b"</tbody>")[0])
    assert len(rows(paged)) == Person.objects.filter(club=world.club1, status=Person.Status.ACTIVE).count()


def test_a_crowd_row_shows_its_marks_and_totals(client_as, world):
    person = crowd(world, 3)[0]  # k=0: 1 late (12'), 2 absent, 3 leave (sick)
    streamed = client_as(world.store_manager).get(f"{SHEET}?month=2025-03&all=1")
    response = SimpleNamespace(content=b"".join(streamed.streaming_content))

    marks, totals = sheet_row(response, person)

    assert (marks[1], marks[2], marks[3], marks[4]) == ("L", "A", "V", "?")
    assert totals[:6] == [1, 1, 12, 0, 0, 1]


def test_each_distinct_mark_is_made_and_translated_once():
    with translation.override("en"):
        marks = Marks()
        assert marks.get(Status.LATE, "", 12, 0) is marks.get(Status.LATE, "", 12, 0)
        assert marks.get(Status.LATE, "", 12, 0).title == "Late 12′"
        assert marks.get(Status.LEAVE, LeaveType.SICK).title == str(LeaveType.SICK.label)
    with translation.override("zh-hans"):
        chinese = Marks()
    assert chinese.get(Status.LATE).title != "Late" and chinese.get(Status.LATE).title


def test_the_page_and_the_whole_sheet_agree(world):
    crowd(world, 60)
    today = datetime.date(2025, 4, 10)
    people = Q(club=world.club1)
    whole = month_sheet(people=people, month=MARCH, today=today)
    page = month_sheet_page(people=people, month=MARCH, today=today, page=2, per_page=25)
    assert [r.person.pk for r in page.rows] == [r.person.pk for r in whole.rows[25:50]]
    assert [r.totals for r in page.rows] == [r.totals for r in whole.rows[25:50]]
    assert [[c.mark for c in r.cells] for r in page.rows] == [[c.mark for c in r.cells] for r in whole.rows[25:50]]


def test_the_xlsx_colours_late_and_absent_days(client_as, world):
    person = crowd(world, 1)[0]
    response = client_as(world.store_manager).get(f"{SHEET}?month=2025-03&format=xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    row = next(r for r in sheet.iter_rows(min_row=4) if r[0].value == person.name)

    assert (row[2].value, row[3].value) == ("L", "A")
    assert row[2].fill.fgColor.rgb == "FFFFF3CD" and row[3].fill.fgColor.rgb == "FFF8D7DA"
    assert sheet.freeze_panes == "C4"


@pytest.mark.parametrize("late,absent", [(3, 0), (0, 1), (0, 0), (2, 0)])
def test_the_page_decides_the_lists_by_the_same_rule(world, late, absent):
    policy = AttendancePolicy(club=world.club1, talk_after_late_count=3, talk_after_absences=1)
    counts = {"person_id": 1, "worked": 5, "late": late, "early": 0, "absent": absent}
    talk, honour = holds(needs_talk_q(policy), counts), holds(HONOUR, counts)
    assert talk == (late >= 3 or absent >= 1)
    assert honour == (late == 0 and absent == 0)
    # the report's snapshot reads the same rules compiled once (``rule``)
    assert (rule(needs_talk_q(policy))(counts), rule(HONOUR)(counts)) == (talk, honour)
    off = AttendancePolicy(club=world.club1, talk_after_late_count=0, talk_after_absences=0)
    assert rule(needs_talk_q(off))(counts) is holds(needs_talk_q(off), counts) is False
    assert rule(~HONOUR)(counts) == (not honour)


def test_the_reports_rows_list_who_the_followup_lists_in_its_order(world):
    """``followup_rows_by_club`` (the report's snapshot, rows) and ``followup_by_club`` (Person objects) agree."""
    AttendancePolicy.objects.create(club=world.club1, talk_after_late_count=1, talk_after_absences=1)
    crowd(world, 40)
    for k in range(3):  # on the honour roll: on time every day
        person = Person.objects.create(name=f"Steady {k}", gender=Gender.FEMALE, hire_date=datetime.date(2024, 1, 15),
                                       position=Role.TECHNICIAN, club=world.club1, team=world.team_b if k else None)
        Attendance.objects.create(person=person, club=world.club1, date=MARCH.replace(day=2), status=Status.PRESENT)
    people = followup_by_club(clubs=[world.club1], month=MARCH)[world.club1.pk]
    rows = followup_rows_by_club(clubs=[world.club1], month=MARCH)[world.club1.pk]

    assert people.needs_talk and people.honour_roll
    assert [r["person_id"] for r in rows["needs_talk"]] == [p.pk for p in people.needs_talk]
    assert [r["person_id"] for r in rows["honour_roll"]] == [p.pk for p in people.honour_roll]
    assert [(r["late"], r["late_minutes"], r["absent"], r["team"]) for r in rows["needs_talk"]] == [
        (p.late, p.late_minutes, p.absent, p.team.name) for p in people.needs_talk]
    assert [r["team"] for r in rows["honour_roll"]] == [p.team.name if p.team_id else None for p in people.honour_roll]


def test_the_followup_page_lists_what_the_selector_lists(world):
    AttendancePolicy.objects.create(club=world.club1, talk_after_late_count=1, talk_after_absences=1)
    crowd(world, 70)
    whole = month_followup(world.club1, MARCH)
    first = month_followup_page(world.club1, MARCH, per_page=30)
    listed = []
    for n in range(1, first.talk_page.paginator.num_pages + 1):
        listed += [p.pk for p in month_followup_page(world.club1, MARCH, page=n, per_page=30).talk_page.object_list]

    assert listed == [p.pk for p in whole.needs_talk]
    assert [p.pk for p in first.honour_page.object_list] == [p.pk for p in whole.honour_roll][:30]
    assert len(first.needs_talk) == len(whole.needs_talk) and len(first.honour_roll) == len(whole.honour_roll)
    shown = first.talk_page.object_list[0]
    assert (shown.late, shown.absent) == (whole.needs_talk[0].late, whole.needs_talk[0].absent)
