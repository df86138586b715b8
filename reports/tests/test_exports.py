"""The same report as PDF (with its charts), as XLSX (a sheet per section with its records) and as JSON."""

import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from kernel import pdf as kernel_pdf
from reports import exports

from .month import READ_IN_NOVEMBER, build_month


pytestmark = READ_IN_NOVEMBER


@pytest.fixture
def october(world):
    build_month(world)
    return world


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return [re.sub(r"[\s\x00]+", "", page.extract_text()) for page in reader.pages]


def test_the_pdf_has_the_figures_and_the_charts_pages(client, october):
    client.force_login(october.owner.user)
    response = client.get("/reports/monthly/2026-10/", {"format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="report-chain-2026-10.pdf"' in response["Content-Disposition"]
    pages = pdf_text(response.content)
    assert len(pages) >= 4
    assert "Monthlyreport2026-10" in pages[0] and "Latearrivals" in pages[0]
    charts = [n for n, text in enumerate(pages) if text.startswith("Charts")]
    assert charts, "no page of charts"
    chart_text = "".join(pages[n] for n in charts)
    for title in ("12months:rates(%)", "12months:latearrivals,earlyleaves,absences", "Leavedaysbytype",
                  "Clubssidebyside(%)"):
        assert title in chart_text
    assert "Clubssidebyside" in "".join(pages)


def test_the_pdf_shows_chinese_with_a_cjk_font(client, october):
    if kernel_pdf.find_font() is None:
        pytest.skip("no font with Chinese glyphs on this machine (apt-get install fonts-noto-cjk)")
    client.force_login(october.owner.user)
    client.cookies.load({})
    content = client.get("/reports/monthly/2026-10/", {"format": "pdf"}, HTTP_ACCEPT_LANGUAGE="zh-hans").content
    assert b"clubops-cjk" in content or b"CJK" in content
    assert "月" in "".join(pdf_text(content))


def test_without_a_cjk_font_the_pdf_is_still_made(client, october, monkeypatch, settings):
    monkeypatch.setattr(kernel_pdf, "find_font", lambda language="zh-hans": None)
    client.force_login(october.owner.user)
    october.club1.name = "静安旗舰店"
    october.club1.save()
    response = client.get(f"/reports/monthly/2026-10/clubs/{october.club1.pk}/", {"format": "pdf"})
    assert response.status_code == 200
    assert len(PdfReader(io.BytesIO(response.content)).pages) >= 4


def test_the_font_can_be_set(settings, tmp_path):
    settings.REPORTS_PDF_FONT = str(tmp_path / "missing.ttf")
    found = kernel_pdf.find_font()  # a missing file: looked up instead, never an error
    assert found is None or found[0] != settings.REPORTS_PDF_FONT


def test_the_xlsx_has_a_summary_then_a_table_per_list_and_per_kind_of_record(client, october):
    client.force_login(october.owner.user)
    response = client.get(f"/reports/monthly/2026-10/clubs/{october.club1.pk}/", {"format": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:3] == ["Summary", "Headcount by position", "Leave days by type"]
    assert {"Days due at work", "Days off", "Honour roll", "Need a talk", "Grooming checks (first round)",
            "Hygiene checks", "Checklist items"} <= set(book.sheetnames)
    summary = {row[1]: row[2] for row in book["Summary"].iter_rows(min_row=5, values_only=True) if row[1]}
    assert summary["Late arrivals"] == 3 and summary["Attendance rate"] == 0.714  # shown as 71.4%
    due = list(book["Days due at work"].iter_rows(min_row=2, values_only=True))
    assert len(due) == 14
    assert sum(1 for row in due if row[3] == "Late") == 3
    assert len(list(book["Days off"].iter_rows(min_row=2, values_only=True))) == 1
    assert len(list(book["Grooming checks (first round)"].iter_rows(min_row=2, values_only=True))) == 3
    assert ("Meetings", "Not available yet.") in list(book["Summary"].iter_rows(values_only=True, max_col=2))


def test_the_chain_xlsx_has_the_clubs_side_by_side(client, october):
    client.force_login(october.owner.user)
    book = load_workbook(io.BytesIO(client.get("/reports/monthly/2026-10/", {"format": "xlsx"}).content))
    clubs = list(book["Clubs"].iter_rows(values_only=True))
    assert clubs[0] == ("Figure", "Club One", "Club Two")
    assert ("Attendance rate", 0.714, 1.0) in clubs
    assert book["Clubs"]["B2"].number_format in ("General", "0.0%")
    assert next(r for r in book["Clubs"].iter_rows() if r[0].value == "Attendance rate")[1].number_format == "0.0%"


def test_a_note_that_looks_like_a_formula_stays_text(client, october):
    from attendance.models import Attendance

    Attendance.objects.filter(person=october.technician, date="2026-10-12").update(note="=HYPERLINK(\"x\")")
    client.force_login(october.owner.user)
    book = load_workbook(io.BytesIO(client.get("/reports/monthly/2026-10/", {"format": "xlsx"}).content))
    notes = [row[9] for row in book["Days due at work"].iter_rows(values_only=True) if len(row) > 9 and row[9]]
    assert "'=HYPERLINK(\"x\")" in notes


def pdf_fonts(content):
    """The names of the fonts a PDF uses, over all its pages."""
    names = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object().get("/BaseFont", "")))
    return names


def test_chinese_headings_are_bold_where_the_bold_face_is_installed(client, october):
    font = kernel_pdf.find_font()
    if font is None or kernel_pdf.bold_face(font) is None:
        pytest.skip("no Noto CJK Regular and Bold pair on this machine (apt-get install fonts-noto-cjk)")
    client.force_login(october.owner.user)
    content = client.get("/reports/monthly/2026-10/", {"format": "pdf"}, HTTP_ACCEPT_LANGUAGE="zh-hans").content
    fonts = pdf_fonts(content)
    assert any("Bold" in name for name in fonts), fonts
    assert any("Bold" not in name for name in fonts), fonts
    assert "月" in "".join(pdf_text(content))


def test_without_the_bold_face_headings_fall_back_to_the_regular_one(client, october, monkeypatch, tmp_path):
    font = kernel_pdf.find_font()
    if font is None:
        pytest.skip("no font with Chinese glyphs on this machine (apt-get install fonts-noto-cjk)")
    alone = tmp_path / "NotoSansCJK-Regular.ttc"  # the regular face without its bold file beside it
    alone.symlink_to(font[0])
    monkeypatch.setattr(kernel_pdf, "find_font", lambda language="zh-hans": (str(alone), font[1]))
    assert kernel_pdf.bold_face(kernel_pdf.find_font()) is None
    client.force_login(october.owner.user)
    response = client.get("/reports/monthly/2026-10/", {"format": "pdf"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    fonts = pdf_fonts(response.content)
    assert fonts and not any("Bold" in name for name in fonts), fonts
    assert "月" in "".join(pdf_text(response.content))


def test_the_meeting_minutes_share_the_bold_face(tmp_path):
    from meetings import pdf as meeting_pdf

    font = kernel_pdf.find_font("zh-hans")
    if font is None or kernel_pdf.bold_face(font) is None:
        pytest.skip("no Noto CJK Regular and Bold pair on this machine (apt-get install fonts-noto-cjk)")
    document = meeting_pdf.Document("会议纪要")
    document.write_heading("出席")
    document.write_text("正文")
    assert document.has_bold
    fonts = pdf_fonts(kernel_pdf.draw(lambda: document))
    assert any("Bold" in name for name in fonts) and any("Bold" not in name for name in fonts), fonts
    alone = tmp_path / "NotoSansCJK-Regular.ttc"
    alone.symlink_to(font[0])
    assert kernel_pdf.bold_face((str(alone), font[1])) is None
