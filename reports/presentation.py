"""How a report is laid out, for the page, the PDF, the spreadsheet and the e-mail alike.

``sections(report, url_for)`` gives each section's rows (label, value, previous, change, trend,
link to the records) and details; ``charts(report)`` the charts. Labels are translated when
these are called, in the reader's language.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from attendance.models import LeaveType
from kernel import rates
from staff.models import Level, Role

from . import charts as ch
from .figures import SECTIONS, value_at

TRAINING_LABELS = {
    "sessions_held": gettext_lazy("Training sessions held"),
    "present": gettext_lazy("Present at sessions"),
    "late": gettext_lazy("Late to sessions"),
    "absent": gettext_lazy("Absent from sessions"),
    "attendance_rate": gettext_lazy("Attendance at sessions"),
    "assessments_taken": gettext_lazy("Assessments taken"),
    "assessments_passed": gettext_lazy("Assessments passed"),
    "pass_rate": gettext_lazy("Assessment pass rate"),
    "levels_gained": gettext_lazy("Levels gained"),
    "rewards": gettext_lazy("Rewards"),
    "penalties": gettext_lazy("Penalties"),
    "reward_points": gettext_lazy("Reward points"),
    "penalty_points": gettext_lazy("Penalty points"),
    "reward_amount": gettext_lazy("Rewards (¥)"),
    "penalty_amount": gettext_lazy("Penalties (¥)"),
}


def fmt(value, unit=""):
    """A figure as a person reads it; a rate (``unit`` "%") the one way ClubOps writes rates (``kernel.rates``)."""
    if unit == "%":
        return rates.percent(value)
    if value is None:
        return rates.NO_VALUE
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"
    return str(value)


def is_rate(key):
    """Whether the figure at ``key`` is a rate in % (another module's rates come without a unit)."""
    return key.rsplit(".", 1)[-1] == "rate" or key.endswith("_rate")


def unit_of(headline):
    return "%" if headline.unit == "%" or is_rate(headline.key) else headline.unit


def change_text(delta, unit=""):
    if delta is None:
        return rates.NO_VALUE
    return f"{delta:+.1f}" if unit == "%" else f"{delta:+g}"


@dataclass
class Row:
    key: str
    label: str
    value: str
    previous: str
    change: str
    tone: str  # "good", "bad" or ""
    url: str
    trend: list
    raw: object = None
    raw_previous: object = None
    raw_change: object = None
    unit: str = ""

    @property
    def sparkline(self):
        return ch.sparkline(self.trend)


@dataclass
class Section:
    key: str
    title: str
    rows: list = field(default_factory=list)
    available: bool = True


def _tone(headline, delta):
    if not delta or not headline.better:
        return ""
    return "good" if (delta > 0) == (headline.better == "up") else "bad"


def _label(headline):
    if headline.section in ("training", "meetings"):
        key = headline.key.split(".", 1)[1]
        return str(TRAINING_LABELS.get(key, headline.label))
    return str(headline.label)


def sections(report, records_url):
    """[Section] in the report's order; ``records_url(figure)`` is the drill-down link of a figure (or "")."""
    by_section = {key: Section(key, str(title)) for key, title in SECTIONS}
    for name in ("training", "meetings"):
        by_section[name].available = bool((report.figures.get(name) or {}).get("available"))
    for headline, value, before, delta, series in report.headline_rows():
        unit = unit_of(headline)
        by_section[headline.section].rows.append(Row(
            key=headline.key, label=_label(headline), value=fmt(value, unit),
            previous=fmt(before, unit), change=change_text(delta, unit),
            tone=_tone(headline, delta), url=records_url(headline.records) if headline.records else "",
            trend=series, raw=value, raw_previous=before, raw_change=delta, unit=unit,
        ))
    return [by_section[key] for key, _title in SECTIONS]


def club_names(report):
    """{club code: club name} of the report's clubs: a person reads names, the JSON keeps codes."""
    return {p.club.code: p.club.name for p in report.parts}


def named(report, items):
    """``items`` (dicts of a chain's lists, whose ``club`` is a code) with the club's name instead."""
    names = club_names(report)
    return [dict(i, club=names.get(i["club"], i["club"])) if i.get("club") else i for i in items]


def evening_job(report):
    """[(club name, days closed by the evening job, days of the month)], one per club: days never add up across clubs."""
    return [
        (p.club.name, (p.figures.get("attendance") or {}).get("days_closed", 0),
         (p.figures.get("attendance") or {}).get("days_in_month", 0))
        for p in report.parts
    ]


def position_label(code):
    return str(Role(code).label) if code in Role.values else code


def level_label(code):
    return str(Level(code).label) if code in Level.values else code


def item_label(item, defaults):
    return item.get("name") or str(defaults.get(item.get("key"), item.get("key") or ""))


def charts(report):
    """The report's charts: twelve months of rates and of lateness, leave by type, checklists, clubs side by side."""
    months = [f"{m:%m}" if m.month != 1 else f"{m:%Y-%m}" for m, _f in report.trend]
    figures = [f for _m, f in report.trend]

    def series(key, name):
        return ch.Series(name, [value_at(f, key) if f else None for f in figures])

    result = [
        ch.Chart("line", _("12 months: rates (%)"), months, [
            series("attendance.rate", _("Attendance")), series("grooming.pass_rate", _("Grooming")),
            series("hygiene.pass_rate", _("Hygiene")), series("checklists.total.rate", _("Checklists")),
        ], unit="%", top=100, slug="trend-rates"),
        ch.Chart("bar", _("12 months: late arrivals, early leaves, absences"), months, [
            series("attendance.late", _("Late arrivals")), series("attendance.early", _("Early leaves")),
            series("attendance.absent", _("Absences")),
        ], slug="trend-lateness"),
    ]
    leave = report.figures.get("attendance", {}).get("leave_days", {})
    before = (report.previous or {}).get("attendance", {}).get("leave_days", {})
    result.append(ch.Chart("bar", _("Leave days by type"), [str(label) for _v, label in LeaveType.choices], [
        ch.Series(_("This month"), [leave.get(v, 0) for v in LeaveType.values]),
        ch.Series(_("Previous month"), [before.get(v) for v in LeaveType.values]),
    ], slug="leave"))
    positions = report.figures.get("checklists", {}).get("positions", {})
    if positions:
        codes = [c for c in Role.values if c in positions]
        result.append(ch.Chart("bar", _("Checklist completion per position (%)"), [position_label(c) for c in codes], [
            ch.Series(_("Completion"), [positions[c].get("rate") for c in codes]),
        ], unit="%", top=100, slug="checklists"))
    if report.scope == "chain" and len(report.parts) > 1:
        names = [p.club.name for p in report.parts]
        result.append(ch.Chart("bar", _("Clubs side by side (%)"), names, [
            ch.Series(_("Attendance"), [value_at(p.figures, "attendance.rate") for p in report.parts]),
            ch.Series(_("Grooming"), [value_at(p.figures, "grooming.pass_rate") for p in report.parts]),
            ch.Series(_("Hygiene"), [value_at(p.figures, "hygiene.pass_rate") for p in report.parts]),
            ch.Series(_("Checklists"), [value_at(p.figures, "checklists.total.rate") for p in report.parts]),
        ], unit="%", top=100, slug="clubs"))
    return result
