"""A technician's scorecard: the last twelve months, one column per month, in a handful of queries."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from attendance.selectors.stats import person_by_month
from business.selectors import person_months
from kernel.clock import club_today
from staff.models import Level
from kernel.months import last_months, month_start, next_month

from . import charts as ch
from . import sources
from .figures import attendance_rate, pass_rate

MONTHS = 12


@dataclass
class Scorecard:
    months: list
    rows: list  # (label, [value per month], records figure or "")
    charts: list = field(default_factory=list)
    training: dict | None = None  # {"YYYY-MM": figures} once the training module answers
    training_rows: list | None = None  # (label, [text per month]) — the training block as a person reads it


def scorecard(person):
    this_month = month_start(club_today(person.club))
    months = [m for m in reversed(last_months(this_month, MONTHS)) if m >= month_start(person.hire_date)] or [this_month]
    data = person_by_month(person=person, first=months[0], end=next_month(this_month))
    by_month = [data.get(m, {}) for m in months]

    def values(key):
        return [d.get(key, 0) for d in by_month]

    rate = [attendance_rate(d) if d.get("records") else None for d in by_month]
    grooming = [pass_rate(d.get("grooming_passed", 0), d.get("grooming_checks", 0)) for d in by_month]
    quality = [round(d["quality_average"], 2) if d.get("quality_average") is not None else None for d in by_month]
    rows = [
        (_("Days worked"), values("worked"), "worked"),
        (_("Attendance rate (%)"), rate, "due_days"),
        (_("Times late"), values("late"), "late"),
        (_("Minutes late"), values("late_minutes"), "late"),
        (_("Early leaves"), values("early"), "early"),
        (_("Absences"), values("absent"), "absent"),
        (_("Days on leave"), values("leave"), "leave"),
        (_("Grooming pass rate (%)"), grooming, "grooming"),
        (_("Service checks"), values("quality_checks"), "quality"),
        (_("Service-quality average (1–5)"), quality, "quality"),
        (_("Praise"), values("praise"), "praise"),
        (_("Complaints"), values("complaints"), "complaints"),
    ]
    # the till's figures (business): a month with none entered reads "–", not 0
    business = person_months(person, months[0], next_month(this_month))
    for key, label in (("services", _("Services (鐘數)")), ("requested_services", _("Requested services (點鐘)"))):
        rows.append((label, [_count(business[m][key]) if m in business else None for m in months], ""))
    labels = [f"{m:%m}" if m.month != 1 else f"{m:%Y-%m}" for m in months]
    charts = [
        ch.Chart("bar", _("Minutes late per month"), labels, [ch.Series(_("Minutes late"), values("late_minutes"))],
                 slug="late"),
        ch.Chart("line", _("Attendance and grooming (%)"), labels, [
            ch.Series(_("Attendance"), rate), ch.Series(_("Grooming"), grooming)], unit="%", top=100, slug="rates"),
        ch.Chart("line", _("Service-quality average (1–5)"), labels, [ch.Series(_("Average"), quality)], top=5,
                 slug="quality"),
    ]
    last = next_month(this_month) - datetime.timedelta(days=1)
    training = sources.person_training(person=person, first=months[0], last=last)
    return Scorecard(months=months, rows=rows, charts=charts, training=training,
                     training_rows=training_rows(months, training))


def _count(value):
    """A service count as people write it: 45, 6.5 (a half service), "–" when none was entered."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value.normalize())


def _figure(value):
    return "" if value in (None, 0, 0.0, "") else str(value)


def training_rows(months, training):
    """The training figures as rows of words and numbers, one column per month ("" where there is nothing);
    rows with nothing in any month are left out. None when the training module does not answer."""
    if training is None:
        return None
    levels = dict(Level.choices)
    by_month = [training.get(f"{m:%Y-%m}") or {} for m in months]

    def out_of(part, whole):
        return [f"{d.get(part, 0)}/{d[whole]}" if d.get(whole) else "" for d in by_month]

    def competitions(d):
        return "; ".join(_("%(competition)s: place %(place)s of %(total)s") % c for c in d.get("competitions", []))

    rows = [
        (_("Training sessions attended"), out_of("sessions_attended", "sessions_expected")),
        (_("Training attendance (%)"), [_figure(d.get("attendance_rate")) for d in by_month]),
        (_("Assessments passed"), out_of("assessments_passed", "assessments_taken")),
        (_("Average assessment score"), [_figure(d.get("average_score")) for d in by_month]),
        (_("Levels gained"), [", ".join(str(levels.get(v, v)) for v in d.get("levels_gained", [])) for d in by_month]),
        (_("Competitions"), [competitions(d) for d in by_month]),
        (_("Reward points"), [_figure(d.get("reward_points")) for d in by_month]),
        (_("Penalty points"), [_figure(d.get("penalty_points")) for d in by_month]),
        (_("Rewards (amount)"), [_figure(d.get("reward_amount")) for d in by_month]),
        (_("Penalties (amount)"), [_figure(d.get("penalty_amount")) for d in by_month]),
    ]
    return [(label, values) for label, values in rows if any(values)]
