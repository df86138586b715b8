"""The report as a file: a printable PDF with the charts (fpdf2) and a spreadsheet with the records (openpyxl).

Chinese text needs a font with CJK glyphs. ``settings.REPORTS_PDF_FONT`` names one (a .ttf,
.otf or .ttc, with ``REPORTS_PDF_FONT_INDEX`` for a collection); empty, fontconfig is asked at
run time for the best font for Chinese (Debian's fonts-noto-cjk). Without one the PDF is
still made, with a core font, and characters it cannot show become "?".
"""

import functools
import logging
import os
import shutil
import subprocess
from io import BytesIO

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF, XPos, YPos
from fpdf.enums import TextEmphasis
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.styles import Font

from attendance.models import GroomingItem, HygieneItem

from . import charts as ch
from . import presentation, records
from .figures import HEADLINES, SECTIONS, value_at

log = logging.getLogger(__name__)

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FAMILY = "clubops-cjk"


@functools.lru_cache(maxsize=1)
def cjk_font():
    """(path, index) of a font with Chinese glyphs, or None."""
    configured = getattr(settings, "REPORTS_PDF_FONT", "")
    if configured:
        if os.path.exists(configured):
            return configured, getattr(settings, "REPORTS_PDF_FONT_INDEX", 0)
        log.warning("REPORTS_PDF_FONT=%s does not exist; looking for a Chinese font instead", configured)
    if shutil.which("fc-match"):
        try:
            found = subprocess.run(
                ["fc-match", "-f", "%{file}|%{index}|%{lang}", "sans-serif:lang=zh-cn"],
                capture_output=True, text=True, timeout=10, check=False,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            found = ""
        path, _sep, rest = found.partition("|")
        index, _sep, langs = rest.partition("|")
        if path and os.path.exists(path) and "zh-cn" in langs.split("|") and path.endswith((".ttf", ".otf", ".ttc")):
            return path, int(index or 0)
    log.warning("No font with Chinese glyphs found; the report's PDF uses a core font")
    return None


def bold_of(font):
    """(path, index) of the bold face that goes with ``font`` — Noto's "…-Bold" file beside "…-Regular" — or None.

    The faces of Noto CJK's Regular and Bold collections come in the same order, so the index is kept.
    """
    if font is None:
        return None
    path, index = font
    folder, name = os.path.split(path)
    for regular in ("-Regular.", "-Medium.", "-Light."):
        if regular in name:
            bold = os.path.join(folder, name.replace(regular, "-Bold."))
            if os.path.exists(bold):
                return bold, index
    return None


class ReportPDF(FPDF):
    def __init__(self, footer_text):
        super().__init__(format="A4")
        self.footer_text = footer_text
        font = cjk_font()
        self.unicode = font is not None
        self.bold = font is None  # the core font has a bold face
        if font is not None:
            path, index = font
            # Reading a CJK collection takes about a second per style: a regular face, and the bold
            # one for headings where it is installed (without it, headings are set by size and shading).
            self.add_font(FAMILY, "", path, collection_font_number=index)
            bold = bold_of(font)
            if bold is not None:
                try:
                    self.add_font(FAMILY, "B", bold[0], collection_font_number=bold[1])
                    self.bold = True
                except Exception:  # noqa: BLE001 - an unreadable bold file: headings in the regular face
                    log.warning("The bold font %s could not be read; headings use the regular face", bold[0])
            self.family = FAMILY
        else:
            self.family = "helvetica"
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
    return bytes(pdf.output())


def _pdf_details(pdf, report):
    f = report.figures
    pdf.heading(_("Details"))
    pdf.heading(_("Headcount by position"), size=10)
    pdf.grid(
        [_("Position"), _("Start"), _("End"), _("Joined"), _("Left")],
        [(presentation.position_label(code), c.get("start", 0), c.get("end", 0), c.get("joined", 0), c.get("left", 0))
         for code, c in f["headcount"]["positions"].items()],
    )
    pdf.heading(_("Leave days by type"), size=10)
    pdf.grid([_("Leave"), _("Days")], [
        (str(label), f["attendance"]["leave_days"].get(value, 0)) for value, label in presentation.LeaveType.choices
    ])
    pdf.heading(_("Honour roll"), size=10)
    pdf.grid([_("Name"), _("Team")], [(p["name"], p.get("team", "")) for p in f["followup"]["honour_roll"]])
    pdf.heading(_("Need a talk"), size=10)
    pdf.grid([_("Name"), _("Times late"), _("Absences"), _("Talk held")], [
        (p["name"], p.get("late", 0), p.get("absent", 0), _("yes") if p.get("talk_held") else _("no"))
        for p in f["followup"]["needs_talk"]
    ])
    pdf.heading(_("Most-failed grooming items"), size=10)
    pdf.grid([_("Item"), _("Failures")], [
        (presentation.item_label(i, GroomingItem.DEFAULTS), i["failures"]) for i in f["grooming"]["most_failed"][:5]
    ])
    pdf.heading(_("Most-failed hygiene items"), size=10)
    pdf.grid([_("Item"), _("Failures")], [
        (presentation.item_label(i, HygieneItem.DEFAULTS), i["failures"]) for i in f["hygiene"]["most_failed"][:5]
    ])
    pdf.heading(_("Consumables issued"), size=10)
    pdf.grid([_("Item"), _("Times"), _("Quantity")], [
        (f"{i['name']} ({i['unit']})", i["issues"], i["quantity"]) for i in f["consumables"]["items"]
    ])
    pdf.heading(_("Items low on stock at the month's end"), size=10)
    pdf.grid([_("Item"), _("In stock"), _("Warning at")], [
        (i["name"], i["stock"], i["threshold"]) for i in f["consumables"]["low_stock"]
    ])
    pdf.heading(_("Checklist completion per position"), size=10)
    pdf.grid([_("Position"), _("Done"), _("Not done"), _("Overdue"), _("Completion")], [
        (presentation.position_label(code), r.get("done", 0), r.get("not_done", 0), r.get("overdue", 0),
         presentation.fmt(r.get("rate"), "%"))
        for code, r in f["checklists"]["positions"].items()
    ])
    for name, title in (("training", _("Training, rewards and penalties")), ("meetings", _("Meetings"))):
        pdf.heading(title, size=10)
        section = f.get(name) or {}
        if not section.get("available"):
            pdf.line_of_text(_("Not available yet."))
            continue
        pdf.grid([_("Figure"), _("Value")], [
            (str(presentation.TRAINING_LABELS.get(k, k.replace("_", " "))), presentation.fmt(v))
            for k, v in section.items() if k != "available" and isinstance(v, (int, float))
        ])


def pdf_response(report, filename):
    response = HttpResponse(pdf_bytes(report), content_type=PDF)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- XLSX ---------------------------------------------------------------------------------------

# The sheets after the summary: (sheet title, [drill-down figures whose records it lists]).
SHEETS = [
    ("headcount", ["headcount_end", "joined", "left"]),
    ("attendance", ["due_days", "day_off"]),
    ("followup", ["honour_roll", "needs_talk", "talks"]),
    ("grooming", ["grooming"]),
    ("hygiene", ["hygiene"]),
    ("consumables", ["consumables", "low_stock"]),
    ("quality", ["quality", "complaints", "praise"]),
    ("checklists", ["checklists"]),
]
# Training's and meetings' sheets: their figures, then the records behind them.
MODULE_SHEETS = {
    "training": ["training_sessions", "assessments", "levels", "competitions", "rewards", "penalties"],
    "meetings": ["meetings", "action_items"],
}


def _safe(value):
    """A cell value that a spreadsheet shows as text, never runs as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def workbook(report):
    """A summary sheet with every headline figure over twelve months, then a sheet per section with its records."""
    book = Workbook()
    ws = book.active
    ws.title = _("Summary")[:31]
    title = _("Monthly report %(month)s · %(scope)s") % {"month": f"{report.month:%Y-%m}", "scope": _scope_name(report)}
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([_status_line(report)])
    ws.append([])
    months = [f"{m:%Y-%m}" for m, _f in report.trend]
    ws.append([_("Section"), _("Figure"), _("This month"), _("Previous month"), _("Change"), *months])
    for cell in ws[4]:
        cell.font = Font(bold=True)
    for section in presentation.sections(report, lambda figure: ""):
        for row in section.rows:
            ws.append([section.title, row.label, row.raw, _number(row.previous), _number(row.change), *row.trend])
        if not section.available:
            ws.append([section.title, _("Not available yet.")])
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 32
    if report.scope == "chain":
        clubs = book.create_sheet(_("Clubs")[:31])
        clubs.append([_("Figure"), *[p.club.name for p in report.parts]])
        for h in HEADLINES:
            clubs.append([str(h.label), *[value_at(p.figures, h.key) for p in report.parts]])
    titles = {key: str(title) for key, title in SECTIONS}
    clubs_in = [p.club for p in report.parts]
    def append_records(sheet, figure):
        drill = records.drill(figure, clubs=clubs_in, month=report.month, params={})
        sheet.append([str(drill.label)])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        sheet.append([str(c) for c in drill.columns])
        for row in drill.rows:
            sheet.append([_safe(c.text) for c in drill.cells(row)])
        sheet.append([])

    for key, figures in SHEETS:
        sheet = book.create_sheet(str(titles[key])[:31])
        for figure in figures:
            append_records(sheet, figure)
        if key == "headcount":
            sheet.append([_("Position"), _("Start"), _("End"), _("Joined"), _("Left")])
            for code, c in report.figures["headcount"]["positions"].items():
                sheet.append([presentation.position_label(code), c.get("start"), c.get("end"), c.get("joined"),
                              c.get("left")])
    for name in ("training", "meetings"):
        sheet = book.create_sheet(str(titles[name])[:31])
        section = report.figures.get(name) or {}
        if not section.get("available"):
            sheet.append([_("Not available yet.")])
            continue
        _flat(sheet, section)
        sheet.append([])
        for figure in MODULE_SHEETS[name]:
            append_records(sheet, figure)
    return book


def _flat(sheet, data, prefix=""):
    for key, value in data.items():
        if key == "available":
            continue
        if isinstance(value, dict):
            _flat(sheet, value, f"{prefix}{key}.")
        elif isinstance(value, list):
            for n, item in enumerate(value, start=1):
                if isinstance(item, dict):
                    _flat(sheet, item, f"{prefix}{key}.{n}.")
                else:
                    sheet.append([f"{prefix}{key}.{n}", _safe(str(item))])
        else:
            sheet.append([f"{prefix}{key}", _safe(value)])


def _number(text):
    try:
        return float(text.rstrip("%").replace("+", ""))
    except (AttributeError, ValueError):
        return None


def xlsx_bytes(report):
    out = BytesIO()
    workbook(report).save(out)
    return out.getvalue()


def xlsx_response(report, filename):
    response = HttpResponse(xlsx_bytes(report), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

