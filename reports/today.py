"""The monthly report's panels of the Today page (``staff.registry``), registered by ``ReportsConfig.ready()``.

Both read the report's own figures with its own definitions (the query functions
``selectors.live_figures`` reads, ``figures.derive``, the headline list ``figures.HEADLINE_KEYS``) and the
report's access rule (``access.may_read_reports``, ``reads_chain_report``), and link into the report:

* the store manager: this month so far against last month — attendance rate, late arrivals,
  grooming pass rate, checklist completion — for their club;
* the owner: every club's latest finished month, its headline figures against the month before
  and the red flags: people who need a talk and how many were talked to, a falling grooming pass
  rate, a falling attendance rate, items low on stock now.

A finished month is read from its snapshot while fresh, else its headline sections are read from the
records (only those: the page does not compute the whole report); a GET
writes nothing and queues nothing (the report page queues the builds). A fixed number of queries
whatever the number of clubs or people.
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from attendance.selectors import consumables as floor_consumables
from attendance.selectors import daily as floor
from attendance.selectors import followup as floor_followup
from duties.selectors import completion_by
from kernel.clock import club_today
from kernel.months import month_range, month_start, previous_month
from staff import access as staff_access

from .access import may_read_reports, reads_chain_report
from .figures import HEADLINE_KEYS, change, derive, value_at
from .selectors import _empty, clubs_with_first_month, first_month
from .snapshots import fresh_snapshots

# The store manager's few figures: (headline key, drill-down figure).
CLUB_FIGURES = ["attendance.rate", "attendance.late", "grooming.pass_rate", "checklists.total.rate"]
# The owner's figures per club.
CHAIN_FIGURES = ["attendance.rate", "attendance.late", "grooming.pass_rate", "checklists.total.rate"]


def _headline_figures(clubs, month, now):
    """{club id: figures} of ``month`` with only the sections the Today page shows — attendance, grooming,
    checklists, follow-up — read by the same query functions as ``selectors.live_figures`` and derived by
    the same ``figures.derive``; the other sections stay empty. A fixed, small number of queries."""
    first, end = month_range(month)
    last = end - datetime.timedelta(days=1)
    ids = [c.pk for c in clubs]
    result = {c.pk: _empty(c) for c in clubs}
    for club_id, counts in floor.attendance_by_club(club_ids=ids, first=first, end=end).items():
        result[club_id]["attendance"].update(counts)
    for club_id, counts in floor.grooming_by_club(club_ids=ids, first=first, end=end).items():
        result[club_id]["grooming"].update(counts)
    today = {c.pk: club_today(c, now) for c in clubs}
    for row in completion_by(club_ids=ids, start=first, end=last, today=today, group="club"):
        result[row["checklist__club_id"]]["checklists"]["total"] = {
            key: row[key] for key in ("done", "not_done", "na", "open", "overdue", "total")}
    for club_id, followup in floor_followup.followup_by_club(clubs=clubs, month=first).items():
        result[club_id]["followup"]["needs_talk"] = [{"talk_held": p.talk is not None} for p in followup.needs_talk]
    for figures in result.values():
        derive(figures)
    return result


def _figures(clubs, months, now):
    """{(club id, month): figures}: a finished month's fresh snapshot, else the headline sections read now."""
    snaps, _to_build = fresh_snapshots(clubs, months, now=now)
    found = {key: s.figures for key, s in snaps.items()}
    for month in months:
        missing = [c for c in clubs if (c.pk, month) not in found and first_month(c) <= month]
        for pk, figures in _headline_figures(missing, month, now).items() if missing else ():
            found[(pk, month)] = figures
    return found


def _row(key, figures, before, url):
    headline = HEADLINE_KEYS[key]
    value = value_at(figures, key) if figures else None
    previous = value_at(before, key) if before else None
    delta = change(value, previous)
    worse = delta is not None and delta != 0 and ((delta < 0) == (headline.better == "up"))
    records = headline.records.split("?")[0]
    return {"label": headline.label, "value": value, "previous": previous, "delta": delta, "unit": headline.unit,
            "worse": worse, "url": url(records) if records else ""}


def club_panel(viewer):
    """The store manager's month so far against last month."""
    if reads_chain_report(viewer) or not may_read_reports(viewer) or not viewer.club_id:
        return None
    now = timezone.now()
    club = clubs_with_first_month(staff_access.visible_clubs(viewer).filter(pk=viewer.club_id))[0]
    month = month_start(club_today(club, now))
    last = previous_month(month)
    found = _figures([club], [month, last], now)
    figures, before = found.get((club.pk, month)), found.get((club.pk, last))

    def url(figure):
        return reverse("reports:club_records", args=[f"{month:%Y-%m}", club.pk, figure])

    rows = [_row(key, figures, before, url) for key in CLUB_FIGURES]
    return {
        "report_today": {
            "month": month, "last": last, "rows": rows, "day": club_today(club, now),
            "url": reverse("reports:monthly", args=[f"{month:%Y-%m}"]),
        },
        "today_needs": False,
    }


def chain_panel(viewer):
    """The owner's clubs: the latest finished month's headline figures and red flags, each into the report."""
    if not reads_chain_report(viewer):
        return None
    now = timezone.now()
    clubs = clubs_with_first_month(staff_access.visible_clubs(viewer))
    if not clubs:
        return None
    month_of = {c.pk: previous_month(month_start(club_today(c, now))) for c in clubs}
    months = sorted({m for m in month_of.values()} | {previous_month(m) for m in month_of.values()})
    found = _figures(clubs, months, now)
    low_now = {}
    for row in floor_consumables.low_stock_by_club(moments={c.pk: now for c in clubs}):
        low_now.setdefault(row["club_id"], []).append(row["name"])
    rows, flagged = [], 0
    for club in clubs:
        month = month_of[club.pk]
        if first_month(club) > month:
            continue
        figures, before = found.get((club.pk, month)), found.get((club.pk, previous_month(month)))

        def url(figure, club=club, month=month):
            return reverse("reports:club_records", args=[f"{month:%Y-%m}", club.pk, figure])

        flags = []
        need = value_at(figures, "followup.needs_talk_count") or 0
        if need:
            talked = need - (value_at(figures, "followup.needs_talk_without_talk") or 0)
            text = ngettext("%(need)s person needs a talk, %(talked)s talked to",
                            "%(need)s people need a talk, %(talked)s talked to", need)
            flags.append({"text": text % {"need": need, "talked": talked},
                          "url": url("needs_talk"), "bad": talked < need})
        for key, figure in (("grooming.pass_rate", "grooming"), ("attendance.rate", "due_days"),
                            ("checklists.total.rate", "checklists")):
            row = _row(key, figures, before, url)
            if row["worse"]:
                flags.append({"text": _("%(figure)s fell from %(before)s%% to %(now)s%%") % {
                    "figure": row["label"], "before": row["previous"], "now": row["value"]},
                    "url": url(figure), "bad": True})
        low = low_now.get(club.pk, [])
        if low:
            items = ", ".join(low[:4]) + ("…" if len(low) > 4 else "")
            flags.append({"text": _("Low stock now: %(items)s") % {"items": items},
                          "url": f"{reverse('attendance:consumable_list')}?club={club.pk}", "bad": True})
        flagged += any(flag["bad"] for flag in flags)
        rows.append({
            "club": club, "month": month, "flags": flags,
            "figures": [_row(key, figures, before, url) for key in CHAIN_FIGURES],
            "url": reverse("reports:club_monthly", args=[f"{month:%Y-%m}", club.pk]),
        })
    if not rows:
        return None
    rows.sort(key=lambda row: (not any(flag["bad"] for flag in row["flags"]), row["club"].name))  # red flags first
    chain_month = max(month_of.values())
    return {
        "chain_today": {"rows": rows, "url": reverse("reports:monthly", args=[f"{chain_month:%Y-%m}"]),
                        "month": chain_month},
        "today_needs": bool(flagged),
    }
