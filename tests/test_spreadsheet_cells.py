"""Every spreadsheet cell that holds people's text is text, never a formula (kernel.spreadsheets)."""

import ast
import io
import pathlib

from openpyxl import load_workbook

from reports.tests.month import READ_IN_NOVEMBER, build_month
from django.conf import settings

ROOT = pathlib.Path(__file__).resolve().parent.parent
PRODUCT = [*settings.PRODUCT_APPS, "kernel", "demo", "outbox", "clubops"]
WRITERS = {"openpyxl", "csv", "xlsxwriter", "xlwt", "pyexcel", "tablib", "pandas"}


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_every_spreadsheet_writer_goes_through_the_shared_one():
    """A module that writes XLSX or CSV also uses kernel.spreadsheets (or is it)."""
    unsafe = []
    for app in PRODUCT:
        for path in (ROOT / app).rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts or path.name == "spreadsheets.py":
                continue
            modules = set(_imports(path))
            if {m.split(".")[0] for m in modules} & WRITERS and "kernel.spreadsheets" not in modules:
                unsafe.append(str(path.relative_to(ROOT)))
    assert unsafe == []


def _formulas(content):
    book = load_workbook(io.BytesIO(content))
    found, texts = [], []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith(("=", "+", "@"))):
                    found.append(f"{sheet.title}!{cell.coordinate}: {cell.value}")
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return found, texts


@READ_IN_NOVEMBER
def test_a_club_and_a_person_named_like_a_formula_stay_text_in_the_report(client, world):
    """The chain's and the club's monthly workbook, read from one month built once."""
    build_month(world)
    world.club1.name = "=1+1"
    world.club1.save()
    world.technician.name = "+SUM(1,1)"
    world.technician.save()
    world.team_a.name = "@cmd"
    world.team_a.save()
    client.force_login(world.owner.user)
    for url in ["/reports/monthly/2026-10/?format=xlsx", f"/reports/monthly/2026-10/clubs/{world.club1.pk}/?format=xlsx"]:
        response = client.get(url)
        assert response.status_code == 200, url
        found, texts = _formulas(response.content)
        assert found == [], url
        assert "'=1+1" in texts and "'+SUM(1,1)" in texts and "'@cmd" in texts, url


def test_the_streaming_writer_keeps_text_as_text_and_numbers_as_numbers():
    from kernel.spreadsheets import XlsxStream

    book = XlsxStream("2025-03/x", widths={1: 18}, freeze=(2, 3))
    book.row(["Name", "Team", 1, 2.5], "header")
    book.row(['=HYPERLINK("http://evil.example/")', "+SUM(1,1)", "bell\x07 & <b>", None, 7],
             ["plain", "plain", "warn", "muted", "plain"])
    sheet = load_workbook(book.close()).active

    assert sheet.title == "2025-03_x" and sheet.freeze_panes == "C2"
    assert [c.value for c in sheet[1]][:4] == ["Name", "Team", 1, 2.5] and sheet["A1"].font.b
    row = sheet[2]
    assert row[0].value == '\'=HYPERLINK("http://evil.example/")' and row[0].data_type == "s"
    assert row[1].value == "'+SUM(1,1)" and row[2].value == "bell & <b>" and row[4].value == 7
    assert row[2].fill.fgColor.rgb == "FFFFF3CD" and row[3].fill.fgColor.rgb == "FFEEEEEE"
    assert 18 < sheet.column_dimensions["A"].width < 19  # XlsxWriter stores the width Excel shows plus its padding
