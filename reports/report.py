"""One month's report for a chain or a club: the figures, the month before, twelve months, clubs side by side.

``monthly_report`` is what the page, the exports and the e-mail all show. Finished months
come from their snapshots while fresh (``snapshots.fresh_snapshots``); a finished month without
a fresh snapshot, and the running month, are computed live from the records — reading never
builds; the missing builds are queued (``snapshots.queue_builds``). The
chain's figures are the sum of its clubs' (``figures.merge``). Its query count does not grow
with the number of clubs or people.
"""

import datetime
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connections, router
from django.utils import timezone, translation

from kernel.months import last_months, month_start, previous_month

from .figures import HEADLINES, SCHEMA, change, merge, module_headlines, value_at
from .selectors import first_month, is_closed, live_figures, people_by_club
from .models import MonthlySnapshot, SectionMark, StaleMonth
from .snapshots import fresh_snapshots, queue_builds, with_figures

TREND_MONTHS = 12
CHAIN_KEPT = 40 * 24 * 3600  # a chain's merged month is kept this long after it was last merged (seconds)
# How much a page may compute from the records while the reader waits, in people × finished months without a
# fresh snapshot: more, and the page says the month is being prepared, queues the builds and opens once they
# are done (``to_prepare``). A club of 40 people with every month of the trend missing is ~480.
LIVE_AT_ONCE = 300


@dataclass
class ClubPart:
    club: object
    figures: dict
    snapshot: object = None  # the MonthlySnapshot read, None when computed live
    over: bool = False  # the month is over in the club's time zone

    @property
    def closed(self):
        return self.over

    @property
    def live(self):
        """A finished month whose figures were computed from the records (its snapshot is being built)."""
        return self.over and self.snapshot is None

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
        return min(stamps) if self.closed and not self.live and stamps else None

    @property
    def live(self):
        """True when a finished month of the report was computed live (no fresh snapshot yet)."""
        return any(p.live for p in self.parts)

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


def _report_months(clubs, month):
    """The months a report of ``month`` reads (itself and the trend's), oldest first, for clubs open by then."""
    return [m for m in reversed(last_months(month, TREND_MONTHS)) if any(first_month(c) <= m for c in clubs)]


def to_prepare(clubs, month, *, now=None):
    """The finished (club id, month) that a report of ``month`` would have to compute from the records, when
    that is more than a reader should wait for (``LIVE_AT_ONCE``); else []. Reads only (two queries).

    The page then says the month is being prepared and queues these builds (``snapshots.queue_builds``);
    the exports and the JSON still compute what is missing at once."""
    now = now or timezone.now()
    month = month_start(month)
    clubs = [c for c in clubs if first_month(c) <= month]
    _fresh, to_build = fresh_snapshots(clubs, _report_months(clubs, month), now=now, figures=False)
    if not to_build:
        return []
    people = people_by_club({pk for pk, _m in to_build})
    return to_build if sum(people.get(pk, 0) for pk, _m in to_build) > LIVE_AT_ONCE else []


def monthly_report(clubs, month, *, scope, now=None, queue=True):
    """The report of ``month`` for ``clubs`` (each with ``first_hire``, see ``selectors.clubs_with_first_month``).

    Writes nothing: finished months without a fresh snapshot are computed live, and (``queue``)
    their builds are queued after the request's transaction commits.
    """
    now = now or timezone.now()
    month = month_start(month)
    clubs = [c for c in clubs if first_month(c) <= month]
    months = _report_months(clubs, month)
    snaps, to_build = fresh_snapshots(clubs, months, now=now, figures=False)
    if queue and to_build:
        queue_builds(to_build)
    # A chain's finished month read whole from its clubs' snapshots is merged once and kept (``CHAIN_KEPT``),
    # under a name made of the snapshots it was merged from: a rebuilt snapshot (after a change marked its
    # month stale) gives a new name, so the merge is made again; a stale one is read live, never kept.
    merged_names = {}
    if len(clubs) > 1:
        for m in months:
            existing = [c for c in clubs if first_month(c) <= m]
            if m != month and existing and all((c.pk, m) in snaps for c in existing):
                merged_names[m] = _merged_name(m, [(c, snaps[(c.pk, m)]) for c in existing])
    kept = cache.get_many(list(merged_names.values())) if merged_names else {}
    combined = {m: kept[name] for m, name in merged_names.items() if name in kept}
    with_figures([s for (pk, m), s in snaps.items() if m not in combined])
    parts_of, to_keep = {}, {}
    for m in months:
        existing = [c for c in clubs if first_month(c) <= m]
        if m in combined:
            continue
        running = [c for c in existing if (c.pk, m) not in snaps]
        live = live_figures(running, m, now=now) if running else {}
        parts = [
            (c, _without_schema(snaps[(c.pk, m)].figures) if (c.pk, m) in snaps else live[c.pk], snaps.get((c.pk, m)))
            for c in existing
        ]
        parts_of[m] = parts
        if len(parts) == 1:
            combined[m] = parts[0][1]
        elif parts:
            combined[m] = merge([({"code": c.code}, f) for c, f, _s in parts])
            if m in merged_names:
                to_keep[merged_names[m]] = combined[m]
    if to_keep:
        cache.set_many(to_keep, CHAIN_KEPT)
    for m, figures in combined.items():
        combined[m] = with_labels(figures)
    parts = [ClubPart(c, with_labels(f), s, is_closed(c, month, now)) for c, f, s in parts_of.get(month, [])]
    return Report(
        month=month, scope=scope, parts=parts, figures=combined.get(month) or {},
        previous=combined.get(previous_month(month)), trend=[(m, combined.get(m)) for m in months],
    )


def _code_digest():
    """What the code that draws a report's page is, as (path, size, time) of its files: a new release draws
    the kept pages again (``page_key``). Every app's code and templates: the page has the other apps' sections."""
    base = Path(settings.BASE_DIR)
    packages = [d for d in base.iterdir() if (d / "__init__.py").exists()]
    files = [*(f for d in packages for pattern in ("*.py", "*.html") for f in d.rglob(pattern)),
             *base.glob("templates/**/*.html"), *base.glob("locale/*/LC_MESSAGES/django.mo")]
    made_of = ";".join(f"{f.relative_to(base)}:{f.stat().st_size}:{f.stat().st_mtime_ns}" for f in sorted(files))
    return hashlib.sha256(made_of.encode()).hexdigest()[:16]


CODE = _code_digest()


def page_key(clubs, month, *, scope, now=None):
    """The name under which a finished month's report page is kept once drawn (``views``): its figures part, and
    each reader's sections of the other apps under this name and the reader. None while the month runs in one of
    ``clubs``. One query; reads no figures.

    The name is made of everything the page is drawn from: the number of snapshots of the report's months and
    the newest build among them, the number of change marks of those months and the newest, the same of the
    sections' change marks (``SectionMark``), the clubs (names, codes), the scope, the reader's language and the
    code that draws it. A snapshot built or built again, a record changed (its month marked), a club renamed or
    a new release: a new name, so the page is drawn again. A page with a month computed live is never kept
    (``views._respond``)."""
    now = now or timezone.now()
    month = month_start(month)
    clubs = [c for c in clubs if first_month(c) <= month]
    if not clubs or not all(is_closed(c, month, now) for c in clubs):
        return None
    built, marks, sections = _made_of(sorted(c.pk for c in clubs), _report_months(clubs, month))
    made_of = "|".join([
        str(SCHEMA), CODE, scope, f"{month:%Y-%m}", translation.get_language() or "",
        ";".join(f"{c.pk}:{c.code}:{c.name}:{c.time_zone}:{first_month(c):%Y-%m}" for c in sorted(clubs, key=lambda c: c.pk)),
        built, marks, sections,
    ])
    return f"reports:page:{month:%Y-%m}:{hashlib.sha256(made_of.encode()).hexdigest()[:32]}"


def _made_of(ids, months):
    """What a kept page is drawn from, as text, in one query (the ORM took longer to compile the three than the
    database to answer them), for the clubs ``ids`` and ``months``: their snapshots (how many, how many builds,
    the newest), their change marks (how many, the newest) and their sections' change marks (``SectionMark``:
    how many, how many changes, the newest; a campaign on the page may have begun in an earlier month)."""
    connection = connections[router.db_for_read(MonthlySnapshot)]
    quote = connection.ops.quote_name
    where = (f"{quote('club_id')} IN ({', '.join(['%s'] * len(ids))}) "
             f"AND {quote('month')} IN ({', '.join(['%s'] * len(months))})")
    params = [*ids, *(connection.ops.adapt_datefield_value(m) for m in months)]
    parts = [(MonthlySnapshot, "COUNT(*), SUM(builds), MAX(built_at)"), (StaleMonth, "COUNT(*), 0, MAX(changed_at)"),
             (SectionMark, "COUNT(*), SUM(changes), MAX(changed_at)")]
    sql = " UNION ALL ".join(f"SELECT {index}, {columns} FROM {quote(model._meta.db_table)} WHERE {where}"
                             for index, (model, columns) in enumerate(parts))
    with connection.cursor() as cursor:
        cursor.execute(sql, params * len(parts))
        rows = sorted(cursor.fetchall())
    return [f"{n}:{builds or 0}:{last or ''}" for _index, n, builds, last in rows]


def _merged_name(month, parts):
    """The cache key of a chain's month merged from these (club, snapshot) pairs."""
    made_of = ";".join(f"{c.pk}:{c.code}:{s.pk}:{s.builds}:{s.built_at.isoformat()}" for c, s in parts)
    digest = hashlib.sha256(f"{SCHEMA}|{month:%Y-%m}|{made_of}".encode()).hexdigest()[:32]
    return f"reports:chain:{month:%Y-%m}:{digest}"


def with_labels(figures):
    """``figures`` with the labels of their keys in the active language (the reader's), added on reading:
    a snapshot stores keys only (``selectors._keys_only``). Returns a copy where it adds any."""
    from training.models import Topic

    topics = (figures.get("training") or {}).get("by_topic") if figures else None
    if not topics:
        return figures
    names = dict(Topic.choices)
    labelled = {code: (dict(t, label=str(names.get(code, code))) if isinstance(t, dict) else t) for code, t in topics.items()}
    return {**figures, "training": {**figures["training"], "by_topic": labelled}}


def _without_schema(figures):
    """A snapshot's figures as ``live_figures`` gives them (the schema number is the snapshot's, not a figure)."""
    return {k: v for k, v in figures.items() if k != "schema"}


def report_json(report):
    """The report as JSON with stable keys (``reports/README.md``)."""
    return {
        "schema": SCHEMA,
        "scope": report.scope,
        "month": f"{report.month:%Y-%m}",
        "status": "closed" if report.closed else "in_progress",
        "built_at": report.built_at.isoformat() if report.built_at else None,
        "live": report.live,
        "clubs": [
            {**p.as_dict(), "built_at": p.snapshot.built_at.isoformat() if p.snapshot else None,
             "builds": p.snapshot.builds if p.snapshot else 0, "live": p.live}
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
