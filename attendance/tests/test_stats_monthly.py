"""Monthly statistics: a calendar of marks per person with the month's totals, on the page and as XLSX."""

import datetime
import shutil
from io import BytesIO

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from attendance.models import LeaveType, RosterEntry, Status
from attendance.selectors.stats import MONTH_TOTALS
from tests.factories import PersonFactory

from .figures import messages_of, record, sheet_row

URL = reverse("attendance:stats_monthly")
MARCH = datetime.date(2025, 3, 1)
TOTALS = [key for key, _label in MONTH_TOTALS]


def url(**params):
    query = "&".join(f"{k}={v}" for k, v in {"month": "2025-03", **params}.items())
    return f"{URL}?{query}"


def day(n):
    return MARCH.replace(day=n)


def march_of_tech_a1(world):
    """Tech A1 in March 2025: 2× late (10′, 25′), 1 early leave, 1 absence, 2 days sick, 1 annual leave, a day off."""
    person = world.technician
    record(person, day(3), Status.LATE, late_minutes=10)
    record(person, day(4), Status.LATE_AND_LEFT_EARLY, late_minutes=25, early_minutes=40)
    record(person, day(5), Status.PRESENT)
    record(person, day(6), Status.ABSENT)
    record(person, day(7), Status.LEAVE, leave_type=LeaveType.SICK)
    record(person, day(8), Status.LEAVE, leave_type=LeaveType.SICK)
    record(person, day(10), Status.LEAVE, leave_type=LeaveType.ANNUAL)
    record(person, day(11), Status.DAY_OFF)
    record(person, day(12), Status.NOT_RECORDED)


def totals_of(values):
    return dict(zip(TOTALS, values, strict=True))


def test_it_shows_a_mark_per_day_and_the_months_totals(client_as, world):
    march_of_tech_a1(world)

    response = client_as(world.supervisor_a).get(url())

    assert response.status_code == 200
    marks, values = sheet_row(response, world.technician)
    assert [marks[n] for n in (3, 4, 5, 6, 7, 10, 11, 12)] == ["L", "LE", "✓", "A", "V", "V", "O", "?"]
    totals = totals_of(values)
    assert totals["worked"] == 3
    assert (totals["late"], totals["late_minutes"]) == (2, 35)
    assert (totals["early"], totals["early_minutes"]) == (1, 40)
    assert totals["absent"] == 1
    assert (totals["leave_sick"], totals["leave_annual"], totals["leave_personal"]) == (2, 1, 0)
    assert totals["day_off"] == 1


def test_days_with_no_record_follow_the_roster(client_as, world):
    record(world.technician_a2, day(1), Status.PRESENT)
    RosterEntry.objects.create(person=world.technician_a2, date=day(2), shift=None)

    marks, values = sheet_row(client_as(world.supervisor_a).get(url()), world.technician_a2)

    assert (marks[1], marks[2], marks[3]) == ("✓", "O", "?")
    totals = totals_of(values)
    assert (totals["worked"], totals["day_off"], totals["not_recorded"]) == (1, 1, 29)


def test_the_month_is_a_date_range(client_as, world):
    record(world.technician, datetime.date(2025, 2, 28), Status.ABSENT)
    record(world.technician, datetime.date(2025, 4, 1), Status.ABSENT)
    record(world.technician, datetime.date(2024, 3, 15), Status.ABSENT)  # March of another year
    record(world.technician, day(31), Status.LATE)

    marks, values = sheet_row(client_as(world.supervisor_a).get(url()), world.technician)

    assert totals_of(values)["absent"] == 0
    assert totals_of(values)["late"] == 1
    assert marks[31] == "L"


def test_a_supervisor_sees_their_team_and_not_another(client_as, world):
    response = client_as(world.supervisor_a).get(url())
    content = response.content.decode()

    assert f'data-person="{world.technician.pk}"' in content
    assert f'data-person="{world.technician_b.pk}"' not in content


def test_the_team_filter_shows_that_team_only(client_as, world):
    response = client_as(world.store_manager).get(url(team=world.team_b.pk))
    content = response.content.decode()

    assert f'data-person="{world.technician_b.pk}"' in content
    assert f'data-person="{world.technician.pk}"' not in content


def test_a_bad_month_says_so_and_shows_this_month(client_as, world):
    response = client_as(world.store_manager).get(f"{URL}?month=March")

    assert response.status_code == 200
    assert messages_of(response)[0].startswith("“March” is not a month (YYYY-MM)")


def _queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_its_query_count_is_the_same_for_2_and_30_people(client_as, world, settings, tmp_path):
    settings.VAR_DIR = tmp_path  # each download below writes its file: none is kept from another test
    client = client_as(world.supervisor_a)
    for person in (world.technician, world.technician_a2):
        record(person, day(3), Status.LATE)
    two = _queries(client, url(team=world.team_a.pk))
    xlsx_two = _queries(client, url(team=world.team_a.pk, format="xlsx"))
    shutil.rmtree(tmp_path / "files", ignore_errors=True)
    for _ in range(28):
        person = PersonFactory(club=world.club1, team=world.team_a, department=world.team_a.department)
        record(person, day(3), Status.LATE)
        record(person, day(4), Status.ABSENT)

    thirty = _queries(client, url(team=world.team_a.pk))
    xlsx_thirty = _queries(client, url(team=world.team_a.pk, format="xlsx"))

    assert world.team_a.members.count() == 30
    assert (thirty, xlsx_thirty) == (two, xlsx_two)
    # measured: 14 — 6 session, login and navigation; the page of the sheet: count, ids, totals, people,
    # records, rostered days off; the pickers' teams and departments
    assert thirty <= 16


def _workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(BytesIO(response.content)).active


def _rows_by_name(sheet):
    header = [cell.value for cell in sheet[3]]
    return header, {row[0]: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=4, values_only=True)}


def test_the_team_sheet_downloads_as_xlsx_with_the_same_figures(client_as, world):
    march_of_tech_a1(world)

    response = client_as(world.supervisor_a).get(url(team=world.team_a.pk, format="xlsx"))

    assert 'filename="attendance-one-team' in response["Content-Disposition"]
    sheet = _workbook(response)
    assert sheet.title == "2025-03"
    assert sheet["A1"].value == "Attendance 2025-03 · Club One · Team A"
    header, rows = _rows_by_name(sheet)
    assert header[:4] == ["Name", "Team", 1, 2] and header[32] == 31
    assert set(rows) == {"Tech A1", "Tech A2"}
    tech = rows["Tech A1"]
    assert (tech[3], tech[4], tech[6], tech[7]) == ("L", "LE", "A", "V")
    assert (tech["Days present"], tech["Times late"], tech["Minutes late"]) == (3, 2, 35)
    assert (tech["Early leaves"], tech["Absences"], tech["Sick leave"], tech["Annual leave"]) == (1, 1, 2, 1)


def test_the_club_sheet_has_everyone_the_reader_sees_in_the_club(client_as, world):
    record(world.technician_b, day(3), Status.ABSENT)

    sheet = _workbook(client_as(world.store_manager).get(url(format="xlsx")))

    _header, rows = _rows_by_name(sheet)
    assert {"Tech A1", "Tech A2", "Tech B1", "supervisor_a", "store_manager"} <= set(rows)
    assert "Tech Two" not in rows and "Gone Person" not in rows
    assert rows["Tech B1"]["Team"] == "Team B"
    assert rows["Tech B1"]["Absences"] == 1


def test_the_xlsx_follows_the_same_access_rule(client_as, world):
    assert client_as(world.technician).get(url(format="xlsx")).status_code == 403
    assert client_as(world.supervisor_b).get(url(team=world.team_a.pk, format="xlsx")).status_code == 403
    assert client_as(world.store_manager_2).get(url(team=world.team_a.pk, format="xlsx")).status_code == 404


def test_a_name_that_looks_like_a_formula_comes_out_as_text(client_as, world):
    world.technician.name = '=HYPERLINK("http://evil.example/","Click")'
    world.technician.save()
    record(world.technician, day(3), Status.PRESENT)

    sheet = _workbook(client_as(world.supervisor_a).get(url(team=world.team_a.pk, format="xlsx")))

    names = [row[0] for row in sheet.iter_rows(min_row=4, max_col=1)]
    evil = next(cell for cell in names if "HYPERLINK" in str(cell.value))
    assert evil.data_type == "s"  # a string, not a formula a spreadsheet program would run
    assert not str(evil.value).startswith("=")
    assert str(evil.value).endswith('=HYPERLINK("http://evil.example/","Click")')


def test_each_persons_totals_stay_on_their_own_row_whoever_has_no_record(client_as, world, settings, tmp_path):
    """The totals are read in the people's order beside their records: people with no record in between (or no
    team, listed last) must not shift anyone's totals onto the next row, on the page or in the workbook."""
    settings.VAR_DIR = tmp_path
    late_days = {}
    for n, team in enumerate([world.team_a, world.team_b, None, world.team_a, world.team_b, None, world.team_a]):
        person = PersonFactory(club=world.club1, team=team, name=f"Row {n}",
                               department=team.department if team else world.team_a.department)
        late_days[person] = n % 3  # 1, 2, 0, 1, 2, 0, 1 late days: every third has none
        for d in range(1, late_days[person] + 1):
            record(person, day(2 + d), Status.LATE, late_minutes=5)
    client = client_as(world.store_manager)

    page = client.get(url())
    _header, rows = _rows_by_name(_workbook(client.get(url(format="xlsx"))))

    for person, late in late_days.items():
        assert totals_of(sheet_row(page, person)[1])["late"] == late, person.name
        assert (rows[person.name]["Times late"], rows[person.name]["Minutes late"]) == (late, 5 * late), person.name
