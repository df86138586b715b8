"""Writes of many rows at once that the rest of ClubOps can see: ``update``, ``bulk_create``, ``bulk_update``.

Django sends no ``pre_save``/``post_save`` for ``QuerySet.update()``, ``bulk_create`` or
``bulk_update``; what is derived from the rows (the monthly report's snapshots) would never
hear of them. Domain code writes many rows through these three functions instead, which send
``rows_written`` before (``phase="before"``, the rows as they are) and after
(``phase="after"``, the rows as written), with the same ``memo`` dict for a receiver to keep
what it read before. Each write also adds the rows' history rows (``kernel.history``).
``reports/tests/test_bulk_writes.py`` finds raw bulk writes of the models that
feed the report. A queryset's ``delete()`` needs nothing: Django sends ``pre_delete`` for each
row when anyone listens.
"""

from django.db import transaction
from django.dispatch import Signal

from .history import bulk_written, newest_pk

# sender: the model; pks: the rows' primary keys; objs: rows written whose key the database did not give
# back (``ignore_conflicts``); phase: "before" | "after"; memo: a dict per write.
rows_written = Signal()


def _send(model, pks, phase, memo, objs=()):
    if pks or objs:
        rows_written.send(sender=model, pks=list(pks), objs=list(objs), phase=phase, memo=memo)


def update(queryset, **values):
    """``queryset.update(**values)`` (F-expressions too); returns the number of rows changed."""
    model = queryset.model
    memo = {}
    with transaction.atomic():
        pks = list(queryset.order_by().values_list("pk", flat=True))
        if not pks:
            return 0
        _send(model, pks, "before", memo)
        count = model._base_manager.filter(pk__in=pks).update(**values)
        bulk_written(model, pks)
        _send(model, pks, "after", memo)
    return count


def bulk_create(model, objs, **options):
    """``model.objects.bulk_create(objs, **options)``; the new rows are announced once they exist."""
    memo = {}
    objs = list(objs)
    with transaction.atomic():
        before = newest_pk(model)
        created = model._base_manager.bulk_create(objs, **options)
        pks = [obj.pk for obj in created if obj.pk is not None]
        bulk_written(model, pks, created=True, after_pk=(before or 0) if len(pks) < len(created) else None)
        _send(model, pks, "after", memo, objs=[obj for obj in created if obj.pk is None])
    return created


def bulk_update(model, objs, fields, **options):
    """``model.objects.bulk_update(objs, fields, **options)``; returns the number of rows changed."""
    objs = list(objs)
    memo = {}
    pks = [obj.pk for obj in objs]
    with transaction.atomic():
        _send(model, pks, "before", memo)
        count = model._base_manager.bulk_update(objs, fields, **options)
        bulk_written(model, pks)
        _send(model, pks, "after", memo)
    return count
