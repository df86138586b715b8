"""Work plans with measurable targets, and each step of their approval.

A ``Plan`` belongs to a club and one of its departments (or the whole club), covers a period
(a year, quarter, month, week, or a dated promotion), is written by its author and approved by
the author's superior (``services.approver_for``). Its ``Target`` rows name a metric of
``metrics.METRICS`` and a value; a row with a team, a person or a month is a *part* of the
plan's whole target of the same metric, and a child plan's whole targets are parts of its parent
plan's (``cascade.py`` adds them up). ``PlanStep`` keeps who did what and when: submitted,
returned with a comment, approved.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from staff.models import Club, Department, Person, Team


class Period(models.TextChoices):
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")
    MONTH = "month", _("Month")
    WEEK = "week", _("Week")
    PROMOTION = "promotion", _("Promotion (dated)")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for changes")


class Plan(models.Model):
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="work_plans", verbose_name=_("club"))
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="work_plans",
        verbose_name=_("department"), help_text=_("Empty: the whole club."),
    )
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children",
        verbose_name=_("part of the plan"),
    )
    period = models.CharField(_("period"), max_length=12, choices=Period.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    title = models.CharField(_("title"), max_length=120)
    goals = models.TextField(_("goals"), blank=True)
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="plans_written",
                               verbose_name=_("written by"))
    approver = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="plans_to_approve", verbose_name=_("approved by"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "period", "pk"]
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="plan_period_order"),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(comment=""), name="plan_returned_with_comment",
                violation_error_message=_("Say what should change when returning a plan."),
            ),
        ]
        indexes = [models.Index(fields=["club", "starts_on"]), models.Index(fields=["approver", "status"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plans:detail", args=[self.pk])

    @property
    def is_editable(self):
        return self.status in (Status.DRAFT, Status.RETURNED)

    def clean(self):
        if self.department_id and self.club_id and self.department.club_id != self.club_id:
            raise ValidationError({"department": _("The department belongs to another club.")})


class Target(models.Model):
    """A metric's target in a plan: the whole (no team, person or month) or a part of it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets", verbose_name=_("plan"))
    metric = models.CharField(_("metric"), max_length=40)
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("team"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="targets",
                               verbose_name=_("person"))
    month = models.DateField(_("month"), null=True, blank=True, help_text=_("The first day of the month."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.CheckConstraint(
                condition=(Q(team__isnull=True) & Q(person__isnull=True))
                | (Q(team__isnull=True) & Q(month__isnull=True))
                | (Q(person__isnull=True) & Q(month__isnull=True)),
                name="target_one_kind_of_part",
            ),
        ]

    def __str__(self):
        return f"{self.plan} · {self.metric}"

    @property
    def is_whole(self):
        return not (self.team_id or self.person_id or self.month)


class PlanStep(models.Model):
    """One step of a plan's approval: who, when, and the comment of a return."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="steps", verbose_name=_("plan"))
    action = models.CharField(_("step"), max_length=12, choices=Action.choices)
    by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"))
    comment = models.TextField(_("comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("plan step")
        verbose_name_plural = _("plan steps")
