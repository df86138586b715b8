"""Minutes and summary reports as PDF, with fpdf2 (pure Python: nothing to download at run time).

Chinese needs a CJK font in the PDF: ``kernel.pdf.find_font`` finds the one every PDF of ClubOps
uses (``settings.REPORTS_PDF_FONT``, else one installed). Without one the PDF is still made, in a
core font, with a note at the top saying that Chinese characters could not be shown and how to
fix it.
"""

import hashlib

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos
from fpdf.fonts import FontFace

from kernel import pdf as fonts
from kernel.files import is_kept, kept

FAMILY = "cjk"
FOLDER = "meeting-pdfs"  # under VAR_DIR/files/, shared by the web server and the worker
MARGIN = 15


class Document(FPDF):
    """An A4 page with ClubOps' footer; ``write_*`` helpers that wrap Chinese text by character."""

    def __init__(self, title):
        super().__init__(format="A4")
        self.doc_title = title
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN)
        self.printed_at = timezone.localtime().strftime("%Y-%m-%d %H:%M")
        language = translation.get_language() or settings.LANGUAGE_CODE
        self.has_cjk, has_bold = fonts.add_faces(self, FAMILY, language)
        self.has_bold = has_bold or not self.has_cjk  # the core font has a bold face
        self.face = FAMILY if self.has_cjk else "helvetica"
        self.set_title(self.clean(title))
        self.set_creator("ClubOps")
        self.add_page()
        if not self.has_cjk:
            with translation.override("en"):
                note = _("No font with Chinese characters was found on the server, so Chinese text is shown as "
                         "question marks. Install fonts-noto-cjk or set REPORTS_PDF_FONT to a .ttf, .otf or .ttc "
                         "font file.")
            self.set_font(self.face, size=9)
            self.set_text_color(160, 0, 0)
            self.write_text(note)
            self.set_text_color(0, 0, 0)
            self.ln(2)

    def clean(self, text):
        text = str(text or "")
        return text if self.has_cjk else text.encode("latin-1", "replace").decode("latin-1")

    def footer(self):
        self.set_y(-12)
        self.set_font(self.face, size=8)
        self.set_text_color(110, 110, 110)
        line = f"ClubOps · {self.doc_title} · {self.printed_at} · {self.page_no()}/{{nb}}"
        self.cell(0, 6, self.clean(line), align="C")
        self.set_text_color(0, 0, 0)

    @property
    def strong(self):
        """The style of headings: bold where the font has a bold face."""
        return "B" if self.has_bold else ""

    def write_title(self, text):
        self.set_font(self.face, self.strong, size=16)
        self.write_text(text, height=8)
        self.set_font(self.face, size=10)
        self.ln(1)

    def write_heading(self, text):
        if self.get_y() > self.h - 40:
            self.add_page()
        self.ln(3)
        self.set_font(self.face, self.strong, size=12)
        self.write_text(text, height=7)
        self.set_font(self.face, size=10)
        self.set_draw_color(180, 180, 180)
        self.line(MARGIN, self.get_y(), self.w - MARGIN, self.get_y())
        self.ln(1.5)

    def write_text(self, text, size=None, height=5.5):
        if size:
            self.set_font(self.face, size=size)
        self.multi_cell(0, height, self.clean(text), wrapmode=WrapMode.CHAR, align="L",
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def write_pairs(self, pairs):
        self.set_font(self.face, size=10)
        for label, value in pairs:
            if value:
                self.write_text(f"{label}: {value}")

    def write_table(self, headings, rows, widths=None):
        self.set_font(self.face, size=9)
        if not rows:
            self.write_text("—")
            return
        headings_style = FontFace(emphasis="BOLD" if self.has_bold else "", fill_color=(235, 235, 235))
        with self.table(col_widths=widths, text_align="LEFT", line_height=5.5, wrapmode=WrapMode.CHAR,
                        first_row_as_headings=True, headings_style=headings_style) as table:
            for row in [headings, *rows]:
                cells = table.row()
                for value in row:
                    cells.cell(self.clean(value))


def _when(meeting):
    zone = meeting.club.zone
    start = timezone.localtime(meeting.starts_at, zone)
    end = timezone.localtime(meeting.ends_at, zone)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M} ({meeting.club.time_zone})"


def _person(person):
    return person.name if person else "—"


def _items(pdf, items):
    pdf.write_table(
        [_("Action item"), pgettext("action item", "Owner"), _("Due"), _("Status"), _("Note")],
        [[i.what, _person(i.owner), i.due.isoformat(), i.get_status_display(), i.note] for i in items],
        widths=(40, 15, 13, 11, 21),
    )


def _state(obj, depth=1):
    """What a record shows in a PDF: its own field values and, one step away, those of the records
    it was read with (a person's name, an item's owner)."""
    own = sorted((k, repr(v)) for k, v in vars(obj).items() if not k.startswith("_") and k != "history_rows")
    related = []
    if depth and hasattr(obj, "_state"):
        related = [(name, _state(other, depth - 1)) for name, other in sorted(obj._state.fields_cache.items())
                   if other is not None]
    return [type(obj).__name__, own, related, [_state(h, 0) for h in getattr(obj, "history_rows", [])]]


def minutes_key(page):
    """The cache key of ``page``'s PDF: it changes with anything the PDF shows, the language and the font."""
    parts = [_state(page.meeting)]
    for rows in (page.attendees, page.decisions, page.raised, page.carried, page.corrections):
        parts.append([_state(row) for row in rows])
    parts.append(_state(page.report) if page.report else None)
    language = translation.get_language() or settings.LANGUAGE_CODE
    parts.append([language, repr(fonts.find_font(language))])
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"meetings:minutes-pdf:{page.meeting.pk}:{digest}"


def cached_minutes_pdf(page):
    """``minutes_pdf(page)``, drawn once for each state of the minutes and kept as a file (``kernel.files.kept``):
    the PDF takes a few tenths of a second to draw (seconds before the font's working copies are cut), and a
    request that only asks for it again must not draw it again. Any change to what it shows makes a new key (``minutes_key``). A first click has it drawn by
    ``tasks.prepare_meeting_pdf`` while the button says it is being prepared (``minutes_pdf_ready``)."""
    return kept(FOLDER, _prefix("minutes", page.meeting), minutes_key(page), lambda: minutes_pdf(page))


def minutes_pdf_ready(page):
    """(ready, name): whether ``cached_minutes_pdf`` would read the PDF back at once; the name of its file."""
    key = minutes_key(page)
    return is_kept(FOLDER, _prefix("minutes", page.meeting), key), key


def _prefix(kind, meeting):
    return f"{kind}-{meeting.pk}-{translation.get_language() or settings.LANGUAGE_CODE}"


def report_key(report):
    """The key of a summary report's PDF: it changes with the report (its figures, texts, status), the language and
    the font."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    related = [report.meeting, report.club, report.author, report.to, report.reviewed_by]
    parts = [_state(report, 0), [_state(obj, 0) if obj else None for obj in related], [language, repr(fonts.find_font(language))]]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def kept_report_pdf(report, tables):
    """``report_pdf``, drawn once per state of the report and kept as a file (as ``cached_minutes_pdf``)."""
    return kept(FOLDER, _prefix("report", report.meeting), report_key(report), lambda: report_pdf(report, tables))


def report_pdf_ready(report):
    key = report_key(report)
    return is_kept(FOLDER, _prefix("report", report.meeting), key), key


def minutes_pdf(page):
    """The minutes of ``page.meeting`` (a ``selectors.MeetingPage``) as PDF bytes."""
    return fonts.draw(lambda: _minutes(page))


def _minutes(page):
    meeting = page.meeting
    pdf = Document(_("Minutes"))
    pdf.write_title(f"{meeting.title} · {_('Minutes')}")
    pdf.write_pairs([
        (_("Club"), meeting.club.name),
        (_("Department"), meeting.department.get_kind_display() if meeting.department else _("The whole club")),
        (_("When"), _when(meeting)),
        (_("Place"), meeting.place),
        (_("Chair"), _person(meeting.chair)),
        (_("Status"), meeting.get_status_display()),
        (_("Cancelled because"), meeting.cancel_reason),
        (_("Moved because"), meeting.move_reason),
    ])
    pdf.set_font(pdf.face, size=10)
    if meeting.is_finalised:
        zone = meeting.club.zone
        pdf.write_text(_("Final: finalised by %(name)s on %(when)s.") % {
            "name": _person(meeting.finalised_by), "when": f"{timezone.localtime(meeting.finalised_at, zone):%Y-%m-%d %H:%M}"})
    else:
        pdf.write_text(_("Draft: these minutes are not final yet."))

    pdf.write_heading(_("Attendance"))
    pdf.write_table(
        [_("Name"), _("Attendance"), _("Note")],
        [[row.person.name + (f" ({_('guest')})" if row.is_guest else ""),
          row.get_status_display() if row.status else _("not taken"), row.note] for row in page.attendees],
        widths=(35, 20, 45),
    )
    pdf.write_heading(_("Agenda"))
    pdf.set_font(pdf.face, size=10)
    for n, line in enumerate(meeting.agenda_lines(), start=1):
        pdf.write_text(f"{n}. {line}")
    if page.carried:
        pdf.write_heading(_("Action items carried from earlier meetings"))
        _items(pdf, page.carried)
    pdf.write_heading(_("Minutes"))
    pdf.write_text(meeting.minutes or "—", size=10)
    pdf.write_heading(_("Decisions"))
    pdf.set_font(pdf.face, size=10)
    for n, decision in enumerate(page.decisions, start=1):
        pdf.write_text(f"{n}. {decision.text}")
    if not page.decisions:
        pdf.write_text("—")
    pdf.write_heading(_("Action items"))
    _items(pdf, page.raised)
    if page.corrections:
        pdf.write_heading(_("Corrections after finalising"))
        zone = meeting.club.zone
        pdf.write_table(
            [_("When"), _("Corrected by"), _("What was corrected"), _("Reason")],
            [[f"{timezone.localtime(c.at, zone):%Y-%m-%d %H:%M}", _person(c.by), c.get_part_display(), c.reason]
             for c in page.corrections],
            widths=(20, 15, 15, 50),
        )
    return pdf


def report_pdf(report, tables):
    """A summary report with its figure tables (``selectors.figure_tables``) as PDF bytes."""
    return fonts.draw(lambda: _report(report, tables))


def _report(report, tables):
    meeting = report.meeting
    zone = report.club.zone
    pdf = Document(_("Summary report"))
    pdf.write_title(f"{meeting.title} · {_('Summary report')}")
    pdf.write_pairs([
        (_("Club"), report.club.name),
        (_("Period"), f"{report.period_start:%Y-%m-%d} – {report.period_end:%Y-%m-%d}"),
        (_("Meeting"), _when(meeting)),
        (_("Written by"), _person(report.author)),
        (_("Report to"), _person(report.to)),
        (_("Status"), report.get_status_display()),
        (_("Submitted at"), f"{timezone.localtime(report.submitted_at, zone):%Y-%m-%d %H:%M}" if report.submitted_at else ""),
        (_("Figures as of"), f"{timezone.localtime(report.figures_at, zone):%Y-%m-%d %H:%M}" if report.figures_at else ""),
    ])
    for table in tables:
        pdf.write_heading(table.title)
        first = 100 - 16 * len(table.columns)
        pdf.write_table(["", *table.columns], [[label, *values] for label, values in table.rows],
                        widths=(max(first, 30), *[16] * len(table.columns)))
    pdf.write_heading(_("Analysis"))
    pdf.write_text(report.analysis or "—", size=10)
    pdf.write_heading(_("Plan"))
    pdf.write_text(report.plan or "—", size=10)
    if report.reviewed_at:
        pdf.write_heading(_("Read by the superior"))
        pdf.write_pairs([
            (_("Read by"), _person(report.reviewed_by)),
            (_("Read at"), f"{timezone.localtime(report.reviewed_at, zone):%Y-%m-%d %H:%M}"),
            (_("Comment"), report.review_comment),
        ])
    return pdf
