"""A plan's targets against what actually happened, and the parts of each target against the whole.

``plan_progress(plan, today)`` gives one ``Line`` per whole target (and one per part whose plan
has no whole of its metric): the target, the actual so far (``metrics.Measure``, scoped to the
plan's department where the metric is measured per department), how much of the target that
is and how much of the period has passed — "62 % of the target at 50 % of the period" — and its
parts grouped by kind (months, teams, people, the child plans' targets) with their sum against
the whole and a warning when they differ (only for metrics that add up).

Queries: a fixed number per plan, plus one measure per month of the plan for the month parts
(at most twelve), whatever the number of targets, teams or people. ``plans_progress(plans, as_of)`` measures
many plans at once: their targets in two reads, and each club's records once per period measured (plans of the
same month share one ``Measure``), so a list of plans costs the same queries whatever their number.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from kernel.months import next_month
from kernel.rates import percent

from . import metrics as registry
from .models import Target

# "62 % of the target at 50 % of the month": one sentence per kind of period, so each reads naturally.
SENTENCES = {
    "year": _("%(achieved)s of the target at %(elapsed)s of the year"),
    "quarter": _("%(achieved)s of the target at %(elapsed)s of the quarter"),
    "month": _("%(achieved)s of the target at %(elapsed)s of the month"),
    "week": _("%(achieved)s of the target at %(elapsed)s of the week"),
    "promotion": _("%(achieved)s of the target at %(elapsed)s of the promotion"),
}

PART_KINDS = (("month", _("By month")), ("team", _("By team")), ("person", _("By person")),
              ("child", _("Plans below")))


@dataclass
class Part:
    label: Any
    target: Decimal
    actual: Any = None
    url: str = ""
    text: str = ""
    actual_text: str = ""


@dataclass
class PartGroup:
    kind: str
    label: Any
    parts: list = field(default_factory=list)
    total: Decimal = Decimal(0)
    total_text: str = ""
    differs: bool = False
    additive: bool = True


@dataclass
class Line:
    metric: Any
    target: Any = None
    actual: Any = None
    target_text: str = ""
    actual_text: str = ""
    achieved: Any = None  # actual ÷ target, %
    on_track: Any = None
    reached: str = ""  # reached_text: the "Reached" column
    sentence: str = ""
    groups: list = field(default_factory=list)


def elapsed_share(start, end, today):
    """How much of the period from ``start`` to ``end`` (both included) has passed by the end of ``today``, in %."""
    days = (end - start).days + 1
    if today < start:
        return Decimal(0)
    if today >= end:
        return Decimal(100)
    return round(Decimal(100) * ((today - start).days + 1) / days, 1)


def _achieved(actual, target):
    if actual is None or not target:
        return None
    return round(Decimal(str(actual)) * 100 / Decimal(str(target)), 1)


def reached_text(lower_is_better, achieved, on_track):
    """What the "Reached" column says: the share of the target reached, or for a ceiling (lower is better), whether
    the actual stayed within it — "160 %" of a ceiling of late arrivals would read as praise for being worse."""
    if lower_is_better:
        if on_track is None:
            return percent(None)
        return str(_("within the ceiling")) if on_track else str(_("over the ceiling"))
    return percent(achieved)


def _on_track(metric, actual, target, elapsed, achieved):
    if actual is None:
        return None
    actual = Decimal(str(actual))
    if metric.lower_is_better:
        return actual <= target
    if metric.additive:
        return achieved is not None and achieved >= elapsed
    return actual >= target


def _scope_of(metric, plan):
    """The department a plan's whole target is measured in: the plan's, where the metric is measured so."""
    if plan.department_id and metric.measured_for(registry.DEPARTMENT):
        return plan.department
    return None


def _measured_end(plan, today):
    return min(plan.ends_on, max(today, plan.starts_on))


def _targets_of(plans):
    return Target.objects.filter(plan__in=plans).select_related("team", "person").order_by("order", "pk")


def _children_of(plans):
    """The whole targets of the plans below ``plans`` (their parts as plans)."""
    return (Target.objects.filter(plan__parent__in=plans, team__isnull=True, person__isnull=True, month__isnull=True)
            .select_related("plan").order_by("plan__starts_on", "plan_id", "order", "pk"))


def plan_progress(plan, today, *, targets=None, children=None, measures=None):
    """(lines, elapsed %) of ``plan`` as of ``today`` (the club's date).

    ``targets`` and ``children`` (the plan's targets, and the whole targets of the plans below it) when read
    already; ``measures``: a dict of ``Measure`` by (club, start, end) shared with other plans."""
    known = registry.registry()
    elapsed = elapsed_share(plan.starts_on, plan.ends_on, today)
    measures = {} if measures is None else measures

    def measure_of(start, end):
        key = (plan.club_id, start, end)
        if key not in measures:
            measures[key] = registry.Measure(plan.club, start, end)
        return measures[key]

    measure = measure_of(plan.starts_on, _measured_end(plan, today))
    if targets is None:
        targets = list(_targets_of([plan]))
    if children is None:
        children = list(_children_of([plan]))
    lines, by_metric = [], {}

    def line_for(key):
        if key not in by_metric:
            metric = known.get(key)
            if metric is None:
                return None
            by_metric[key] = Line(metric=metric)
            lines.append(by_metric[key])
        return by_metric[key]

    for target in targets:
        line = line_for(target.metric)
        if line is None:
            continue
        metric = line.metric
        if target.is_whole:
            line.target = target.value
            line.target_text = registry.format_value(metric, target.value)
            line.actual = measure.actual(metric, department=_scope_of(metric, plan))
            line.actual_text = registry.format_value(metric, line.actual)
            line.achieved = _achieved(line.actual, target.value)
            line.on_track = _on_track(metric, line.actual, target.value, elapsed, line.achieved)
            line.reached = reached_text(metric.lower_is_better, line.achieved, line.on_track)
            if metric.additive and line.achieved is not None:
                line.sentence = str(SENTENCES[plan.period]) % {
                    "achieved": percent(line.achieved), "elapsed": percent(elapsed)}
            continue
        if target.month:
            kind, label = "month", f"{target.month:%Y-%m}"
            end = min(next_month(target.month) - datetime.timedelta(days=1), plan.ends_on)
            start = max(target.month, plan.starts_on)
            if start > today:
                actual = None
            else:
                actual = measure_of(start, min(end, today)).actual(metric, department=_scope_of(metric, plan))
        elif target.team_id:
            kind, label = "team", target.team.name
            actual = measure.actual(metric, team=target.team) if metric.measured_for(registry.TEAM) else None
        else:
            kind, label = "person", target.person.name
            actual = measure.actual(metric, person=target.person) if metric.measured_for(registry.PERSON) else None
        _group(line, kind).parts.append(Part(label=label, target=target.value, actual=actual))

    for target in children:
        line = line_for(target.metric)
        if line is None:
            continue
        _group(line, "child").parts.append(Part(label=target.plan.title, target=target.value,
                                                url=target.plan.get_absolute_url()))

    for line in lines:
        metric = line.metric
        line.groups.sort(key=lambda g: [k for k, _label in PART_KINDS].index(g.kind))
        for group in line.groups:
            group.additive = metric.additive
            group.total = sum((p.target for p in group.parts), Decimal(0))
            group.total_text = registry.format_value(metric, group.total)
            group.differs = metric.additive and line.target is not None and group.total != line.target
            for part in group.parts:
                part.text = registry.format_value(metric, part.target)
                part.actual_text = registry.format_value(metric, part.actual) if part.actual is not None else ""
    return lines, elapsed


def _group(line, kind):
    for group in line.groups:
        if group.kind == kind:
            return group
    group = PartGroup(kind=kind, label=dict(PART_KINDS)[kind])
    line.groups.append(group)
    return group


def plans_progress(plans, as_of):
    """[(plan, lines, elapsed)] of ``plans`` as of ``as_of`` (a date, or a function of the plan giving one): the
    targets of all in two reads, each club's records once per period measured, whatever the number of plans."""
    plans = list(plans)
    if not plans:
        return []
    targets, children, measures = {}, {}, {}
    for target in _targets_of(plans):
        targets.setdefault(target.plan_id, []).append(target)
    for target in _children_of(plans):
        children.setdefault(target.plan.parent_id, []).append(target)
    found = []
    for plan in plans:
        today = as_of(plan) if callable(as_of) else as_of
        found.append((plan, *plan_progress(plan, today, targets=targets.get(plan.pk, []),
                                           children=children.get(plan.pk, []), measures=measures)))
    return found


def targets_so_far(plans, today):
    """For the Today panel and the reports: [(plan, lines, elapsed)] of ``plans``."""
    return plans_progress(plans, today)
