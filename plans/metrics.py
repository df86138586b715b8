"""What a target can measure, and how much of it actually happened.

Two kinds of metric, in one ordered registry ``METRICS`` (key → ``Metric``):

* **measured by ClubOps** from its own records, through the same query functions and rate
  definitions as the owner's monthly report (``reports/FIGURES.md``): attendance counts and
  ``attendance_rate`` (``attendance.selectors.daily``), first-round grooming checks, hygiene
  checks (``hygiene_by_club``), service spot checks and customer feedback (``quality_by_club``),
  checklist completion (``duties.selectors.completion_by`` and its ``rate``), training
  (``training.selectors.training_figures`` and ``department_figures``) and meetings
  (``meetings.selectors.meeting_figures``);
* **marketing figures** from the customer file, ``customers.metrics.METRICS`` (keys prefixed
  ``customers_``, labelled "Customers · …": new members, active members, follow-ups made and
  overdue, event attendance, VIP visits), measured by ``customers.metrics.totals`` / ``per_person``
  for the club or a marketing person;
* **business figures** the club's till holds, from ``business.metrics.METRICS`` and
  ``business.selectors.totals`` / ``per_person`` (read when that module exists; until then the
  registry has only ClubOps' own metrics).

``actual(metric, club, start, end, team=None, person=None, department=None)`` answers one
figure for the days ``start`` to ``end`` (both included, the club's local dates). A page that
shows many targets of one period uses ``Measure(club, start, end)``: each family of records is
read once (grouped by person in SQL) and every scope is added up from it, so the number of
queries does not grow with the number of targets, teams or people.

Units: ``count``, ``money`` (both add up, so parts of a target can be summed), ``rate`` (a
percentage, one decimal, ``kernel.rates``) and ``score`` (an average, 1–5). Some metrics are
lower-is-better (late arrivals, absences, complaints).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kernel.rates import rate

CLUB, DEPARTMENT, TEAM, PERSON = "club", "department", "team", "person"
PEOPLE_SCOPES = frozenset({CLUB, DEPARTMENT, TEAM, PERSON})
CLUB_ONLY = frozenset({CLUB})
ADDITIVE = ("count", "money")


@dataclass(frozen=True)
class Metric:
    key: str
    label: Any
    unit: str  # "count", "money", "rate" (%), "score" (average 1–5)
    source: str  # "clubops", "customers" or "business"
    scopes: frozenset = PEOPLE_SCOPES
    lower_is_better: bool = False
    family: str = ""

    @property
    def additive(self):
        """Whether the parts of a target of this metric add up to the whole (counts and money do, rates do not)."""
        return self.unit in ADDITIVE

    @property
    def is_business(self):
        return self.source == "business"

    def measured_for(self, scope):
        return scope in self.scopes


def _clubops(key, label, unit, family, scopes=PEOPLE_SCOPES, lower=False):
    return Metric(key=key, label=label, unit=unit, source="clubops", scopes=scopes, lower_is_better=lower,
                  family=family)


CLUBOPS_METRICS = [
    _clubops("attendance_rate", _("Attendance rate"), "rate", "attendance"),
    _clubops("late_arrivals", _("Late arrivals"), "count", "attendance", lower=True),
    _clubops("absences", _("Absences"), "count", "attendance", lower=True),
    _clubops("grooming_pass_rate", _("Grooming pass rate"), "rate", "grooming"),
    _clubops("hygiene_pass_rate", _("Hygiene pass rate"), "rate", "hygiene", scopes=CLUB_ONLY),
    _clubops("checklist_completion", _("Checklist completion"), "rate", "checklists"),
    _clubops("spot_check_average", _("Service spot-check average"), "score", "quality",
             scopes=frozenset({CLUB, TEAM, PERSON})),
    _clubops("complaints", _("Customer complaints"), "count", "feedback", scopes=frozenset({CLUB, TEAM, PERSON}),
             lower=True),
    _clubops("praise", _("Customer praise"), "count", "feedback", scopes=frozenset({CLUB, TEAM, PERSON})),
    _clubops("training_sessions_held", _("Training sessions held"), "count", "training",
             scopes=frozenset({CLUB, DEPARTMENT})),
    _clubops("assessment_pass_rate", _("Assessment pass rate"), "rate", "training",
             scopes=frozenset({CLUB, DEPARTMENT})),
    _clubops("levels_gained", _("Levels gained"), "count", "training", scopes=CLUB_ONLY),
    _clubops("meetings_held", _("Meetings held"), "count", "meetings", scopes=CLUB_ONLY),
    _clubops("action_items_closed", _("Action items closed"), "count", "meetings", scopes=CLUB_ONLY),
]


CUSTOMERS_PREFIX = "customers_"


def _customers_metrics():
    """The marketing figures of the customer file (counts per marketing person; "overdue" is a ceiling)."""
    from customers import metrics as customer_metrics

    return [Metric(key=CUSTOMERS_PREFIX + key, label=format_lazy("{} · {}", _("Customers"), label), unit=unit,
                   source="customers", scopes=frozenset({CLUB, PERSON}), lower_is_better=key == "overdue",
                   family="customers")
            for key, (label, unit, _per_person) in customer_metrics.METRICS.items()]


def _business_module():
    """``(business.metrics, business.selectors)`` once the business figures app provides them, else None."""
    try:
        from business import metrics as business_metrics
        from business import selectors as business_selectors
    except ImportError:
        return None
    if not hasattr(business_metrics, "METRICS") or not hasattr(business_selectors, "totals"):
        return None
    return business_metrics, business_selectors


def _business_metrics():
    found = _business_module()
    if found is None:
        return []
    result = []
    for key, (label, unit, per_person) in found[0].METRICS.items():
        scopes = frozenset({CLUB, TEAM, PERSON}) if per_person else CLUB_ONLY
        result.append(Metric(key=key, label=label, unit=unit, source="business", scopes=scopes, family="business"))
    return result


def registry():
    """Every metric, ClubOps' own first, then the customer file's, then the business figures: {key: Metric}."""
    return {m.key: m for m in [*CLUBOPS_METRICS, *_customers_metrics(), *_business_metrics()]}


class _Registry:
    """``METRICS``: the registry read when asked, so that the business figures appear as soon as their app does."""

    def __getitem__(self, key):
        return registry()[key]

    def __contains__(self, key):
        return key in registry()

    def __iter__(self):
        return iter(registry())

    def __len__(self):
        return len(registry())

    def get(self, key, default=None):
        return registry().get(key, default)

    def items(self):
        return registry().items()

    def values(self):
        return registry().values()

    def keys(self):
        return registry().keys()


METRICS = _Registry()


def choices():
    """(key, label) of every metric, for a form's drop-down."""
    return [(m.key, m.label) for m in registry().values()]


# --- Writing a value ---------------------------------------------------------------------------


def format_value(metric, value):
    """A value as a person reads it, one way per unit: "92.5 %", "¥12,000", "4.25", "18"."""
    if value is None:
        return "–"
    value = Decimal(str(value))
    if metric.unit == "rate":
        return f"{value:.1f} %"
    if metric.unit == "money":
        return f"¥{value:,.0f}" if value == value.to_integral_value() else f"¥{value:,.2f}"
    if metric.unit == "score":
        return f"{value:.2f}"
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


# --- Measuring ---------------------------------------------------------------------------------


def _add(into, row, keys):
    for key in keys:
        into[key] = into.get(key, 0) + (row.get(key) or 0)


class Measure:
    """The actual figures of ``club`` for the days ``start`` to ``end`` (both included).

    Each family of records is read once, when a metric of it is first asked, grouped by person
    (and by club for the club's own figure, the report's query), so any number of targets and
    scopes costs a fixed number of queries.
    """

    def __init__(self, club, start, end):
        self.club, self.start, self.end = club, start, end
        self.after = end + datetime.timedelta(days=1)  # the report's half-open [first, end)
        self._cache = {}
        self._people = None

    # people → team and department, for adding up people's rows
    def people(self):
        if self._people is None:
            from staff.models import Person

            self._people = {
                pk: (team_id, department_id)
                for pk, team_id, department_id in Person.objects.filter(club=self.club)
                .values_list("pk", "team_id", "department_id")
            }
        return self._people

    def _once(self, name, build):
        if name not in self._cache:
            self._cache[name] = build()
        return self._cache[name]

    def _scoped(self, per_person, keys, *, team=None, person=None, department=None):
        """The sum of ``keys`` over the rows of ``per_person`` ({person id: counts}) in the scope."""
        total = {}
        people = self.people()
        for person_id, row in per_person.items():
            team_id, department_id = people.get(person_id, (None, None))
            if person is not None and person_id != person.pk:
                continue
            if team is not None and team_id != team.pk:
                continue
            if department is not None and department_id != department.pk:
                continue
            _add(total, row, keys)
        return total

    # --- families
    def _attendance_club(self):
        from attendance.selectors.daily import attendance_by_club

        return attendance_by_club(club_ids=[self.club.pk], first=self.start, end=self.after).get(self.club.pk, {})

    def _attendance_people(self):
        from attendance.models import Attendance
        from attendance.selectors.daily import attendance_counts

        rows = (Attendance.objects.filter(club=self.club, date__gte=self.start, date__lt=self.after)
                .values("person_id").order_by("person_id").annotate(**attendance_counts()))
        return {row.pop("person_id"): row for row in rows}

    def _grooming_club(self):
        from attendance.selectors.daily import grooming_by_club

        return grooming_by_club(club_ids=[self.club.pk], first=self.start, end=self.after).get(self.club.pk, {})

    def _grooming_people(self):
        from attendance.models import GroomingCheck
        from attendance.selectors.daily import FIRST_ROUND

        rows = (GroomingCheck.objects.filter(FIRST_ROUND, person__club=self.club, date__gte=self.start,
                                             date__lt=self.after)
                .values("person_id").order_by("person_id")
                .annotate(checks=Count("id"), passed=Count("id", filter=Q(passed=True))))
        return {row.pop("person_id"): row for row in rows}

    def _hygiene_club(self):
        from attendance.selectors.hygiene import hygiene_by_club

        return hygiene_by_club(club_ids=[self.club.pk], first=self.start, end=self.after).get(self.club.pk, {})

    def _quality_club(self):
        from attendance.selectors.quality import quality_by_club

        return quality_by_club(club_ids=[self.club.pk], first=self.start, end=self.after).get(self.club.pk, {})

    def _quality_people(self):
        from attendance.models import CustomerFeedback, ServiceCheckScore

        result = {}
        for row in (ServiceCheckScore.objects.filter(check_record__club=self.club,
                                                     check_record__date__gte=self.start,
                                                     check_record__date__lt=self.after)
                    .values("check_record__technician_id").order_by("check_record__technician_id")
                    .annotate(scores=Count("id"), score_sum=Sum("score"))):
            result.setdefault(row["check_record__technician_id"], {}).update(
                {"scores": row["scores"], "score_sum": row["score_sum"] or 0})
        for row in (CustomerFeedback.objects.filter(club=self.club, date__gte=self.start, date__lt=self.after)
                    .values("technician_id").order_by("technician_id")
                    .annotate(praise=Count("id", filter=Q(kind=CustomerFeedback.Kind.PRAISE)),
                              complaints=Count("id", filter=Q(kind=CustomerFeedback.Kind.COMPLAINT)))):
            result.setdefault(row["technician_id"], {}).update(
                {"praise": row["praise"], "complaints": row["complaints"]})
        return result

    def _checklists_people(self):
        from duties.selectors import completion_by
        from kernel.clock import club_today

        rows = completion_by(club_ids=[self.club.pk], start=self.start, end=self.end,
                             today={self.club.pk: club_today(self.club)}, group="club_person")
        return {row["checklist__person_id"]: row for row in rows}

    def _training_club(self):
        from training.selectors import training_figures

        return training_figures(club_ids=[self.club.pk], start=self.start, end=self.end).get(self.club.pk, {})

    def _training_department(self, department):
        from training.selectors import department_figures

        return department_figures(club=self.club, department_kind=department.kind, start=self.start, end=self.end)

    def _meetings_club(self):
        from meetings.selectors import meeting_figures

        return meeting_figures(club_ids=[self.club.pk], start=self.start, end=self.end).get(self.club.pk, {})

    def _business(self, metric, team=None, person=None):
        found = _business_module()
        if found is None:
            return None
        selectors = found[1]
        if person is not None:
            values = self._once(("business_people", metric.key),
                                lambda: selectors.per_person(self.club, self.start, self.end, metric.key))
            return values.get(person.pk, Decimal(0))
        key = ("business_totals", team.pk if team is not None else None)
        totals = self._once(key, lambda: selectors.totals(self.club, self.start, self.end, team=team))
        return totals.get(metric.key, Decimal(0))

    def _customers(self, metric, person=None):
        from customers import metrics as customer_metrics

        key = metric.key.removeprefix(CUSTOMERS_PREFIX)
        if person is not None:
            values = self._once(("customers_people", key),
                                lambda: customer_metrics.per_person(self.club, self.start, self.end, key))
            return values.get(person.pk, Decimal(0))
        totals = self._once("customers_totals", lambda: customer_metrics.totals(self.club, self.start, self.end))
        return totals.get(key, Decimal(0))

    # --- one figure
    def actual(self, metric, *, team=None, person=None, department=None):
        """The metric's actual value in the scope (None: nothing to measure, e.g. a rate of no checks)."""
        if isinstance(metric, str):
            metric = registry()[metric]
        whole = team is None and person is None and department is None
        if metric.is_business:
            return self._business(metric, team=team, person=person)
        if metric.family == "customers":
            return self._customers(metric, person=person)
        family = metric.family
        scope = dict(team=team, person=person, department=department)
        if family == "attendance":
            keys = ("worked", "absent", "leave", "not_recorded", "late")
            counts = self._once("attendance_club", self._attendance_club) if whole else self._scoped(
                self._once("attendance_people", self._attendance_people), keys, **scope)
            from attendance.selectors.daily import attendance_rate

            if metric.key == "attendance_rate":
                return attendance_rate(counts)
            return counts.get({"late_arrivals": "late", "absences": "absent"}[metric.key], 0)
        if family == "grooming":
            counts = self._once("grooming_club", self._grooming_club) if whole else self._scoped(
                self._once("grooming_people", self._grooming_people), ("checks", "passed"), **scope)
            return rate(counts.get("passed", 0), counts.get("checks", 0))
        if family == "hygiene":
            counts = self._once("hygiene_club", self._hygiene_club)
            return rate(counts.get("passed", 0), counts.get("checks", 0))
        if family in ("quality", "feedback"):
            counts = self._once("quality_club", self._quality_club) if whole else self._scoped(
                self._once("quality_people", self._quality_people), ("scores", "score_sum", "praise", "complaints"),
                **scope)
            if metric.key == "spot_check_average":
                scores = counts.get("scores", 0)
                return round(Decimal(counts.get("score_sum", 0)) / scores, 2) if scores else None
            return counts.get(metric.key, 0)
        if family == "checklists":
            from duties.selectors import rate as completion_rate

            counts = self._scoped(self._once("checklists", self._checklists_people), ("done", "na", "total"), **scope)
            return completion_rate({"done": counts.get("done", 0), "na": counts.get("na", 0),
                                    "total": counts.get("total", 0)})
        if family == "training":
            if department is not None and metric.key != "levels_gained":
                figures = self._once(("training", department.pk), lambda: self._training_department(department))
                return {"training_sessions_held": figures.get("sessions_held", 0),
                        "assessment_pass_rate": figures.get("pass_rate")}[metric.key]
            figures = self._once("training_club", self._training_club)
            return {"training_sessions_held": figures.get("sessions_held", 0),
                    "assessment_pass_rate": figures.get("pass_rate"),
                    "levels_gained": figures.get("levels_gained", 0)}[metric.key]
        if family == "meetings":
            figures = self._once("meetings_club", self._meetings_club)
            return {"meetings_held": figures.get("meetings_held", 0),
                    "action_items_closed": figures.get("action_items_done", 0)}[metric.key]
        raise KeyError(metric.key)


def actual(metric, club, start, end, team=None, person=None, department=None):
    """One metric's actual value for ``club`` from ``start`` to ``end`` (both included), in a scope."""
    return Measure(club, start, end).actual(metric, team=team, person=person, department=department)
