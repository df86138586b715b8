"""The monthly sheet as an Excel file: the same marks and totals as the page, one row per person.

Written row by row with ``kernel.spreadsheets.XlsxStream`` (XlsxWriter in ``constant_memory`` mode:
shared formats, a temporary file), so memory stays flat in the size of the club. Names and team
names are typed by people; every text goes through ``kernel.spreadsheets.safe``, so a name that
starts like a formula is shown as text, never run.
"""

import collections
import hashlib

from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kernel.files import any_kept, digest, is_kept, kept, read_kept
from kernel.spreadsheets import XlsxStream, safe

from .selectors.stats import MONTH_TOTALS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_ROW = 3  # row 1: title, row 2: legend, row 3: column names
STYLE_OF_TONE = {"bad": "bad", "warn": "warn"}  # a day's colour; other days: grey at weekends


def plain_rows(sheet):
    """The rows of ``sheet`` as plain values: (name, team, ((mark, tone) or None per day), totals)."""
    for row in sheet.rows:
        person = row.person
        cells = tuple(None if cell.mark_of is None else (cell.mark_of.mark, cell.mark_of.tone) for cell in row.cells)
        yield person.name, person.team.name if person.team_id else "", cells, tuple(row.totals)


def month_workbook(sheet, *, title, legend, rows=None):
    """The open file of the workbook of ``sheet`` (its rows may be a generator; ``rows``: its
    ``plain_rows`` when already read)."""
    days = sheet.days
    first_total = 3 + len(days)
    widths = {1: 18, 2: 12, **{column: 4 for column in range(3, first_total)}}
    book = XlsxStream(f"{sheet.month:%Y-%m}", widths=widths, freeze=(HEADER_ROW + 1, 3))
    book.row([safe(title)], "title")
    book.row([legend])
    header = [_("Name"), _("Team"), *[day.day for day in days], *[str(label) for _key, label in MONTH_TOTALS]]
    book.row(header, "header")
    weekend = ["muted" if day.weekday() >= 5 else "center" for day in days]
    plain_totals = ["plain"] * len(MONTH_TOTALS)
    styles_of = {}  # one style per distinct mark and weekday pattern
    for name, team, cells, totals in (plain_rows(sheet) if rows is None else rows):
        values = [name, team]
        styles = ["plain", "plain"]
        for n, cell in enumerate(cells):
            if cell is None:
                values.append(None)
                styles.append(weekend[n])
                continue
            mark, tone = cell
            values.append(mark)
            key = (tone, n)
            style = styles_of.get(key)
            if style is None:
                style = styles_of[key] = STYLE_OF_TONE.get(tone) or weekend[n]
            styles.append(style)
        values += totals
        styles += plain_totals
        book.row(values, styles)
    return book.close()


FOLDER = "attendance-months"


def _read(scope, month, today, marks):
    """(sheet, title, legend, prefix) of the month's workbook of ``scope``: the sheet's rows are a generator."""
    from .selectors import daily as day_selectors
    from .selectors import stats as figures

    sheet = figures.month_sheet_rows(people=scope.people, month=month, today=today, marks=marks)
    title = _("Attendance %(month)s · %(scope)s") % {"month": f"{sheet.month:%Y-%m}", "scope": scope.label}
    legend = " · ".join(f"{mark} {label}" for mark, label in day_selectors.legend())
    return sheet, title, legend, f"{scope.club.pk}-{sheet.month:%Y-%m}-{get_language()}-{digest(title)[:8]}"


def _digested(rows, hashed):
    """``rows`` as they go by, each added to ``hashed``: what a file shows is named without holding its rows."""
    for row in rows:
        hashed.update(repr(row).encode())
        yield row


def _content(sheet, title, legend, hashed):
    return title, legend, sheet.month, tuple(sheet.days), hashed.hexdigest()


def _content_of(sheet, title, legend):
    hashed = hashlib.sha256()
    collections.deque(_digested(plain_rows(sheet), hashed), maxlen=0)
    return _content(sheet, title, legend, hashed)


def month_file(scope, *, month, today, marks=None):
    """The bytes of the month's workbook of ``scope`` (``attendance.scope.Scope``), written once per content
    (``kernel.files.kept``): the file, which takes seconds to write at 1,000 people, is written only when what it
    shows has changed since it was last written — for a finished month, by the month's job
    (``jobs.monthly_followup``) before anyone asks; otherwise by ``tasks.prepare_month_file`` while the button
    says it is being prepared (``month_file_ready``).

    Memory holds one person's month at a time: when a file of this scope was kept, the sheet is read once to name
    what it shows (a digest taken row by row), and read back if that file is kept; otherwise (or when it changed)
    it is read again and written as it is read, and the file is named by what was written."""
    sheet, title, legend, prefix = _read(scope, month, today, marks)
    if any_kept(FOLDER, prefix):
        data = read_kept(FOLDER, prefix, _content_of(sheet, title, legend))
        if data is not None:
            return data
        sheet, title, legend, prefix = _read(scope, month, today, marks)  # its rows were read: again, to write
    hashed = hashlib.sha256()
    with month_workbook(sheet, title=title, legend=legend, rows=_digested(plain_rows(sheet), hashed)) as book:
        data = book.read()
    return kept(FOLDER, prefix, _content(sheet, title, legend, hashed), lambda: data)


def month_file_ready(scope, *, month, today, marks=None):
    """(ready, name): whether ``month_file`` would read the workbook back at once, and the name of the file it
    would keep (to queue its writing once). Reads the sheet, writes nothing."""
    sheet, title, legend, prefix = _read(scope, month, today, marks)
    content = _content_of(sheet, title, legend)
    return is_kept(FOLDER, prefix, content), f"{prefix}-{digest(content)}"


def xlsx_response(book, filename):
    """``book``: the bytes ``month_file`` returns, or the open file ``month_workbook`` returns
    (compressed, a few hundred KiB for 3,000 people)."""
    if isinstance(book, bytes):
        response = HttpResponse(book, content_type=XLSX)
    else:
        with book:
            response = HttpResponse(book.read(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
