"""A query asked on every request, turned into SQL once per process instead of on every request.

Django compiles a queryset into SQL each time it runs it. For the signed-in user read with their person, club,
department, team and supervisor (``staff.backends.PersonBackend``: five joins), compiling took about as long as
the rest of a bare signed-in request together. ``CompiledLookup`` compiles the query once per database, then
runs the same SQL with the value asked for and builds the objects with Django's own row-to-object code
(``from_db`` and the related populators ``select_related`` uses), so the result is what the queryset gives.

PostgreSQL, in turn, planned that six-table join anew for every request: 0.45 ms of planning for 0.15 ms of
running it, a third of a bare signed-in request. Where the connection is kept between requests
(``CONN_MAX_AGE`` not 0), the lookup is a prepared statement of that connection (``PREPARE`` once, then
``EXECUTE``), which PostgreSQL plans once. A connection made for one request only (``DB_CONN_MAX_AGE=0``, as
behind PgBouncer's transaction pooling, which cannot keep a prepared statement) runs the plain SQL.
"""

import itertools
import threading

from django.db import connections
from django.db.models.query import get_related_populators

SENTINEL = -918_273_645  # a value no row has; it marks the one parameter a lookup fills in
_NAMES = (f"clubops_lookup_{number}" for number in itertools.count(1))
_PREPARED = "_clubops_prepared"  # on a connection: (the driver's connection, the names prepared on it)


class CompiledLookup:
    """``CompiledLookup(lambda value: Model.objects.select_related(...).filter(pk=value))``; then ``get(alias,
    value)`` gives the one object the query finds, or None. The query must take ``value`` as its only
    parameter, as an integer; anything else is run as a plain queryset."""

    def __init__(self, build):
        self.build = build
        self.name = next(_NAMES)
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
        compiler, sql, slot, params, (start, end, names, model), converters, populators, prepared = compiled
        params = list(params)
        params[slot] = value
        connection = connections[alias]
        with connection.cursor() as cursor:
            if prepared and self._prepare(connection, prepared):
                cursor.execute(f"EXECUTE {self.name} ({', '.join(['%s'] * len(params))})", params)
            else:
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
        return compiler, sql, slots[0], tuple(params), main, converters, populators, _numbered(sql, alias)

    def _prepare(self, connection, statement):
        """Prepare the lookup on ``connection`` unless it is already: whether to ``EXECUTE`` it."""
        if not connection.settings_dict.get("CONN_MAX_AGE"):
            return False  # a connection of one request: preparing would cost more than it saves
        driver = connection.connection
        known = connection.__dict__.get(_PREPARED)
        if known is None or known[0] is not driver:  # a new connection (the old one closed): none prepared yet
            known = connection.__dict__[_PREPARED] = (driver, set())
        if self.name not in known[1]:
            # Part of setting up the connection, as Django's own SET TIME ZONE: on the driver's cursor, not
            # counted among a page's queries. A PREPARE outlives a transaction rolled back around it.
            with driver.cursor() as cursor:
                cursor.execute(f"PREPARE {self.name} AS {statement}")
            known[1].add(self.name)
        return True


def _numbered(sql, alias):
    """``sql`` with PostgreSQL's numbered parameters ($1, $2 ...) for its ``%s``, to prepare; None elsewhere."""
    if connections[alias].vendor != "postgresql" or not sql.startswith("SELECT "):
        return None  # only a read is prepared: the tests' write check takes EXECUTE clubops_lookup_N for one
    parts = sql.replace("%%", "\0").split("%s")
    return "".join(part + (f"${number}" if number < len(parts) else "")
                   for number, part in enumerate(parts, start=1)).replace("\0", "%")
