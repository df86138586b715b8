"""History rows for rows written many at a time.

django-simple-history writes a history row from ``save()``; ``QuerySet.update()``,
``bulk_create`` and ``bulk_update`` never call it. ``kernel.bulk`` calls ``bulk_written`` after
each such write, so that a change made in bulk (evidence ticking a checklist, a job closing a
period's items) is kept like any other: who (the signed-in person of the request, none for a
job), when, and the row as it now is. ``tests/test_audit.py`` finds the bulk writes of models
with a history that go around it.
"""

from django.db.models import Max


def newest_pk(model):
    """The highest key of ``model``'s rows before a bulk insert (None for a model without history)."""
    if getattr(model, "history", None) is None:
        return None
    return model._base_manager.aggregate(newest=Max("pk"))["newest"]


def bulk_written(model, pks, *, created=False, after_pk=None, reason=""):
    """Add a history row (``+`` for new rows, ``~`` for changed ones) for each of ``model``'s rows ``pks``.

    ``after_pk``: new rows whose keys the database did not give back (``ignore_conflicts``) are those
    above the newest key before the insert that have no history yet.
    """
    history = getattr(model, "history", None)
    if history is None or not (pks or created):
        return 0
    rows = model._base_manager.filter(pk__in=list(pks))
    if created and after_pk is not None:
        rows = model._base_manager.filter(pk__gt=after_pk)
    if created:
        # ``bulk_create(ignore_conflicts=True)`` skips rows that were there already: only a row without
        # any history yet is new.
        rows = rows.exclude(pk__in=history.values(model._meta.pk.attname))
    rows = list(rows)
    if rows:
        history.bulk_history_create(rows, update=not created, default_change_reason=reason)
    return len(rows)
