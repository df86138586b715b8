"""Each checklist keeps the counts of its items by state (``Checklist.items_*``), so that a month's completion
is read from ~35,000 checklists of a chain, not grouped from its ~300,000 items (the monthly report, its
snapshots and its first build).

One mechanism keeps them, whatever writes the items: ``post_save`` and ``post_delete`` of an item, and
``kernel.bulk.rows_written`` after a bulk write of items (the only other way items are written: a bulk write
around ``kernel.bulk`` fails ``tests/test_audit.py``). Each recounts the checklists concerned from their items
in one UPDATE, in the same transaction as the write. ``recount_all`` does the whole table at once (the
migration that added the counts, and the benchmark's seed, which inserts rows with plain SQL).
``duties/tests/test_counts.py`` checks every writer against a recount.
"""

import contextlib
import contextvars

from django.db import connection as default_connection
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

STATES = {"items_done": "done", "items_not_done": "not_done", "items_na": "na"}  # ChecklistItem.State values
FIELDS = ("items_total", *STATES)


def recount(checklist_ids):
    """Count the items of these checklists again; one UPDATE."""
    from .models import Checklist, ChecklistItem

    ids = sorted({pk for pk in checklist_ids if pk is not None})
    if not ids:
        return 0
    items = ChecklistItem.objects.filter(checklist=OuterRef("pk")).order_by().values("checklist")

    def counted(condition=Q()):
        return Coalesce(Subquery(items.filter(condition).annotate(n=Count("pk")).values("n")[:1]), 0)

    values = {"items_total": counted(), **{field: counted(Q(state=state)) for field, state in STATES.items()}}
    return Checklist.objects.filter(pk__in=ids).update(**values)


def recount_all(connection=None):
    """Every checklist's counts from its items, in two statements (with plain SQL: the migration runs it too)."""
    connection = connection or default_connection
    quote = connection.ops.quote_name
    checklist, item = quote("duties_checklist"), quote("duties_checklistitem")
    counts = ", ".join(
        f"COUNT(*) FILTER (WHERE state = '{state}') AS {field}" if connection.vendor == "postgresql"
        else f"SUM(CASE WHEN state = '{state}' THEN 1 ELSE 0 END) AS {field}"
        for field, state in STATES.items()
    )
    sets = ", ".join(f"{field} = counted.{field}" for field in FIELDS)
    with connection.cursor() as cursor:
        # a checklist left without items counts none (only rows that say otherwise are written)
        cursor.execute(f"UPDATE {checklist} SET {', '.join(f'{f} = 0' for f in FIELDS)} WHERE items_total <> 0 AND "
                       f"NOT EXISTS (SELECT 1 FROM {item} WHERE {item}.checklist_id = {checklist}.id)")
        cursor.execute(
            f"UPDATE {checklist} SET {sets} FROM (SELECT checklist_id, COUNT(*) AS items_total, {counts} "
            f"FROM {item} GROUP BY checklist_id) AS counted WHERE {checklist}.id = counted.checklist_id"
        )


_collected = contextvars.ContextVar("duties_counts_collected", default=None)


@contextlib.contextmanager
def recount_once():
    """Inside, the writes of items only collect their checklists, recounted once at the end (closing many items,
    each saved for its history, is then one UPDATE, not one per item)."""
    if _collected.get() is not None:  # already inside: the outer one recounts
        yield
        return
    token = _collected.set(set())
    try:
        yield
        ids = _collected.get()
    finally:
        _collected.reset(token)
    recount(ids)


def _later_or_now(ids):
    collected = _collected.get()
    if collected is None:
        recount(ids)
    else:
        collected.update(ids)


def _item_saved(sender, instance, **kwargs):
    _later_or_now([instance.checklist_id])


def _items_written(sender, pks, objs, phase, **kwargs):
    from .models import ChecklistItem

    if phase != "after":
        return
    ids = {obj.checklist_id for obj in objs}
    if pks:
        ids |= set(ChecklistItem.objects.filter(pk__in=pks).values_list("checklist_id", flat=True).distinct())
    _later_or_now(ids)


def connect():
    from django.db.models.signals import post_delete, post_save

    from kernel.bulk import rows_written

    from .models import ChecklistItem

    post_save.connect(_item_saved, sender=ChecklistItem, dispatch_uid="duties.counts.saved")
    post_delete.connect(_item_saved, sender=ChecklistItem, dispatch_uid="duties.counts.deleted")
    rows_written.connect(_items_written, sender=ChecklistItem, dispatch_uid="duties.counts.bulk")
