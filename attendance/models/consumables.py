"""Consumables (消耗品): the club's catalogue and stock, stock received, and what is issued to technicians.

The stock only changes through ``attendance.services.consumables``; the database refuses a
negative stock whatever path a change takes.
"""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from staff.models import Club, Person, Role

__all__ = ["ConsumableItem", "StockReceipt", "ConsumableIssue"]


class ConsumableItemQuerySet(models.QuerySet):
    def low(self):
        """Items at or below their low-stock threshold."""
        return self.filter(stock__lte=F("low_stock_threshold"))


class ConsumableItem(models.Model):
    """A consumable the club keeps in stock (massage cream, towels, essential oil, beauty products)."""

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="consumables", verbose_name=_("club"))
    name = models.CharField(_("name"), max_length=60)
    unit = models.CharField(_("unit"), max_length=20, help_text=_("For example bottle (瓶), towel (條), box (盒)."))
    stock = models.IntegerField(_("in stock"), default=0)
    low_stock_threshold = models.PositiveIntegerField(
        _("low-stock warning at"), default=0, help_text=_("Warn when the stock is at or below this number.")
    )
    is_active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    objects = ConsumableItemQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("consumable")
        verbose_name_plural = _("consumables")
        constraints = [
            models.UniqueConstraint(
                fields=["club", "name"], name="consumable_name_unique_in_club",
                violation_error_message=_("This club already has a consumable of this name."),
            ),
            models.CheckConstraint(
                condition=Q(stock__gte=0), name="consumable_stock_never_negative",
                violation_error_message=_("The stock cannot go below zero."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.unit})"

    def get_absolute_url(self):
        return reverse("attendance:consumable_item_edit", args=[self.pk])

    @property
    def is_low(self):
        return self.stock <= self.low_stock_threshold


class StockReceipt(models.Model):
    """Stock that came in: adds to the item's stock."""

    item = models.ForeignKey(ConsumableItem, on_delete=models.PROTECT, related_name="receipts", verbose_name=_("item"))
    quantity = models.PositiveIntegerField(_("quantity"))
    received_on = models.DateField(_("received on"))
    received_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("received by")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("stock received")
        verbose_name_plural = _("stock received")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="stock_receipt_quantity_positive",
                violation_error_message=_("The quantity must be at least 1."),
            )
        ]

    def __str__(self):
        return f"+{self.quantity} {self.item}"


class ConsumableIssue(models.Model):
    """Consumables handed to a technician: takes from the item's stock."""

    item = models.ForeignKey(ConsumableItem, on_delete=models.PROTECT, related_name="issues", verbose_name=_("item"))
    technician = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="consumables_issued", verbose_name=_("technician"),
        limit_choices_to={"position": Role.TECHNICIAN},
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("issued by")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("consumable issued")
        verbose_name_plural = _("consumables issued")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="consumable_issue_quantity_positive",
                violation_error_message=_("The quantity must be at least 1."),
            )
        ]
        indexes = [models.Index(fields=["technician", "issued_at"])]

    def __str__(self):
        return f"{self.quantity} {self.item} → {self.technician}"
