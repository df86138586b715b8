"""Writing people's text into a spreadsheet safely: every XLSX (or CSV) export goes through ``safe``.

A name, a note or a comment is typed by someone in the clubs; a spreadsheet program would run a
cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (``=HYPERLINK(…)`` pointing
anywhere), and one that starts with a tab or a carriage return can smuggle one past a check
(OWASP's "CSV injection"). Such text is written with a leading apostrophe, so the cell shows it
as text. Numbers, dates and None are left as they are.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe(value):
    """A cell value that a spreadsheet shows as text, never runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values):
    """``safe`` for every value of a row, for ``worksheet.append`` or ``csv.writer.writerow``."""
    return [safe(value) for value in values]


# --- A streaming XLSX writer -------------------------------------------------------------------
#
# openpyxl builds an object per cell; a month of a big club is 50,000–150,000 cells. ``XlsxStream``
# is a thin wrapper on XlsxWriter in ``constant_memory`` mode: one sheet written row by row (each
# row is flushed to a temporary file as the next one starts, so memory does not grow with the rows),
# with a fixed table of shared formats created once per workbook. Every text goes through ``safe``;
# XlsxWriter's ``strings_to_formulas`` and ``strings_to_urls`` are off, so no text ever becomes a
# formula or a link.

import re  # noqa: E402
import tempfile  # noqa: E402

import xlsxwriter  # noqa: E402

# Characters XML 1.0 cannot hold (a pasted bell or form feed): dropped from the text of a cell.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# The shared formats, as XlsxWriter format properties ("plain" is the default format).
STYLES = {
    "plain": None,
    "title": {"bold": True, "font_size": 13},
    "header": {"bold": True, "align": "center", "text_wrap": True},
    "center": {"align": "center"},
    "muted": {"align": "center", "pattern": 1, "bg_color": "#EEEEEE"},
    "bad": {"align": "center", "pattern": 1, "bg_color": "#F8D7DA"},
    "warn": {"align": "center", "pattern": 1, "bg_color": "#FFF3CD"},
}


def _sheet_name(title):
    """A worksheet name Excel accepts: at most 31 characters, none of ``[]:*?/\\``."""
    name = str(title)[:31].translate(str.maketrans("[]:*?/\\", "_______"))
    return _ILLEGAL_XML.sub("", name).strip("'") or None


class XlsxStream:
    """One worksheet written row by row to a temporary file; ``close()`` returns the finished file.

    ``widths``: {column number: width}; ``freeze``: (row, column) of the first cell that scrolls.
    ``row(values, styles=None)`` takes numbers, text (made ``safe``) and None (an empty cell);
    ``styles`` a style name per value (``STYLES``) or one name for the row.
    """

    def __init__(self, title, *, widths=None, freeze=None):
        self.file = tempfile.TemporaryFile()
        self.book = xlsxwriter.Workbook(self.file, {
            "constant_memory": True,
            "in_memory": False,
            "tmpdir": tempfile.gettempdir(),
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        })
        self.sheet = self.book.add_worksheet(_sheet_name(title))
        self.formats = {name: self.book.add_format(props) if props else None for name, props in STYLES.items()}
        # An empty cell is written only where its format shows (a fill); an empty centred cell looks like none.
        self.shows_blank = {self.formats[name] for name, props in STYLES.items() if props and "bg_color" in props}
        for column, width in sorted((widths or {}).items()):
            self.sheet.set_column(column - 1, column - 1, width)
        if freeze:
            self.sheet.freeze_panes(freeze[0] - 1, freeze[1] - 1)
        self.n = 0
        self.texts = {}  # the safe, clean text of a repeated value (a mark, a team): made once

    def row(self, values, styles=None):
        n = self.n
        self.n += 1
        sheet, formats, texts = self.sheet, self.formats, self.texts
        one = formats[styles] if isinstance(styles, str) else None
        each = None if styles is None or isinstance(styles, str) else styles
        for column, value in enumerate(values):
            cell_format = formats[each[column]] if each else one
            if value is None or value == "":
                if cell_format in self.shows_blank:
                    sheet.write_blank(n, column, None, cell_format)
            elif isinstance(value, (int, float)):  # bool is an int: written as 1 or 0
                sheet.write_number(n, column, value, cell_format)
            else:
                text = texts.get(value)
                if text is None:
                    text = _ILLEGAL_XML.sub("", str(safe(value)))
                    if len(texts) < 10_000:
                        texts[value] = text
                sheet.write_string(n, column, text, cell_format)

    def close(self):
        """Finish the workbook; returns the open temporary file, at its start."""
        self.book.close()
        self.file.seek(0)
        return self.file
