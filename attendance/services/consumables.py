"""Consumables: the one place where stock changes.

The rule: the stock never goes below zero. The database refuses it (a check constraint), and
an issue takes stock with a single conditional ``UPDATE … SET stock = stock - n WHERE stock >= n``
inside a transaction that first locks the item's row (``SELECT … FOR UPDATE`` where the
database has it). Two issues at the same moment are therefore served one after the other:
the second sees what the first left and is refused when it is not enough.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from duties.models import Evidence
from duties.services import evidence_recorded_on_commit

from staff import locks as month_lock

from ..models import ConsumableIssue, ConsumableItem, StockReceipt


class NotEnoughStock(Exception):
    """An issue asked for more than the stock holds; nothing was changed."""

    def __init__(self, item, available, wanted):
        super().__init__(f"{item}: {wanted} wanted, {available} in stock")
        self.item, self.available, self.wanted = item, available, wanted


def _record_stock(item_pk):
    """Read the new stock back and keep it in the item's history (who and when; the receipt or issue says why)."""
    item = ConsumableItem.objects.get(pk=item_pk)
    item.save(update_fields=["stock"])
    return item


@month_lock.changed_by()
@transaction.atomic
def receive(*, item, quantity, received_on, by, note="", reason=""):
    """Stock that came in. Returns the receipt."""
    if quantity <= 0:
        raise ValueError("quantity must be positive")
    ConsumableItem.objects.select_for_update().filter(pk=item.pk).first()
    ConsumableItem.objects.filter(pk=item.pk).update(stock=F("stock") + quantity)
    receipt = StockReceipt.objects.create(
        item=item, quantity=quantity, received_on=received_on, received_by=by, note=note
    )
    item.stock = _record_stock(item.pk).stock
    return receipt


@month_lock.changed_by()
@transaction.atomic
def issue(*, item, technician, quantity, by, note="", issued_at=None):
    """Hand ``quantity`` of ``item`` to ``technician``; raises NotEnoughStock and changes nothing when short."""
    if quantity <= 0:
        raise ValueError("quantity must be positive")
    locked = ConsumableItem.objects.select_for_update().get(pk=item.pk)
    taken = ConsumableItem.objects.filter(pk=item.pk, stock__gte=quantity).update(stock=F("stock") - quantity)
    if not taken:
        item.stock = locked.stock
        raise NotEnoughStock(item, locked.stock, quantity)
    record = ConsumableIssue.objects.create(
        item=item, technician=technician, quantity=quantity, issued_by=by, note=note,
        issued_at=issued_at or timezone.now(),
    )
    item.stock = _record_stock(item.pk).stock
    evidence_recorded_on_commit(
        person=by, kind=Evidence.CONSUMABLES_ISSUED, day=timezone.localtime(record.issued_at).date(),
        note=_("%(quantity)s × %(item)s to %(name)s") % {"quantity": quantity, "item": item.name, "name": technician.name},
    )
    return record
