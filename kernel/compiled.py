"""A query asked on every request, turned into SQL once per process instead of on every request.

Django compiles a queryset into SQL each time it runs it. For the signed-in user read with their person, club,
department, team and supervisor (``staff.backends.PersonBackend``: five joins), compiling took about as long as
the rest of a bare signed-in request together. ``CompiledLookup`` compiles the query once per database, then
runs the same SQL with the value asked for and builds the objects with Django's own row-to-object code
(``from_db`` and the related populators ``select_related`` uses), so the result is what the queryset gives.
"""

import threading

from django.db import connections
from django.db.models.query import get_related_populators

SENTINEL = -918_273_645  # a value no row has; it marks the one parameter a lookup fills in


class CompiledLookup:
    """``CompiledLookup(lambda value: Model.objects.select_related(...).filter(pk=value))``; then ``get(alias,
    value)`` gives the one object the query finds, or None. The query must take ``value`` as its only
    parameter, as an integer; anything else is run as a plain queryset."""

    def __init__(self, build):
        self.build = build
        self._compiled = {}
        self._lock = threading.Lock()

    def get(self, alias, value):
        compiled = self._compiled.get(alias)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(alias) or self._compile(alias)
                self._compiled[alias] = compiled
        if compiled is False:  # not a shape this can run: the queryset answers
            return self.build(value).using(alias).first()
        compiler, sql, slot, params, (start, end, names, model), converters, populators = compiled
        params = list(params)
        params[slot] = value
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        if converters:
            row = next(iter(compiler.apply_converters([row], converters)))
        obj = model.from_db(alias, names, row[start:end])
        for populator in populators:
            populator.populate(row, obj)
        return obj

    def _compile(self, alias):
        query = self.build(SENTINEL).using(alias).query
        compiler = query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        slots = [index for index, param in enumerate(params) if param == SENTINEL]
        if len(slots) != 1 or compiler.annotation_col_map or query.extra_select:
            return False
        select = compiler.select
        converters = compiler.get_converters([column[0] for column in select[0:compiler.col_count]])
        populators = get_related_populators(compiler.klass_info, select, alias)
        fields = compiler.klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        main = (start, end, [column[0].target.attname for column in select[start:end]], compiler.klass_info["model"])
        return compiler, sql, slots[0], tuple(params), main, converters, populators
