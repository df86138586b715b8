"""The monthly sheet as an Excel file: the same marks and totals as the page, one row per person."""

from io import BytesIO

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .selectors import MONTH_TOTALS, UNRECORDED

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_ROW = 3  # row 1: title, row 2: legend, row 3: column names
MUTED = PatternFill("solid", fgColor="EEEEEE")
BAD = PatternFill("solid", fgColor="F8D7DA")
WARN = PatternFill("solid", fgColor="FFF3CD")
FILLS = {"absent": BAD, "not_recorded": BAD, UNRECORDED: BAD, "late": WARN, "left_early": WARN, "late_left_early": WARN}


def month_workbook(sheet, *, title, legend):
    book = Workbook()
    ws = book.active
    ws.title = f"{sheet.month:%Y-%m}"
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=13)
    ws.cell(row=2, column=1, value=legend)
    header = [_("Name"), _("Team"), *[day.day for day in sheet.days], *[str(label) for _key, label in MONTH_TOTALS]]
    for column, value in enumerate(header, start=1):
        cell = ws.cell(row=HEADER_ROW, column=column, value=value)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    first_total = 3 + len(sheet.days)
    for n, row in enumerate(sheet.rows, start=HEADER_ROW + 1):
        ws.cell(row=n, column=1, value=row.person.name)
        ws.cell(row=n, column=2, value=row.person.team.name if row.person.team else "")
        for column, day_cell in enumerate(row.cells, start=3):
            cell = ws.cell(row=n, column=column, value=day_cell.mark or None)
            cell.alignment = Alignment(horizontal="center")
            if day_cell.status in FILLS:
                cell.fill = FILLS[day_cell.status]
            elif day_cell.day.weekday() >= 5:
                cell.fill = MUTED
        for column, value in enumerate(row.totals, start=first_total):
            ws.cell(row=n, column=column, value=value)
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 12
    for column in range(3, first_total):
        ws.column_dimensions[get_column_letter(column)].width = 4
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=3)
    return book


def xlsx_response(book, filename):
    out = BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
