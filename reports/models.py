"""The owner's monthly report: a finished month's figures kept per club, and the e-mails sent with it."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from staff.models import Club, Person


class MonthlySnapshot(models.Model):
    """A club's figures for one finished month, as the report shows them (``reports/README.md`` lists the keys).

    The report of a finished month reads this row instead of the records; it is built on the 1st
    and built again when a record of that month changes afterwards (``snapshots.py``).
    """

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="report_snapshots", verbose_name=_("club"))
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    figures = models.JSONField(_("figures"), default=dict)
    built_at = models.DateTimeField(_("built at"))
    builds = models.PositiveIntegerField(_("times built"), default=1)
    reason = models.CharField(_("why it was last built"), max_length=200, blank=True)

    class Meta:
        ordering = ["-month", "club__name"]
        verbose_name = _("monthly report snapshot")
        verbose_name_plural = _("monthly report snapshots")
        constraints = [
            models.UniqueConstraint(fields=["club", "month"], name="one_report_snapshot_per_club_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="report_snapshot_month_on_first_day"),
        ]

    def __str__(self):
        return f"{self.club} {self.month:%Y-%m}"


class ReportDelivery(models.Model):
    """The monthly report e-mailed to one person for one month: at most one per person and month.

    The owner gets the chain's report (``club`` empty), a store manager their club's. The row
    is claimed before sending (``delivery.py``), so two runs of the job send one e-mail.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed, will try again")
        GAVE_UP = "gave_up", _("Failed, gave up")
        NO_ADDRESS = "no_address", _("No e-mail address")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="report_deliveries",
                               verbose_name=_("recipient"))
    month = models.DateField(_("month"), help_text=_("The first day of the month the report is about."))
    club = models.ForeignKey(Club, on_delete=models.CASCADE, null=True, blank=True, related_name="report_deliveries",
                             verbose_name=_("club"), help_text=_("Empty: the whole chain."))
    email = models.EmailField(_("sent to"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_try_at = models.DateTimeField(_("next try at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    requested_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                     verbose_name=_("sent again by"))

    class Meta:
        ordering = ["-month", "person__name"]
        verbose_name = _("report e-mail")
        verbose_name_plural = _("report e-mails")
        constraints = [
            models.UniqueConstraint(fields=["person", "month"], name="one_report_email_per_person_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="report_delivery_month_on_first_day"),
        ]

    def __str__(self):
        return f"{self.person} {self.month:%Y-%m} {self.get_status_display()}"

    @property
    def is_failed(self):
        return self.status in (self.Status.FAILED, self.Status.GAVE_UP)


class MonthMark(models.Model):
    """A club's month whose records changed at ``changed_at`` (one per club and month, each model's constraint)."""

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="+", verbose_name=_("club"))
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    changed_at = models.DateTimeField(_("last changed at"))

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.club_id} {self.month:%Y-%m} {self.changed_at}"


class StaleMonth(MonthMark):
    """A club's month whose records changed at ``changed_at``: its snapshot, if built before then, is stale.

    Written in the same transaction as the change (``feeds.py``), for the month the record was
    in before and the month it is in after; never by a GET. A snapshot built at or after
    ``changed_at`` is fresh again; the row stays as the month's latest change.
    """

    class Meta:
        verbose_name = _("changed report month")
        verbose_name_plural = _("changed report months")
        constraints = [
            models.UniqueConstraint(fields=["club", "month"], name="one_stale_mark_per_club_month"),
        ]


class SectionMark(MonthMark):
    """A club's month whose records shown in another app's section of the report page (customers' totals, plans'
    targets: ``staff.registry.add_report_section``) changed at ``changed_at``.

    Written as ``StaleMonth`` is, by the feeds marked ``page`` (``feeds.py``), but it makes no snapshot stale: those
    records are not in a snapshot. A finished month's page keeps its sections once drawn, under a name made of
    these marks too (``report.page_key``), so a change draws them again. ``changes`` counts the marks, so that a
    change is seen even when the clock has not moved on (or went back) since the one before.
    """

    changes = models.PositiveIntegerField(_("changes"), default=1,
                                          help_text=_("How many times it was marked: a kept page's name counts them."))

    class Meta:
        verbose_name = _("changed report section month")
        verbose_name_plural = _("changed report section months")
        constraints = [
            models.UniqueConstraint(fields=["club", "month"], name="one_section_mark_per_club_month"),
        ]
