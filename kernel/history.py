"""History rows for rows written many at a time.

django-simple-history writes a history row from ``save()``; ``QuerySet.update()``,
``bulk_create`` and ``bulk_update`` never call it. ``kernel.bulk`` calls ``bulk_written`` after
each such write, so that a change made in bulk (evidence ticking a checklist, a job closing a
period's items) is kept like any other: who (the signed-in person of the request, none for a
job), when, and the row as it now is. ``tests/test_audit.py`` finds the bulk writes of models
with a history that go around it.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import Max
from django.utils import timezone


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
    if _copied_in_the_database(history.model):
        return _insert_select(model, history.model, rows, "~" if not created else "+", reason)
    rows = list(rows)
    if rows:
        history.bulk_history_create(rows, update=not created, default_change_reason=reason)
    return len(rows)


def _copied_in_the_database(history_model):
    """Whether the history rows of ``history_model`` can be copied from the rows in one INSERT … SELECT: no
    history of many-to-many fields and no extra relation (those go through simple-history's own
    ``bulk_history_create``)."""
    return not getattr(history_model, "_history_m2m_fields", None) and not hasattr(history_model, "history_relation")


class _Nobody:
    """An object without ``_history_user``: simple-history then takes the request's signed-in user, or none."""


def _insert_select(model, history_model, rows, kind, reason):
    """The history rows of ``rows`` (a queryset of ``model``) copied in the database: the same values
    simple-history's ``bulk_history_create`` gives them (the fields it tracks, now, the reason, the type, the
    signed-in user of the request or none), without reading the rows into Python (11,000 checklist items a day)."""
    fields = list(history_model.tracked_fields)
    user = history_model.get_default_history_user(_Nobody())
    alias = router.db_for_write(history_model)
    connection = connections[alias]
    try:
        source_sql, source_params = rows.using(alias).order_by(model._meta.pk.attname).values_list(
            *[f.attname for f in fields]).query.sql_with_params()
    except EmptyResultSet:  # no row (``pk__in=[]``)
        return 0
    quote = connection.ops.quote_name
    opts = history_model._meta
    columns = [opts.get_field(f.name).column for f in fields] + [
        opts.get_field(name).column for name in ("history_date", "history_change_reason", "history_type", "history_user")]
    sql = (f"INSERT INTO {quote(opts.db_table)} ({', '.join(quote(c) for c in columns)}) "
           f"SELECT source.*, %s, %s, %s, %s FROM ({source_sql}) AS source")
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        # the outer SELECT's four values come before the rows' query in the statement
        cursor.execute(sql, [now, reason, kind, getattr(user, "pk", None), *source_params])
        return cursor.rowcount
