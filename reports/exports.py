"""The report as a file: a printable PDF with the charts (fpdf2) and a spreadsheet with the records (openpyxl).

Chinese text needs a font with CJK glyphs: ``kernel.pdf.find_font`` finds the one every PDF of
ClubOps uses (``settings.REPORTS_PDF_FONT``, else one installed). Without one the PDF is still
made, with a core font, and characters it cannot show become "?".
"""

import datetime
import hashlib
import json
import os
import re
import tempfile
from decimal import Decimal
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF, XPos, YPos
from fpdf.enums import TextEmphasis
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from attendance.models import GroomingItem, HygieneItem
from kernel import rates
from kernel.pdf import add_faces, draw
from kernel.spreadsheets import safe
from staff import registry

from . import charts as ch
from . import presentation, records
from .figures import HEADLINES, value_at


PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FAMILY = "clubops-cjk"


class ReportPDF(FPDF):
    def __init__(self, footer_text):
        super().__init__(format="A4")
        self.footer_text = footer_text
        # Reading a CJK face takes about half a second, a working copy a tenth of that (``kernel.pdf``): a regular
        # face, and the bold one for headings where it is installed (without it, headings are set by size and shading).
        self.unicode, self.bold = add_faces(self, FAMILY)
        self.bold = self.bold or not self.unicode  # the core font has a bold face
        self.family = FAMILY if self.unicode else "helvetica"
        self.set_font(self.family, size=10)
        self.set_auto_page_break(True, margin=15)

    def text_of(self, value):
        text = "" if value is None else str(value)
        if self.unicode:
            return text
        return text.replace("–", "-").replace("−", "-").replace("′", "'").encode("latin-1", "replace").decode("latin-1")

    def set_font(self, family=None, style="", size=0):
        if getattr(self, "unicode", False):
            bold = TextEmphasis.B in TextEmphasis.coerce(style or "")
            style = "B" if bold and getattr(self, "bold", False) else ""  # no italic or underlined CJK face
        super().set_font(family or getattr(self, "family", "helvetica"), style, size)

    def footer(self):
        self.set_y(-12)
        self.set_font(size=7)
        self.set_text_color(120, 120, 120)
        self.cell(0, 5, self.text_of(f"{self.footer_text} · {self.page_no()}"), align="C")
        self.set_text_color(0, 0, 0)

    def heading(self, text, size=13):
        self.set_font(size=size, style="B")
        self.cell(0, 8, self.text_of(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(size=9)

    def line_of_text(self, text, size=9):
        self.set_font(size=size)
        self.multi_cell(0, 5, self.text_of(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def grid(self, header, rows, widths=None, align=None):
        if not rows:
            self.line_of_text(_("Nothing to show."))
            return
        self.set_font(size=8)
        with self.table(
            col_widths=widths, text_align=align or "LEFT", line_height=4.5, first_row_as_headings=True,
            headings_style=FontFace(emphasis="BOLD" if self.bold else None, fill_color=(235, 238, 242)),
        ) as table:
            for data in [header, *rows]:
                row = table.row()
                for value in data:
                    row.cell(self.text_of(value))
        self.ln(3)


def _scope_name(report):
    return _("All clubs") if report.scope == "chain" else report.club.name


def _status_line(report):
    if report.closed and report.built_at:
        text = _("Built on %(when)s from the records of the month.") % {
            "when": timezone.localtime(report.built_at).strftime("%Y-%m-%d %H:%M")}
        if report.rebuilt:
            text += " " + _("Built again after records of the month changed.")
        return text
    return _("The month is not over: figures so far, read from the records now.")


def pdf_bytes(report):
    """The report as a printable PDF: the figures, a page of charts, and the lists behind them."""
    return draw(lambda: _pdf(report))


def _pdf(report):
    title = _("Monthly report %(month)s · %(scope)s") % {"month": f"{report.month:%Y-%m}", "scope": _scope_name(report)}
    pdf = ReportPDF(f"{settings.CHAIN_NAME} · {title}")
    pdf.set_title(title)
    pdf.set_creator("ClubOps")
    pdf.add_page()
    pdf.heading(title, size=15)
    pdf.line_of_text(_status_line(report))
    pdf.ln(2)
    for section in presentation.sections(report, lambda figure: ""):
        pdf.heading(section.title, size=11)
        if not section.available:
            pdf.line_of_text(_("Not available yet."))
            continue
        pdf.grid(
            [_("Figure"), _("This month"), _("Previous month"), _("Change")],
            [(row.label, row.value, row.previous, row.change) for row in section.rows],
            widths=(80, 30, 30, 25), align=("LEFT", "RIGHT", "RIGHT", "RIGHT"),
        )
    for table_title, header, rows in section_tables(report):
        pdf.heading(table_title, size=11)
        pdf.grid(header, rows)
    if report.scope == "chain" and len(report.parts) > 1:
        pdf.add_page()
        pdf.heading(_("Clubs side by side"))
        for start in range(0, len(report.parts), 4):
            parts = report.parts[start:start + 4]
            pdf.grid(
                [_("Figure"), *[p.club.name for p in parts]],
                [(str(h.label), *[presentation.fmt(value_at(p.figures, h.key), h.unit) for p in parts])
                 for h in HEADLINES],
                widths=(70, *[110 / len(parts)] * len(parts)),
            )
    pdf.add_page()
    pdf.heading(_("Charts"))
    y = pdf.get_y()
    for n, chart in enumerate(presentation.charts(report)):
        if n and n % 2 == 0:
            pdf.add_page()
            pdf.heading(_("Charts"))
            y = pdf.get_y()
        ch.draw_pdf(pdf, chart, pdf.l_margin, y, pdf.epw, 118, pdf.text_of)
        y += 124
    pdf.set_xy(pdf.l_margin, y)
    pdf.add_page()
    _pdf_details(pdf, report)
    return pdf


def section_tables(report):
    """The sections the apps above reports add (e.g. targets and actuals), as tables in the active language: read
    live like the page's, so the file of a closed month is made again when they change (``_name``)."""
    return registry.report_tables([p.club for p in report.parts], report.month)


def _pdf_text(value):
    if isinstance(value, Percent):
        return rates.percent(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return presentation.fmt(value) if isinstance(value, (int, float)) else ("" if value is None else str(value))


def _pdf_details(pdf, report):
    """The report's lists (the same as the spreadsheet's): positions, leave, honour roll, talks, items."""
    pdf.heading(_("Details"))
    for title, header, rows in lists(report):
        pdf.heading(title, size=10)
        pdf.grid(header, [[_pdf_text(v) for v in row] for row in rows])
    for name, title in (("training", _("Training, rewards and penalties")), ("meetings", _("Meetings"))):
        if not (report.figures.get(name) or {}).get("available"):
            pdf.heading(title, size=10)
            pdf.line_of_text(_("Not available yet."))


def pdf_response(report, filename):
    return file_response(report, "pdf", filename)


# --- XLSX ---------------------------------------------------------------------------------------

# The records behind the figures, one sheet (one table) each, in the report's order.
RECORD_SHEETS = [
    "headcount_end", "joined", "left", "due_days", "day_off", "honour_roll", "needs_talk", "talks", "grooming",
    "hygiene", "consumables", "low_stock", "quality", "complaints", "praise", "checklists",
]
# Training's and meetings' records, when the module is there.
MODULE_SHEETS = {
    "training": ["training_sessions", "assessments", "levels", "competitions", "rewards", "penalties"],
    "meetings": ["meetings", "action_items"],
}
HEADER_FILL = PatternFill("solid", fgColor="E9EEF4")
DATE_FORMAT = "yyyy-mm-dd"
MOMENT_FORMAT = "yyyy-mm-dd hh:mm"
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class Percent(float):
    """A rate in % (76.2) that the spreadsheet stores as a fraction under the % number format."""


def _rate(value):
    return None if value is None else Percent(value)


def _cell_value(value):
    """What a cell holds: numbers as numbers, dates as dates, text as safe text."""
    if isinstance(value, Percent):
        return rates.fraction(value), rates.PERCENT_FORMAT
    if isinstance(value, bool):
        return (_("yes") if value else _("no")), None
    if isinstance(value, (int, float, Decimal)):
        return value, None
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None), MOMENT_FORMAT
    if isinstance(value, datetime.date):
        return value, DATE_FORMAT
    text = "" if value is None else str(value)
    if DATE.match(text):
        return datetime.date.fromisoformat(text), DATE_FORMAT
    if MOMENT.match(text):
        return datetime.datetime.strptime(text, "%Y-%m-%d %H:%M"), MOMENT_FORMAT
    if NUMBER.match(text) and len(text) < 15:
        return (float(text) if "." in text else int(text)), None
    return safe(text), None


def _width(value):
    text = value if isinstance(value, str) else f"{value}"
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


class Sheets:
    """A workbook whose every sheet is one table: a header row (frozen, filterable), then typed rows."""

    def __init__(self):
        self.book = Workbook()
        self.names = set()
        self.first = True

    def name(self, title):
        base = SHEET_NAME_FORBIDDEN.sub(" ", str(title)).strip()[:31] or "-"
        name, n = base, 2
        while name.lower() in self.names:
            suffix = f" ({n})"
            name, n = base[:31 - len(suffix)] + suffix, n + 1
        self.names.add(name.lower())
        return name

    def table(self, title, header, rows, *, above=(), freeze_columns=1):
        """A sheet named ``title``: lines of text ``above`` the table, then its header and rows."""
        if self.first:
            sheet, self.first = self.book.active, False
            sheet.title = self.name(title)
        else:
            sheet = self.book.create_sheet(self.name(title))
        for n, line in enumerate(above, start=1):
            sheet.append([safe(str(line))])
            sheet.cell(row=n, column=1).font = Font(bold=n == 1, size=13 if n == 1 else 10)
        if above:
            sheet.append([])
        top = sheet.max_row + 1 if above else 1
        widths = [_width(str(h)) for h in header]
        for column, heading in enumerate(header, start=1):
            cell = sheet.cell(row=top, column=column, value=safe(str(heading)))
            cell.font, cell.fill = Font(bold=True), HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for r, row in enumerate(rows, start=top + 1):
            for column, value in enumerate(row, start=1):
                stored, number_format = _cell_value(value)
                cell = sheet.cell(row=r, column=column, value=stored)
                if number_format:
                    cell.number_format = number_format
                if column <= len(widths):
                    widths[column - 1] = max(widths[column - 1], 12 if number_format else _width(stored))
        for column, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 8), 60)
        sheet.freeze_panes = sheet.cell(row=top + 1, column=freeze_columns + 1)
        if rows:
            sheet.auto_filter.ref = f"A{top}:{get_column_letter(len(header))}{top + len(rows)}"
        return sheet


def _headline_value(value, unit):
    return _rate(value) if unit == "%" else value


def _records(sheets, report, figure):
    """The records behind ``figure`` as a sheet; the page's "Open" links stay on the page."""
    drill = records.drill(figure, clubs=[p.club for p in report.parts], month=report.month, params={})
    rows = [drill.cells(row) for row in drill.rows]
    links = str(_("Open"))
    keep = [n for n in range(len(drill.columns))
            if not any(r[n].url and str(r[n].text) == links for r in rows[:1])]
    sheets.table(drill.label, [drill.columns[n] for n in keep], [[r[n].text for n in keep] for r in rows],
                 freeze_columns=min(2, len(keep)))


def workbook(report):
    """A summary sheet (every headline, the month before, twelve months), the clubs side by side, the lists,
    then one sheet per kind of record: each a table with a header row to filter on, in the reader's language."""
    sheets = Sheets()
    title = _("Monthly report %(month)s · %(scope)s") % {"month": f"{report.month:%Y-%m}", "scope": _scope_name(report)}
    months = [f"{m:%Y-%m}" for m, _f in report.trend]
    # These lists have their own sheet of records, with every column the page's list has and more.
    listed_as_records = {_("Honour roll"), _("Need a talk"), _("Items low on stock at the month's end")}
    summary = []
    for section in presentation.sections(report, lambda figure: ""):
        if not section.available:
            summary.append([section.title, _("Not available yet.")])
            continue
        for row in section.rows:
            pct = row.unit == "%"
            summary.append([
                section.title, row.label, _headline_value(row.raw, row.unit), _headline_value(row.raw_previous, row.unit),
                _headline_value(row.raw_change, row.unit), *[_headline_value(v, row.unit) for v in row.trend],
            ] if pct else [section.title, row.label, row.raw, row.raw_previous, row.raw_change, *row.trend])
    sheets.table(_("Summary"), [_("Section"), _("Figure"), _("This month"), _("Previous month"), _("Change"), *months],
                 summary, above=[title, _status_line(report)], freeze_columns=2)
    if report.scope == "chain":
        sheets.table(_("Clubs"), [_("Figure"), *[p.club.name for p in report.parts]], [
            [str(h.label), *[_headline_value(value_at(p.figures, h.key), h.unit) for p in report.parts]]
            for h in HEADLINES
        ])
    for table_title, header, rows in section_tables(report):
        sheets.table(table_title, header, rows)
    for list_title, header, rows in lists(report):
        if list_title not in listed_as_records:
            sheets.table(list_title, header, rows)
    for figure in RECORD_SHEETS:
        _records(sheets, report, figure)
    for name in ("training", "meetings"):
        if (report.figures.get(name) or {}).get("available"):
            for figure in MODULE_SHEETS[name]:
                _records(sheets, report, figure)
    return sheets.book


def lists(report):
    """The report's lists as (title, header, rows), for the PDF and the spreadsheet alike (rates as ``Percent``)."""
    f = report.figures
    chain = report.scope == "chain"
    club = [_("Club")] if chain else []

    def at(item):
        return [item.get("club", "")] if chain else []

    honour = presentation.named(report, f["followup"]["honour_roll"])
    talks = presentation.named(report, f["followup"]["needs_talk"])
    low = presentation.named(report, f["consumables"]["low_stock"])
    result = [
        (_("Headcount by position"), [_("Position"), _("Start"), _("End"), _("Joined"), _("Left")], [
            [presentation.position_label(code), c.get("start", 0), c.get("end", 0), c.get("joined", 0), c.get("left", 0)]
            for code, c in f["headcount"]["positions"].items()
        ]),
        (_("Leave days by type"), [_("Leave"), _("Days")], [
            [str(label), f["attendance"]["leave_days"].get(value, 0)] for value, label in presentation.LeaveType.choices
        ]),
        (_("Honour roll"), [_("Name"), *club, _("Team"), _("Services (鐘數)"), _("Requested services (點鐘)")], [
            [p["name"], *at(p), p.get("team", ""), p.get("services"), p.get("requested_services")] for p in honour]),
        (_("Need a talk"), [_("Name"), *club, _("Team"), _("Times late"), _("Absences"), _("Talk held")], [
            [p["name"], *at(p), p.get("team", ""), p.get("late", 0), p.get("absent", 0), bool(p.get("talk_held"))]
            for p in talks
        ]),
        (_("Most-failed grooming items"), [_("Item"), _("Failures")], [
            [presentation.item_label(i, GroomingItem.DEFAULTS), i["failures"]] for i in f["grooming"]["most_failed"]
        ]),
        (_("Most-failed hygiene items"), [_("Item"), _("Failures")], [
            [presentation.item_label(i, HygieneItem.DEFAULTS), i["failures"]] for i in f["hygiene"]["most_failed"]
        ]),
        (_("Consumables by item"), [_("Item"), _("Unit"), _("Times"), _("Quantity")], [
            [i["name"], i["unit"], i["issues"], i["quantity"]] for i in f["consumables"]["items"]
        ]),
        (_("Items low on stock at the month's end"), [_("Item"), *club, _("In stock"), _("Warning at")], [
            [i["name"], *at(i), i["stock"], i["threshold"]] for i in low
        ]),
        (_("Checklist completion per position"),
         [_("Position"), _("Done"), _("Not done"), _("Overdue"), _("Completion")], [
            [presentation.position_label(code), r.get("done", 0), r.get("not_done", 0), r.get("overdue", 0),
             _rate(r.get("rate"))]
            for code, r in f["checklists"]["positions"].items()
        ]),
    ]
    training = f.get("training") or {}
    if training.get("available"):
        result.append((_("Assessments by topic"), [_("Topic"), _("Taken"), _("Passed"), _("Pass rate")], [
            [topic.get("label") or code, topic.get("taken", 0), topic.get("passed", 0), _rate(topic.get("pass_rate"))]
            for code, topic in sorted((training.get("by_topic") or {}).items()) if isinstance(topic, dict)
        ]))
        result.append((_("Competition results"), [_("Competition"), *club, _("Held on"), _("First place")], [
            [c.get("competition", ""), *at(c), c.get("held_on", ""), ", ".join(c.get("winners") or [])]
            for c in presentation.named(report, [c for c in training.get("competition_winners") or []
                                                 if isinstance(c, dict)])
        ]))
    return result


def xlsx_bytes(report):
    out = BytesIO()
    workbook(report).save(out)
    return out.getvalue()


def xlsx_response(report, filename):
    return file_response(report, "xlsx", filename)


# --- Files made ahead ---------------------------------------------------------------------------
# A PDF takes half a second (seconds before the font's working copies are cut, kernel/pdf.py), a spreadsheet
# with a month of records a few more. Each file is
# kept under var/report-files/, named after what it shows: the report's scope, clubs, month and
# language, and a digest of its figures and of when its snapshots were built. A rebuilt month has
# other figures or another build time, so a file is never served for figures it does not show.
# The month's e-mails make the recipients' files; a reader's first click queues the rest
# (``tasks.prepare_report_file``) while the button says the file is being prepared.

KINDS = {"pdf": PDF, "xlsx": XLSX}
KEEP_PER_REPORT = 2  # files of older versions of the same report are removed when a new one is written


def _files_dir():
    return Path(settings.REPORT_FILES_DIR)


def _name(report, kind):
    from .report import report_json

    clubs = "-".join(str(p.club.pk) for p in report.parts) or "none"
    prefix = f"{report.scope}-{clubs}-{report.month:%Y-%m}-{translation.get_language() or settings.LANGUAGE_CODE}"
    content = [report_json(report), section_tables(report)]
    digest = hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()[:20]
    return prefix, f"{prefix}-{digest}.{kind}"


def _keepable(report):
    """Only a finished month read from its snapshots is kept: a running month (or a finished one still
    computed from the records while its snapshot is built) can change in a note that changes no figure."""
    return report.closed and not getattr(report, "live", False)


def prepared(report, kind):
    """The file already made for exactly this report, in the active language, or None."""
    if not _keepable(report):
        return None
    _prefix, name = _name(report, kind)
    try:
        return (_files_dir() / name).read_bytes()
    except FileNotFoundError:
        return None


def prepare(report, kind):
    """Make the file (``kind`` "pdf" or "xlsx") in the active language and keep it; its bytes."""
    data = pdf_bytes(report) if kind == "pdf" else xlsx_bytes(report)
    if not _keepable(report):
        return data
    prefix, name = _name(report, kind)
    folder = _files_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".part-", delete=False) as part:
        part.write(data)
    os.replace(part.name, folder / name)  # whole or not at all: a reader never gets half a file
    older = sorted((f for f in folder.glob(f"{prefix}-*.{kind}") if f.name != name), key=lambda f: f.stat().st_mtime)
    for stale in older[:max(len(older) - KEEP_PER_REPORT + 1, 0)]:
        stale.unlink(missing_ok=True)
    return data


def ready_or_queued(report, kind):
    """Whether the file is ready to download; when it is not, it is queued to be made once the request commits
    (``outbox``: a broker that does not answer loses nothing) — once per ``outbox.services.QUEUE_AGAIN_SECONDS``, however often
    the button asks while the file is being made."""
    if not _keepable(report) or prepared(report, kind) is not None:
        return True  # a running month's file is made when asked
    from outbox.services import enqueue_once_on_commit

    _prefix, name = _name(report, kind)
    enqueue_once_on_commit(f"reports:file:{name}", "reports.tasks.prepare_report_file", report.scope,
                           [p.club.pk for p in report.parts], f"{report.month:%Y-%m}", translation.get_language(), kind)
    return False


def file_bytes(report, kind):
    """The report's file: the one made ahead when there is one, else made now (and kept)."""
    return prepared(report, kind) or prepare(report, kind)


def file_response(report, kind, filename):
    response = HttpResponse(file_bytes(report, kind), content_type=KINDS[kind])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
