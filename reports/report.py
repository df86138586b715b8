"""One month's report for a chain or a club: the figures, the month before, twelve months, clubs side by side.

``monthly_report`` is what the page, the exports and the e-mail all show. Finished months
come from snapshots (``snapshots.snapshots_for``), the running month from the records; the
chain's figures are the sum of its clubs' (``figures.merge``). Its query count does not grow
with the number of clubs or people.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from attendance.months import last_months, month_start, previous_month

from .figures import HEADLINES, SCHEMA, change, merge, module_headlines, value_at
from .selectors import first_month, live_figures
from .snapshots import snapshots_for

TREND_MONTHS = 12


@dataclass
class ClubPart:
    club: object
    figures: dict
    snapshot: object = None  # the MonthlySnapshot read, None for a month still running

    @property
    def closed(self):
        return self.snapshot is not None

    def as_dict(self):
        return {"id": self.club.pk, "code": self.club.code, "name": self.club.name, "time_zone": self.club.time_zone}


@dataclass
class Report:
    month: datetime.date
    scope: str  # "chain" or "club"
    parts: list  # ClubPart of the report's month, one per club
    figures: dict
    previous: dict | None
    trend: list = field(default_factory=list)  # [(month, figures or None)], oldest first

    @property
    def club(self):
        return self.parts[0].club if self.scope == "club" else None

    @property
    def closed(self):
        return all(p.closed for p in self.parts)

    @property
    def built_at(self):
        """When the oldest snapshot the report reads was built; None while the month runs."""
        stamps = [p.snapshot.built_at for p in self.parts if p.snapshot is not None]
        return min(stamps) if self.closed and stamps else None

    @property
    def rebuilt(self):
        return [p for p in self.parts if p.snapshot is not None and p.snapshot.builds > 1]

    def headlines(self):
        return HEADLINES + module_headlines(self.figures, "training") + module_headlines(self.figures, "meetings")

    def headline_rows(self):
        """(headline, value, previous, change, [12 values]) for every headline figure."""
        rows = []
        for h in self.headlines():
            value = value_at(self.figures, h.key)
            before = value_at(self.previous, h.key) if self.previous else None
            series = [value_at(f, h.key) if f else None for _m, f in self.trend]
            rows.append((h, value, before, change(value, before), series))
        return rows

    def by_club(self):
        """[(club, {headline key: value})] for the clubs side by side."""
        return [(p.club, {h.key: value_at(p.figures, h.key) for h in HEADLINES}) for p in self.parts]


def monthly_report(clubs, month, *, scope, now=None):
    """The report of ``month`` for ``clubs`` (each with ``first_hire``, see ``selectors.clubs_with_first_month``)."""
    now = now or timezone.now()
    month = month_start(month)
    clubs = [c for c in clubs if first_month(c) <= month]
    months = [m for m in reversed(last_months(month, TREND_MONTHS)) if any(first_month(c) <= m for c in clubs)]
    snaps = snapshots_for(clubs, months, now=now)
    combined, parts_of = {}, {}
    for m in months:
        existing = [c for c in clubs if first_month(c) <= m]
        running = [c for c in existing if (c.pk, m) not in snaps]
        live = live_figures(running, m, now=now) if running else {}
        parts = [
            (c, snaps[(c.pk, m)].figures if (c.pk, m) in snaps else live[c.pk], snaps.get((c.pk, m)))
            for c in existing
        ]
        parts_of[m] = parts
        if len(parts) == 1:
            combined[m] = parts[0][1]
        elif parts:
            combined[m] = merge([({"code": c.code}, f) for c, f, _s in parts])
    parts = [ClubPart(c, f, s) for c, f, s in parts_of.get(month, [])]
    return Report(
        month=month, scope=scope, parts=parts, figures=combined.get(month) or {},
        previous=combined.get(previous_month(month)), trend=[(m, combined.get(m)) for m in months],
    )


def report_json(report):
    """The report as JSON with stable keys (``reports/README.md``)."""
    return {
        "schema": SCHEMA,
        "scope": report.scope,
        "month": f"{report.month:%Y-%m}",
        "status": "closed" if report.closed else "in_progress",
        "built_at": report.built_at.isoformat() if report.built_at else None,
        "clubs": [
            {**p.as_dict(), "built_at": p.snapshot.built_at.isoformat() if p.snapshot else None,
             "builds": p.snapshot.builds if p.snapshot else 0}
            for p in report.parts
        ],
        "figures": report.figures,
        "previous": report.previous,
        "headline": {
            h.key: {"value": value, "previous": before, "change": delta}
            for h, value, before, delta, _series in report.headline_rows()
        },
        "trend": {
            "months": [f"{m:%Y-%m}" for m, _f in report.trend],
            "series": {h.key: series for h, _v, _p, _c, series in report.headline_rows()},
        },
        "by_club": {club.code: values for club, values in report.by_club()} if report.scope == "chain" else None,
    }
