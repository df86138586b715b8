"""Service quality: spot checks of a technician's service, scored per criterion, and customer feedback."""

from django.db import models
from django.db.models import Avg, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from staff.models import Club, Person, Role

from .base import ClubCheckItem

__all__ = ["QualityCriterion", "ServiceCheck", "ServiceCheckScore", "CustomerFeedback", "SCORE_RANGE"]

SCORE_RANGE = range(1, 6)  # 1 (poor) .. 5 (excellent)


class QualityCriterion(ClubCheckItem):
    """One point a service is scored on. Defaults carry a key and a translated label; a club may add its own."""

    DEFAULTS = {
        "technique": _("Technique"),
        "pressure": _("Pressure and rhythm"),
        "script": _("Service script"),
        "attitude": _("Attitude"),
        "punctuality": _("Punctuality of the service"),
    }

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="quality_criteria", verbose_name=_("club"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("quality criterion")
        verbose_name_plural = _("quality criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["club", "key"], condition=~Q(key=""), name="quality_criterion_key_unique_in_club",
                violation_error_message=_("This club already has this criterion."),
            ),
            models.CheckConstraint(condition=~Q(key="", name=""), name="quality_criterion_has_key_or_name"),
        ]


class ServiceCheckQuerySet(models.QuerySet):
    def with_average(self):
        """Each check's average score, computed by the database."""
        return self.annotate(average=Avg("scores__score"))


class ServiceCheck(models.Model):
    """A supervisor's or manager's spot check of a technician's service."""

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="service_checks", verbose_name=_("club"))
    technician = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="service_checks", verbose_name=_("technician"),
        limit_choices_to={"position": Role.TECHNICIAN},
    )
    date = models.DateField(_("date"))
    checked_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("checked by")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = ServiceCheckQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("service check")
        verbose_name_plural = _("service checks")
        indexes = [models.Index(fields=["technician", "date"]), models.Index(fields=["club", "date"])]

    def __str__(self):
        return f"{self.technician} {self.date}"


class ServiceCheckScore(models.Model):
    """The score of one criterion in a service check, 1 (poor) to 5 (excellent)."""

    check_record = models.ForeignKey(ServiceCheck, verbose_name=_("service check"), on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        QualityCriterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("criterion")
    )
    score = models.PositiveSmallIntegerField(_("score"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion__order", "criterion__pk"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["check_record", "criterion"], name="one_score_per_criterion_per_check"),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="service_score_between_1_and_5",
                violation_error_message=_("A score is from 1 to 5."),
            ),
        ]


class CustomerFeedback(models.Model):
    """What a customer said about a technician's service, and what was done about it."""

    class Kind(models.TextChoices):
        PRAISE = "praise", _("Praise")
        COMPLAINT = "complaint", _("Complaint")

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="customer_feedback", verbose_name=_("club"))
    technician = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="customer_feedback", verbose_name=_("technician"),
        limit_choices_to={"position": Role.TECHNICIAN},
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    said = models.TextField(_("what the customer said"), max_length=1000)
    action = models.TextField(_("what was done about it"), max_length=1000, blank=True)
    # The customer it came from (optional): chosen only by those who may see the club's customers.
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.SET_NULL, null=True, blank=True, related_name="feedback",
        verbose_name=_("customer"),
    )
    recorded_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("customer feedback")
        verbose_name_plural = _("customer feedback")
        constraints = [
            models.CheckConstraint(
                condition=~Q(said=""), name="customer_feedback_says_something",
                violation_error_message=_("Write what the customer said."),
            ),
            models.CheckConstraint(
                condition=Q(kind="praise") | ~Q(action=""), name="complaint_says_what_was_done",
                violation_error_message=_("Say what was done about the complaint."),
            ),
        ]
        indexes = [models.Index(fields=["technician", "date"]), models.Index(fields=["club", "date"])]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.technician} {self.date}"
