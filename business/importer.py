"""Reading figures from a file (XLSX or CSV) or the JSON endpoint's rows, and checking every row.

One layout for all three (the template, ``template_xlsx`` / ``template_csv``, shows it): a heading row,
then one row per club day (``date`` and the club's figures, no technician) or per technician day
(``date``, ``technician_id`` or ``technician``, ``services`` and ``requested_services``). Headings are
the column keys or their labels in any of the site's languages. A blank cell leaves the figure as it
was (a new day: not known); a row with no figure at all is skipped (the template's empty rows).

``check`` reads every row and returns the figures to save with the list of problems, each with
its row number and column; the caller saves nothing unless the list is empty (``services.save_figures``).
"""

import csv
import datetime
import io
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kernel.clock import club_today
from kernel.dates import in_bounds
from kernel.spreadsheets import safe_row
from staff.models import Person, Role

from .metrics import CLUB_KEYS, METRICS, MONEY, PERSON_KEYS

MAX_ROWS = 50_000
LANGUAGES = ("en", "zh-hans", "zh-hant")

# (key, label, what it holds) in the order of the template.
COLUMNS = [
    ("date", gettext_lazy("Date"), gettext_lazy("The day, as 2026-11-19. Required on every row.")),
    ("technician_id", gettext_lazy("Technician number"),
     gettext_lazy("The technician's number in ClubOps (the template lists them). Empty on the club's row.")),
    ("technician", gettext_lazy("Technician"),
     gettext_lazy("The technician's name, when there is no number; it must name one technician of the club.")),
    *[(key, metric.label, {
        "customers_served": gettext_lazy("Customers served that day (a whole number). Club's row."),
        "revenue": gettext_lazy("The day's takings in yuan, e.g. 25600.50. Club's row."),
        "addon_sales": gettext_lazy("Add-on sales in yuan. Club's row."),
        "product_sales": gettext_lazy("Product sales in yuan. Club's row."),
        "new_members": gettext_lazy("New members that day (a whole number). Club's row."),
        "member_topups": gettext_lazy("Member top-ups in yuan. Club's row."),
        "services": gettext_lazy("The technician's services (鐘數), e.g. 6 or 6.5. Technician's row."),
        "requested_services": gettext_lazy(
            "Of those, services the customer asked for this technician by name (點鐘). Technician's row."),
    }[key]) for key, metric in METRICS.items() if key in CLUB_KEYS + PERSON_KEYS],
]
COLUMN_KEYS = [key for key, _label, _help in COLUMNS]
TEMPLATE_KEYS = ["date", "technician_id", "technician", *CLUB_KEYS, *PERSON_KEYS]
LABELS = {key: label for key, label, _help in COLUMNS}

# The largest value each kind of figure takes, and its decimal places.
LIMITS = {"count": (Decimal("9999999"), 0), MONEY: (Decimal("9999999999.99"), 2), "services": (Decimal("9999.9"), 1)}


class RowError(NamedTuple):
    row: int  # the spreadsheet's row number (the heading is row 1), or the JSON row's (from 1); 0: the file
    column: str  # the column's label, or ""
    message: str

    def __str__(self):
        if self.row and self.column:
            return _("Row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row, "column": self.column, "message": self.message}
        if self.row:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return str(self.message)

    def as_json(self):
        return {"row": self.row or None, "column": self.column or None, "message": self.message}


class FileProblem(Exception):
    """The file cannot be read at all (not XLSX or CSV, damaged, no heading row)."""


def label(key):
    return str(LABELS[key])


def _normal(text):
    return "".join(str(text).split()).casefold()


def headings():
    """Every heading a column is known by (its key, its label in each language) → key."""
    known = {}
    for key, text, _help in COLUMNS:
        known[_normal(key)] = key
        for language in LANGUAGES:
            with translation.override(language):
                known[_normal(str(text))] = key
    return known


# --- Reading a file ------------------------------------------------------------------------------


def read_file(upload):
    """``(heading row number, headings, [(row number, cells), ...])`` of an uploaded XLSX or CSV file."""
    name = (upload.name or "").lower()
    if name.endswith(".xlsx"):
        table = _read_xlsx(upload)
    elif name.endswith((".csv", ".txt")):
        table = _read_csv(upload)
    else:
        raise FileProblem(_("Upload an XLSX or CSV file (the template is one)."))
    numbered = [(n, cells) for n, cells in table if any(_blank(c) is False for c in cells)]
    if not numbered:
        raise FileProblem(_("The file is empty: it needs a heading row and a row per day or technician."))
    if len(numbered) > MAX_ROWS:
        raise FileProblem(_("The file has more than %(count)s rows; import it in parts (e.g. a month at a time).")
                          % {"count": MAX_ROWS})
    (heading_row, head), *rows = numbered
    return heading_row, head, rows


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _read_xlsx(upload):
    from openpyxl import load_workbook

    try:
        book = load_workbook(upload, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = [(n, list(cells)) for n, cells in enumerate(sheet.iter_rows(values_only=True), start=1)]
        book.close()
    except Exception as error:  # noqa: BLE001 - any damage to the file is the same to the person: it cannot be read
        raise FileProblem(_("This file cannot be read as XLSX; save it again from the spreadsheet program, "
                            "or use the template.")) from error
    return rows


def _read_csv(upload):
    raw = upload.read()
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in Chinese saves CSV in GB18030 (GBK)
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileProblem(_("This CSV file is neither UTF-8 nor GBK text; save it again as “CSV UTF-8”."))
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1)]
    except csv.Error as error:
        raise FileProblem(_("This CSV file cannot be read: %(error)s") % {"error": error}) from error


def records_from_table(heading_row, head, rows):
    """The rows as ``(row number, {key: cell})`` through the headings; problems with the headings."""
    known, keys, errors = headings(), [], []
    for cell in head:
        if _blank(cell):
            keys.append(None)
            continue
        key = known.get(_normal(cell))
        if key is None:
            errors.append(RowError(heading_row, str(cell).strip(), _("this column is not one ClubOps knows; "
                                                                      "the template names the columns.")))
        elif key in keys:
            errors.append(RowError(heading_row, str(cell).strip(), _("this column is there twice.")))
            key = None
        keys.append(key)
    if "date" not in keys:
        errors.append(RowError(heading_row, label("date"), _("the file has no date column.")))
    records = []
    for number, cells in rows:
        records.append((number, {key: cell for key, cell in zip(keys, cells) if key is not None}))
        extra = [cell for cell in cells[len(keys):] if not _blank(cell)]
        if extra:
            errors.append(RowError(number, "", _("there are values beyond the last column with a heading.")))
    return records, errors


def records_from_json(rows):
    """The JSON endpoint's ``rows`` (a list of objects keyed by column) as ``(row number, {key: value})``."""
    if not isinstance(rows, list):
        return [], [RowError(0, "", _("“rows” must be a list of objects."))]
    if len(rows) > MAX_ROWS:
        return [], [RowError(0, "", _("At most %(count)s rows at a time.") % {"count": MAX_ROWS})]
    records, errors = [], []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            errors.append(RowError(number, "", _("a row must be an object, e.g. {\"date\": \"2026-11-19\", …}.")))
            continue
        unknown = [key for key in row if key not in COLUMN_KEYS]
        for key in unknown:
            errors.append(RowError(number, str(key)[:60], _("this column is not one ClubOps knows.")))
        records.append((number, {key: value for key, value in row.items() if key in COLUMN_KEYS}))
    return records, errors


# --- Checking the rows ---------------------------------------------------------------------------


def _date(value, today):
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    else:
        text = str(value).strip().replace("/", "-").replace(".", "-")
        try:
            day = datetime.datetime.strptime(text[:10], "%Y-%m-%d").date()
            if text[10:].strip(" T0:") != "":
                raise ValueError
        except ValueError:
            raise ValueError(_("“%(value)s” is not a date; write it as 2026-11-19.") % {"value": value}) from None
    if not in_bounds(day):
        raise ValueError(_("%(value)s is outside the dates ClubOps keeps.") % {"value": day.isoformat()})
    if day > today:
        raise ValueError(_("%(value)s has not happened yet.") % {"value": day.isoformat()})
    return day


def number(value, key):
    """A figure's value as a Decimal, or ValueError with the reason in the reader's language."""
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, (int, float, Decimal)):
        text = str(value)
    else:
        text = str(value).strip().replace(",", "").replace("，", "").replace("¥", "").replace("￥", "").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from None
    if not amount.is_finite():
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
    if amount < 0:
        raise ValueError(_("a figure cannot be below 0."))
    kind = "services" if key in PERSON_KEYS else METRICS[key].unit
    largest, places = LIMITS[kind]
    if amount > largest:
        raise ValueError(_("%(value)s is more than this figure can be.") % {"value": value})
    if amount != amount.quantize(Decimal(1).scaleb(-places)):
        if places == 0:
            raise ValueError(_("give a whole number."))
        if places == 1:
            raise ValueError(_("give at most one decimal place (e.g. 6.5)."))
        raise ValueError(_("give at most two decimal places (fen)."))
    return amount.quantize(Decimal(1).scaleb(-places)) if places else amount.quantize(Decimal(1))


class Technicians:
    """The club's technicians by number and by name (one query), to name a row's technician."""

    def __init__(self, club):
        people = list(Person.objects.filter(club=club, position=Role.TECHNICIAN).only("pk", "name"))
        self.by_id = {p.pk: p for p in people}
        self.by_name = {}
        for person in people:
            self.by_name.setdefault(_normal(person.name), []).append(person)

    def find(self, number_cell, name_cell):
        """(person, (column key, problem) or None)."""
        name = "" if _blank(name_cell) else str(name_cell).strip()
        if not _blank(number_cell):
            text = str(number_cell).strip()
            if text.endswith(".0"):  # a number cell of a spreadsheet
                text = text[:-2]
            person = self.by_id.get(int(text)) if text.isdecimal() else None
            if person is None:
                return None, ("technician_id", _("no technician of this club has the number “%(value)s”.")
                              % {"value": text})
            if name and _normal(name) != _normal(person.name):
                return None, ("technician", _("number %(number)s is %(name)s, not “%(value)s”.")
                              % {"number": person.pk, "name": person.name, "value": name})
            return person, None
        found = self.by_name.get(_normal(name), [])
        if not found:
            return None, ("technician", _("no technician of this club is called “%(value)s”.") % {"value": name})
        if len(found) > 1:
            return None, ("technician", _("several technicians are called “%(value)s”: give the number.")
                          % {"value": name})
        return found[0], None


def check(club, records, *, today=None):
    """``(figures, errors)``: ``figures`` is ``{date: {"club": {key: Decimal}, "people": {person: {key: Decimal}}}}``
    with only the cells given; ``errors`` a list of ``RowError`` (then nothing may be saved)."""
    today = today or club_today(club)
    technicians = Technicians(club)
    figures, errors, seen = {}, [], {}
    for number_, cells in records:
        given = {key: value for key, value in cells.items() if not _blank(value)}
        values = {key: value for key, value in given.items() if key in METRICS}
        if not values:
            continue  # an empty row of the template
        if "date" not in given:
            errors.append(RowError(number_, label("date"), _("every row needs its date.")))
            continue
        try:
            day = _date(given["date"], today)
        except ValueError as error:
            errors.append(RowError(number_, label("date"), str(error)))
            continue
        person = None
        if "technician_id" in given or "technician" in given:
            person, problem = technicians.find(given.get("technician_id"), given.get("technician"))
            if problem:
                errors.append(RowError(number_, label(problem[0]), problem[1]))
                continue
            wrong = [key for key in values if key in CLUB_KEYS]
            message = _("the club's figures go on the day's row, without a technician.")
        else:
            wrong = [key for key in values if key in PERSON_KEYS]
            message = _("services go on a technician's row; name the technician.")
        for key in wrong:
            errors.append(RowError(number_, label(key), message))
        parsed = {}
        for key, value in values.items():
            if key in wrong:
                continue
            try:
                parsed[key] = number(value, key)
            except ValueError as error:
                errors.append(RowError(number_, label(key), str(error)))
        services, requested = parsed.get("services"), parsed.get("requested_services")
        if services is not None and requested is not None and requested > services:
            errors.append(RowError(number_, label("requested_services"),
                                   _("more requested services than services.")))
        where = (day, person.pk if person else None)
        if where in seen:
            errors.append(RowError(number_, label("date"), _("the same figures as row %(row)s; keep one of them.")
                                   % {"row": seen[where]}))
            continue
        seen[where] = number_
        sheet = figures.setdefault(day, {"club": {}, "people": {}})
        if person is None:
            sheet["club"].update(parsed)
        else:
            sheet["people"][person] = parsed
    return figures, errors


# --- The template ----------------------------------------------------------------------------------


def template_rows(club, day):
    """The template's rows for ``day``: the club's row, then a row per technician working now."""
    people = (Person.objects.filter(club=club, position=Role.TECHNICIAN, status=Person.Status.ACTIVE)
              .select_related("team").order_by("team__name", "name"))
    rows = [[day.isoformat(), None, None] + [None] * (len(CLUB_KEYS) + len(PERSON_KEYS))]
    rows += [[day.isoformat(), p.pk, p.name] + [None] * (len(CLUB_KEYS) + len(PERSON_KEYS)) for p in people]
    return rows


def template_xlsx(club, day):
    """The template as an XLSX: the figures sheet (headings, the day's rows) and a sheet explaining each column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Figures")[:31]
    sheet.append([label(key) for key in TEMPLATE_KEYS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in template_rows(club, day):
        sheet.append(safe_row(row))
    for column, key in zip("ABCDEFGHIJK", TEMPLATE_KEYS):
        sheet.column_dimensions[column].width = 14 if key != "technician" else 18
    sheet.freeze_panes = "A2"
    help_sheet = book.create_sheet(_("Columns")[:31])
    help_sheet.append([_("Column"), _("Key (also accepted as the heading)"), _("What it holds")])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for key, text, explanation in COLUMNS:
        help_sheet.append([str(text), key, str(explanation)])
    help_sheet.append([])
    for line in template_notes():
        help_sheet.append([str(line)])
    help_sheet.column_dimensions["A"].width = 24
    help_sheet.column_dimensions["B"].width = 22
    help_sheet.column_dimensions["C"].width = 80
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_csv(club, day):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([label(key) for key in TEMPLATE_KEYS])
    for row in template_rows(club, day):
        writer.writerow(safe_row(["" if value is None else value for value in row]))
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # with the BOM, Excel opens UTF-8 Chinese correctly


def template_notes():
    return [
        gettext_lazy("One row for the club's figures of each day (no technician), one row per technician and day."),
        gettext_lazy("A blank cell leaves the figure as it was; a row with no figure is skipped."),
        gettext_lazy("Importing a day again replaces the figures it gives; the earlier values stay in the history."),
        gettext_lazy("One wrong row and nothing is imported: the page lists every problem by row and column."),
    ]
