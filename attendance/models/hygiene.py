"""Area hygiene (衛生): the club's rooms and areas, each kept clean by one technician, checked daily."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from staff.models import Club, Person, Role

from .base import ClubCheckItem

__all__ = ["HygieneItem", "Area", "HygieneCheck", "HygieneFailure"]


class HygieneItem(ClubCheckItem):
    """One point of the daily area check. Defaults carry a key and a translated label; a club may add its own."""

    DEFAULTS = {
        "floor": _("Floor clean"),
        "linen": _("Bed linen changed"),
        "towels": _("Towels stocked"),
        "tools": _("Tools disinfected"),
        "rubbish": _("Rubbish emptied"),
    }

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="hygiene_items", verbose_name=_("club"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("hygiene item")
        verbose_name_plural = _("hygiene items")
        constraints = [
            models.UniqueConstraint(
                fields=["club", "key"], condition=~Q(key=""), name="hygiene_item_key_unique_in_club",
                violation_error_message=_("This club already has this hygiene item."),
            ),
            models.CheckConstraint(condition=~Q(key="", name=""), name="hygiene_item_has_key_or_name"),
        ]


class Area(models.Model):
    """A massage room or area of a club (1號房, 足浴區), kept clean by one technician."""

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="areas", verbose_name=_("club"))
    name = models.CharField(_("name"), max_length=40, help_text=_("For example “Room 1” or “Foot-bath area”."))
    responsible = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="areas", verbose_name=_("responsible technician"),
        limit_choices_to={"position": Role.TECHNICIAN},
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_("Areas are listed by this number."))
    is_active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.UniqueConstraint(
                fields=["club", "name"], name="area_name_unique_in_club",
                violation_error_message=_("This club already has an area of this name."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("attendance:area_edit", args=[self.pk])

    def clean(self):
        if self.responsible_id and self.club_id:
            if self.responsible.club_id != self.club_id:
                raise ValidationError({"responsible": _("This technician works in another club.")})
            if self.responsible.position != Role.TECHNICIAN:
                raise ValidationError({"responsible": _("Choose a technician.")})


class HygieneCheck(models.Model):
    """An area's check on one day: passed when no item failed; a failed check says what was wrong.

    Checking the area again the same day updates this record; its history keeps every version.
    """

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="checks", verbose_name=_("area"))
    date = models.DateField(_("date"))
    responsible = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="hygiene_checks", verbose_name=_("responsible technician"),
        help_text=_("Who kept the area on that day."),
    )
    passed = models.BooleanField(_("passed"))
    note = models.CharField(_("what was wrong"), max_length=200, blank=True)
    checked_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("checked by")
    )
    checked_at = models.DateTimeField(_("checked at"), auto_now=True)
    failed_items = models.ManyToManyField(HygieneItem, through="HygieneFailure", related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "area__order", "area__name"]
        verbose_name = _("hygiene check")
        verbose_name_plural = _("hygiene checks")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "date"], name="one_hygiene_check_per_area_day",
                violation_error_message=_("This area's check for this day is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(passed=True) | ~Q(note=""), name="failed_hygiene_check_has_note",
                violation_error_message=_("Say what was wrong in the area."),
            ),
        ]
        indexes = [models.Index(fields=["date", "passed"])]

    def __str__(self):
        return f"{self.area} {self.date}"


class HygieneFailure(models.Model):
    """A failed item of an area's check."""

    check_record = models.ForeignKey(HygieneCheck, verbose_name=_("hygiene check"), on_delete=models.CASCADE, related_name="failures")
    item = models.ForeignKey(HygieneItem, on_delete=models.PROTECT, related_name="failures", verbose_name=_("item"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("failed hygiene item")
        verbose_name_plural = _("failed hygiene items")
        constraints = [
            models.UniqueConstraint(fields=["check_record", "item"], name="one_hygiene_failure_per_item_per_check")
        ]
