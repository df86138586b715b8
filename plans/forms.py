"""Plan forms: a plan's heading (department, period, title, goals) and its targets, one row each.

A target row is three fields that fit a phone: the metric, the value and what it is a part of
(the whole plan, a month of it, a team or a person). Bad input keeps what was typed and says
what is wrong in the reader's language.
"""

import datetime
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from kernel.fields import LONG_TEXT, SHORT_TEXT, DateField, limit_text
from kernel.months import next_month
from kernel.periods import Cadence, period
from staff.models import Person, Role, Team
from staff.templatetags.form_words import BlanksInWords

from . import metrics
from .models import Period, Plan, Target

TEXTAREA = forms.Textarea(attrs={"rows": 4})
CADENCE = {Period.YEAR: Cadence.ANNUAL, Period.QUARTER: Cadence.QUARTERLY, Period.MONTH: Cadence.MONTHLY,
           Period.WEEK: Cadence.WEEKLY}
WHOLE = ""


def period_bounds(kind, starts_on, ends_on=None):
    """The first and last day of a plan of ``kind`` that starts in the period containing ``starts_on``."""
    if kind == Period.PROMOTION:
        return starts_on, ends_on
    return period(CADENCE[kind], starts_on)


def months_of(start, end):
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = next_month(month)
    return months


@limit_text(title=SHORT_TEXT, goals=LONG_TEXT)
class PlanForm(BlanksInWords, forms.ModelForm):
    department = forms.ChoiceField(label=_("Department"), required=False)
    starts_on = DateField(label=_("Starts in"), help_text=_(
        "Any day of the year, quarter, month or week the plan is for; a promotion's first day."))
    ends_on = DateField(label=_("Promotion ends on"), required=False, help_text=_("Only for a dated promotion."))

    class Meta:
        model = Plan
        fields = ["title", "department", "period", "starts_on", "ends_on", "parent", "goals"]
        widgets = {"goals": TEXTAREA}

    def __init__(self, *args, departments, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.departments = {str(d.pk): d for d in departments if d is not None}
        choices = [(WHOLE, _("The whole club"))] if None in departments else []
        self.fields["department"].choices = choices + [(str(d.pk), d.get_kind_display()) for d in departments if d]
        self.fields["department"].required = None not in departments
        if self.instance.pk:
            self.initial["department"] = str(self.instance.department_id or "")
        self.fields["parent"].queryset = parents
        self.fields["parent"].required = False
        self.fields["parent"].label = _("Part of the plan")
        self.fields["parent"].help_text = _("A larger plan this one carries out: its targets count as parts of that plan's.")
        self.fields["goals"].help_text = _("What the period should achieve, and how.")

    def clean_department(self):
        # the field's choices already refused anything else; empty is allowed only where the whole club is offered
        raw = self.cleaned_data.get("department") or WHOLE
        return None if raw == WHOLE else self.departments[raw]

    def clean(self):
        data = super().clean()
        kind, starts_on, ends_on = data.get("period"), data.get("starts_on"), data.get("ends_on")
        if kind and starts_on:
            if kind == Period.PROMOTION:
                if not ends_on:
                    self.add_error("ends_on", _("Give the day the promotion ends."))
                    return data
                if ends_on < starts_on:
                    self.add_error("ends_on", _("The promotion cannot end before it starts."))
                    return data
                if (ends_on - starts_on).days > 366:
                    self.add_error("ends_on", _("A promotion lasts a year at most."))
                    return data
            first, last = period_bounds(kind, starts_on, ends_on)
            data["starts_on"], data["ends_on"] = first, last
            parent = data.get("parent")
            if parent and self.instance.pk and self.instance.pk in (parent.pk, parent.parent_id):
                self.add_error("parent", _("A plan cannot be a part of itself or of a plan below it."))
                return data
            if parent and not (parent.starts_on <= first and last <= parent.ends_on):
                self.add_error("parent", _("This plan's period must lie within the larger plan's (%(start)s – %(end)s).")
                               % {"start": parent.starts_on.isoformat(), "end": parent.ends_on.isoformat()})
            if parent and parent.club_id != getattr(self.instance, "club_id", parent.club_id):
                self.add_error("parent", _("Choose a plan of the same club."))
        return data

    def _post_clean(self):
        # the department is cleaned to a Department (or None) above
        super()._post_clean()
        self.instance.department = self.cleaned_data.get("department") if "department" in self.cleaned_data else None


class TargetForm(BlanksInWords, forms.Form):
    metric = forms.ChoiceField(label=_("Metric"), required=False)
    value = forms.DecimalField(label=_("Target"), required=False, min_value=Decimal(0), max_digits=14,
                               decimal_places=2, widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}))
    part = forms.ChoiceField(label=_("For"), required=False)

    def __init__(self, *args, part_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric"].choices = [("", "---------"), *metrics.choices()]
        self.fields["part"].choices = part_choices

    def clean(self):
        data = super().clean()
        metric, value = data.get("metric"), data.get("value")
        if not metric and value is None:
            return data  # an empty row
        if not metric:
            self.add_error("metric", _("Choose what the target measures."))
            return data
        if value is None:
            self.add_error("value", _("Give the target value."))
            return data
        found = metrics.METRICS[metric]
        if found.unit == "rate" and value > 100:
            self.add_error("value", _("A rate is at most 100 %."))
        if found.unit == "score" and value > 5:
            self.add_error("value", _("A spot-check score is at most 5."))
        part = data.get("part") or WHOLE
        kind = part.split(":", 1)[0] if part else ""
        if kind in (metrics.TEAM, metrics.PERSON) and not found.measured_for(kind):
            self.add_error("part", _("%(metric)s is not measured per team or person.") % {"metric": found.label})
        return data


class BaseTargetFormSet(forms.BaseFormSet):
    def __init__(self, *args, plan, **kwargs):
        self.plan = plan
        self.part_choices = part_choices(plan)  # read once for every row
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"part_choices": self.part_choices}

    @property
    def empty_form(self):  # not used (no script), but Django builds it for management
        return self.form(auto_id=self.auto_id, prefix=self.add_prefix("__prefix__"), empty_permitted=True,
                         use_required_attribute=False, part_choices=self.part_choices)

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            metric = form.cleaned_data.get("metric")
            if not metric:
                continue
            key = (metric, form.cleaned_data.get("part") or WHOLE)
            if key in seen:
                form.add_error("part", _("This metric already has a target for this part."))
            seen.add(key)

    def targets(self, plan):
        """The unsaved ``Target`` rows the forms describe, in order."""
        rows = []
        parts = [form.cleaned_data.get("part") or WHOLE for form in self.forms if form.cleaned_data.get("metric")]
        teams = {str(t.pk): t for t in Team.objects.filter(
            club=plan.club, pk__in=[p[5:] for p in parts if p.startswith("team:")])}
        people = {str(p.pk): p for p in Person.objects.filter(
            club=plan.club, pk__in=[p[7:] for p in parts if p.startswith("person:")])}
        for form in self.forms:
            data = form.cleaned_data
            if not data.get("metric"):
                continue
            row = Target(plan=plan, metric=data["metric"], value=data["value"])
            part = data.get("part") or WHOLE
            kind, _sep, raw = part.partition(":")
            if kind == "month":
                row.month = datetime.date.fromisoformat(raw)
            elif kind == "team":
                row.team = teams[raw]
            elif kind == "person":
                row.person = people[raw]
            rows.append(row)
        return rows


TargetFormSet = forms.formset_factory(TargetForm, formset=BaseTargetFormSet, extra=0)


def part_value(target):
    if target.month:
        return f"month:{target.month.isoformat()}"
    if target.team_id:
        return f"team:{target.team_id}"
    if target.person_id:
        return f"person:{target.person_id}"
    return WHOLE


def part_choices(plan):
    """What a target row may be a part of: the whole plan, each month of a plan longer than a month, each
    team and each active person of the plan's department (of the club for a plan of the whole club)."""
    choices = [(WHOLE, _("The whole plan"))]
    months = months_of(plan.starts_on, plan.ends_on)
    if len(months) > 1:
        choices.append((_("Months"), [(f"month:{m.isoformat()}", f"{m:%Y-%m}") for m in months]))
    teams = Team.objects.filter(club=plan.club, closed_on__isnull=True)
    people = Person.objects.active().filter(club=plan.club).exclude(position=Role.OWNER)
    if plan.department_id:
        teams = teams.filter(department_id=plan.department_id)
        people = people.filter(department_id=plan.department_id)
    teams = [(f"team:{t.pk}", t.name) for t in teams.order_by("name")]
    if teams:
        choices.append((_("Teams"), teams))
    people = [(f"person:{p.pk}", p.name) for p in people.order_by("name")]
    if people:
        choices.append((_("People"), people))
    return choices


def target_initial(plan):
    return [{"metric": t.metric, "value": t.value, "part": part_value(t)}
            for t in plan.targets.order_by("order", "pk")]


@limit_text(comment=LONG_TEXT)
class DecideForm(BlanksInWords, forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Required when returning the plan: say what should change."))


def blank_rows(count):
    return [{} for _n in range(count)]


def new_period_start(kind, today):
    return period_bounds(kind, today)[0] if kind != Period.PROMOTION else today

