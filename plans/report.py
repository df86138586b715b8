"""Targets and actuals for the pages of the apps below plans, which may not import it.

The owner's monthly report (``reports``) and the meetings' summary reports (``meetings``) sit below
plans in the layers; they receive these through a ``staff.registry`` hook the lead wires in. Both
answer plain, JSON-safe data (keys, numbers, ISO dates — labels only where said), so a snapshot can
keep them and the reader's page translates the metric's label from its key (``label_of``).

* ``report_section(viewer, clubs, month)`` / ``report_tables(clubs, month)``: the owner's report's "Targets
  and actuals" — each club's approved month plans and campaigns covering ``month``, each whole target against its
  actual up to the month's end, and for several clubs the chain's sum of each metric that adds up over the
  clubs' month plans of the whole club — for the page, and as tables for the PDF, spreadsheet and e-mail.
* ``summary_targets(author, start, end)``: the author's approved plans overlapping a summary
  report's period, for "targets, actuals, gap" in a report to the superior.
"""

import datetime
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from kernel.months import month_start, next_month
from kernel.rates import percent

from . import metrics
from .access import visible_plans
from .models import Period, Plan, Status
from .progress import plans_progress, reached_text


def label_of(key):
    """A metric's label in the active language, from its key ("" for a key no longer known)."""
    metric = metrics.registry().get(key)
    return str(metric.label) if metric else ""


def _number(value):
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal) else value


def _plan_entry(plan, lines, elapsed):
    targets = []
    for line in lines:
        if line.target is None:
            continue
        gap = None
        if line.actual is not None:
            gap = Decimal(str(line.actual)) - line.target
        targets.append({
            "metric": line.metric.key, "unit": line.metric.unit, "lower_is_better": line.metric.lower_is_better,
            "target": _number(line.target), "actual": _number(line.actual), "gap": _number(gap),
            "achieved": _number(line.achieved), "on_track": line.on_track,
            "target_text": line.target_text, "actual_text": line.actual_text,
        })
    return {
        "plan_id": plan.pk, "title": plan.title, "period": plan.period,
        "department": plan.department.kind if plan.department_id else None,
        "start": plan.starts_on.isoformat(), "end": plan.ends_on.isoformat(), "author": plan.author.name,
        "elapsed": _number(elapsed), "targets": targets,
    }


def _month_plans(clubs, month):
    first = month_start(month)
    last = next_month(first) - datetime.timedelta(days=1)
    return (Plan.objects.filter(club__in=clubs, status=Status.APPROVED, starts_on__lte=last, ends_on__gte=first)
            .filter(Q(period__in=[Period.MONTH, Period.QUARTER, Period.YEAR, Period.PROMOTION]))
            .select_related("club", "department", "author").order_by("club__name", "department__kind", "starts_on",
                                                                       "pk"))


def summary_targets(author, start, end):
    """[plan entry] of ``author``'s approved plans that overlap ``start``…``end``, measured up to ``end``."""
    plans = (Plan.objects.filter(author=author, status=Status.APPROVED, starts_on__lte=end, ends_on__gte=start)
             .select_related("club", "department", "author").order_by("starts_on", "period", "pk"))
    return [_plan_entry(plan, lines, elapsed) for plan, lines, elapsed in plans_progress(plans, end)]


def _report_plans(clubs, month):
    """The approved month plans and campaigns of ``clubs`` covering ``month``: a quarter's and a year's progress are
    on their plan pages."""
    return _month_plans(clubs, month).filter(period__in=[Period.MONTH, Period.PROMOTION])


def _measured(plans, month):
    """[(plan, lines with a target, elapsed)] of ``plans``, measured up to the month's end: the same queries
    whatever the number of plans (``progress.plans_progress``)."""
    last = next_month(month_start(month)) - datetime.timedelta(days=1)
    found = []
    for plan, lines, elapsed in plans_progress(plans, last):
        lines = [line for line in lines if line.target is not None]
        if lines:
            found.append((plan, lines, elapsed))
    return found


def _chain_lines(measured):
    """The chain's sum per metric that adds up, over the clubs' month plans of the whole club (a department's plan
    or a campaign would count a figure twice): [{metric, target_text, actual_text, reached, on_track, clubs}]."""
    sums = {}
    for plan, lines, elapsed in measured:
        if plan.period != Period.MONTH or plan.department_id:
            continue
        for line in lines:
            if not line.metric.additive or line.metric.lower_is_better:
                continue
            into = sums.setdefault(line.metric.key, {"metric": line.metric, "target": Decimal(0), "actual": Decimal(0),
                                                     "clubs": 0, "elapsed": elapsed})
            into["target"] += Decimal(str(line.target))
            into["actual"] += Decimal(str(line.actual or 0))
            into["clubs"] += 1
    rows = []
    for into in sums.values():
        metric = into["metric"]
        achieved = round(into["actual"] * 100 / into["target"], 1) if into["target"] else None
        on_track = achieved is not None and achieved >= into["elapsed"]
        rows.append({"metric": metric, "target_text": metrics.format_value(metric, into["target"]),
                     "actual_text": metrics.format_value(metric, into["actual"]), "clubs": into["clubs"],
                     "reached": reached_text(False, achieved, on_track), "on_track": on_track})
    return rows


def report_section(viewer, clubs, month):
    """The owner's monthly report page (``staff.registry.add_report_section``): per club, the approved month
    plans and campaigns covering ``month`` that ``viewer`` may open, each whole target against its actual up to
    the month's end, and for several clubs the chain's sum. None when no club has one, so the report shows no
    empty section. The same number of queries whatever the number of plans (one read per club and family of
    records for the month)."""
    clubs = list(clubs)
    measured = _measured(_report_plans(clubs, month).filter(pk__in=visible_plans(viewer).values("pk")), month)
    by_club = {club.pk: {"club": club, "plans": []} for club in clubs}
    for plan, lines, elapsed in measured:
        by_club[plan.club_id]["plans"].append({"plan": plan, "lines": lines, "elapsed": elapsed})
    rows = [row for row in by_club.values() if row["plans"]]
    if not rows:
        return None
    return {"report_targets": rows, "report_chain_targets": _chain_lines(measured) if len(clubs) > 1 else []}


def report_tables(clubs, month):
    """The same section for the report's PDF, spreadsheet and e-mail (every approved plan of the clubs: the files
    go to the report's readers, who may open each): one table for the chain's sums, one per club."""
    clubs = list(clubs)
    measured = _measured(_report_plans(clubs, month), month)
    if not measured:
        return []
    columns = [_("Plan"), _("Metric"), _("Actual"), _("Target"), _("Reached")]
    tables = []
    chain = _chain_lines(measured) if len(clubs) > 1 else []
    if chain:
        tables.append((_("Targets and actuals · all clubs"), [_("Metric"), _("Actual"), _("Target"), _("Reached")],
                       [[str(row["metric"].label), row["actual_text"], row["target_text"], row["reached"]]
                        for row in chain]))
    names = {club.pk: club.name for club in clubs}
    for club in clubs:
        rows = [[plan.title, str(line.metric.label), line.actual_text, line.target_text, line.reached]
                for plan, lines, _elapsed in measured if plan.club_id == club.pk for line in lines]
        if rows:
            tables.append((_("Targets and actuals · %(club)s") % {"club": names[club.pk]}, columns, rows))
    return tables


def summary_part(author, start, end):
    """The meetings' summary report by ``author`` (``staff.registry.add_summary_figures``): their approved plans
    overlapping the report's period, each target with its actual up to the period's end and the gap; None
    when they have none. Kept with the report's figures, so a submitted report keeps what its author read."""
    entries = [entry for entry in summary_targets(author, start, end) if entry["targets"]]
    return {"plans": entries} if entries else None


def summary_tables(data):
    """One table per plan for the summary report's page and PDF, in the active language."""
    known = metrics.registry()
    tables = []
    for entry in data.get("plans", []):
        title = _("%(plan)s: targets and actuals (%(elapsed)s of the period)") % {
            "plan": entry["title"], "elapsed": percent(entry["elapsed"])}
        rows = []
        for target in entry["targets"]:
            metric = known.get(target["metric"])
            gap = target["gap"]
            gap_text = "" if gap is None or metric is None else metrics.format_value(metric, Decimal(str(gap)))
            if gap is not None and gap > 0 and gap_text:
                gap_text = "+" + gap_text
            rows.append((label_of(target["metric"]) or target["metric"],
                         [target["target_text"], target["actual_text"], gap_text or percent(None),
                          reached_text(target.get("lower_is_better"), target["achieved"], target.get("on_track"))]))
        tables.append((title, [_("Target"), _("Actual"), _("Gap"), _("Reached")], rows))
    return tables
