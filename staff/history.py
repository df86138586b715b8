"""Readable change history (who, when, old → new) built from django-simple-history records.

``record_changes`` works for any model with ``history = HistoricalRecords()``; ``club_of`` finds
the club a record belongs to, which decides who may read its history (``history_page``).
"""

import functools

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext

from .models import Club, Department

# The apps whose records have a history page.
PRODUCT_APPS = settings.PRODUCT_APPS

# Fields never shown in a history: logins and secrets are not the record's business.
# Not shown as a change: keys and secrets; ``created_at``, the creation's own time, is the change's "when".
HIDDEN_FIELDS = {"id", "user", "password", "token", "created_at"}
# The history page: the newest changes of each kind of record that belongs to the record (a club has ~25 kinds),
# and, behind each kind's "more" link, that kind alone, further back.
GROUP_LIMIT = 5
KIND_LIMIT = 200

# How names behind foreign keys are read (a department's name includes its club's).
_NAMES_QUERY = {Department: lambda: Department.objects.select_related("club")}


def history_model(label):
    """The model called ``label`` ("app_label.modelname") if it is a product model with a history, else None."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    if model._meta.app_label not in PRODUCT_APPS or not hasattr(model, "history"):
        return None
    if model._meta.model_name.startswith("historical"):
        return None
    return model


def club_of(obj, depth=3):
    """The club ``obj`` belongs to: itself, its ``club``, or the club of the record it hangs on.

    Returns None for a record of no club (e.g. the owner, a chain-wide competition).
    """
    if isinstance(obj, Club):
        return obj
    fields = [f for f in obj._meta.concrete_fields if f.is_relation and f.many_to_one or f.one_to_one]
    fields = [f for f in fields if f.related_model is not None]
    club_field = next((f for f in fields if f.related_model is Club), None)
    if club_field is not None:
        club_id = getattr(obj, club_field.attname)
        if club_id is not None or club_field.name == "club":
            return Club.objects.filter(pk=club_id).first() if club_id else None
    if depth == 0:
        return None
    for field in fields:
        if field.related_model._meta.app_label not in PRODUCT_APPS or field.name in HIDDEN_FIELDS:
            continue
        if getattr(obj, field.attname) is None:
            continue
        found = club_of(getattr(obj, field.name), depth - 1)
        if found is not None:
            return found
    return None


def record_changes(obj, limit=50):
    """The newest ``limit`` changes to ``obj``, each with the fields that changed (old → new)."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    return _changes(type(obj), records, limit)


def child_changes(obj, limit=50, only=None):
    """Changes to the records that belong to ``obj`` (a checklist's items, a meeting's attendees, ...).

    One group per kind of child with a history, each ``{"label", "key", "changes", "more"}``; each change names
    its child; ``more``: the kind has more changes than the ``limit`` shown. ``only``: a group's ``key``, to read
    that kind alone.
    A fixed number of queries per kind of child, however many children (a club has thousands): the newest
    changes' children are read with every version of each (a change is read against the one before it), their
    names behind foreign keys at once, and their labels with what those need read at once. A name or a record
    behind a foreign key read for one kind (the club, its people) is not read again for the next.
    """
    known = {}  # {model: {pk: record}} behind the foreign keys, read once for every kind
    groups = []
    for relation in obj._meta.related_objects:
        child = relation.related_model
        if not relation.one_to_many or not hasattr(child, "history") or relation.field.name in HIDDEN_FIELDS:
            continue
        if child._meta.app_label not in PRODUCT_APPS:
            continue
        field = relation.field
        kind = f"{child._meta.label_lower}.{field.name}"
        if only is not None and kind != only:
            continue
        key = child._meta.pk.attname
        history = child.history.filter(**{field.attname: obj.pk})
        # The children of the newest changes (twice as many rows as shown: some saves change nothing shown).
        newest = set(history.order_by("-history_date", "-history_id").values_list(key, flat=True)[: 2 * limit])
        if not newest:
            continue
        records = list(history.filter(**{f"{key}__in": newest}).select_related("history_user")
                       .order_by(key, "history_date", "history_id"))
        by_child = {}
        for record in records:
            by_child.setdefault(getattr(record, key), []).append(record)
        skip = {field.name}
        names = _related_names(child, _fields(child, skip), records, known)
        labels = _child_labels(child, {pk: versions[-1] for pk, versions in by_child.items()}, known)
        changes = []
        for pk, child_records in by_child.items():
            for change in _changes(child, child_records[::-1], limit, skip=skip, names=names):
                change["child"] = labels[pk]
                changes.append(change)
        if changes:
            changes.sort(key=lambda c: (c["record"].history_date, c["record"].history_id), reverse=True)
            groups.append({"label": child._meta.verbose_name_plural, "key": kind, "changes": changes[:limit],
                           "more": len(changes) > limit})
    return groups


def person_changes(person, limit=50):
    """The newest ``limit`` changes to ``person`` (the person page's history)."""
    return record_changes(person, limit)


def _child_labels(model, newest, known=None):
    """{child pk: its name} from each child's newest version (``newest``: {pk: historical record}); what the
    names read behind foreign keys is read once for all of them. ``known``: {model: {pk: record}} read already
    (for another kind of child), used and added to."""
    from django.db.models import prefetch_related_objects

    # Built from the history row's own fields: simple-history's ``record.instance`` reads the fields a history
    # leaves out (a checklist's counts, a person's private fields) with one query per record.
    tracked = [f.attname for f in _history_of(model).tracked_fields]
    instances = {}
    for pk, record in newest.items():
        try:
            instances[pk] = model(**{name: getattr(record, name) for name in tracked})
        except Exception:  # noqa: BLE001 - a child whose parts are gone is still listed, by number
            continue
    relations = [f for f in model._meta.concrete_fields
                 if f.many_to_one and f.related_model is not None and f.name not in HIDDEN_FIELDS]
    known = {} if known is None else known
    for field in relations:  # what an earlier kind read is not read again
        read = known.get(field.related_model, {})
        for instance in instances.values():
            found = read.get(getattr(instance, field.attname))
            if found is not None:
                field.set_cached_value(instance, found)
    try:
        prefetch_related_objects(list(instances.values()), *(f.name for f in relations))
    except Exception:  # noqa: BLE001 - a relation that cannot be read ahead is read by its label, as before
        pass
    for field in relations:
        if field.related_model in _NAMES_QUERY:  # read here without what its name needs: not kept for names
            continue
        read = known.setdefault(field.related_model, {})
        for instance in instances.values():
            if field.is_cached(instance):
                found = field.get_cached_value(instance)
                if found is not None:
                    read[found.pk] = found
    labels = {}
    for pk in newest:
        try:
            labels[pk] = str(instances[pk])
        except Exception:  # noqa: BLE001
            labels[pk] = f"#{pk}"
    return labels


@functools.cache
def _history_of(model):
    """``model``'s historical model. Read once: each ``model.history`` builds a new manager class (simple-history),
    which took a quarter of the history page's time when asked per change."""
    return model.history.model


def _fields(model, skip=()):
    return _fields_of(model, frozenset(skip))


@functools.cache
def _fields_of(model, skip):
    history_model = _history_of(model)
    fields = [f for f in history_model._meta.get_fields() if f.concrete and not f.name.startswith("history")]
    return tuple(f for f in fields if f.name not in HIDDEN_FIELDS and f.name not in skip)


def _changes(model, records, limit, skip=(), names=None):
    """``records`` newest first; the oldest one read is a creation unless more were cut off. ``names``: the
    names behind foreign keys, when read already for more records (``_related_names``)."""
    fields = _fields(model, skip)
    if names is None:
        names = _related_names(model, fields, records)
    changes = []
    cut_short = len(records) > limit
    for newer, older in zip(records, records[1:] + [None]):
        if len(changes) == limit or (older is None and cut_short):
            break
        deleted = newer.history_type == "-"
        rows = []
        for field in fields if not deleted else []:
            new_value = getattr(newer, field.attname)
            old_value = getattr(older, field.attname) if older else None
            if older is not None and new_value == old_value:
                continue
            if older is None and new_value in (None, ""):
                continue
            rows.append({
                "field": _label(model, field.name),
                "old": _display(field, old_value, names),
                "new": _display(field, new_value, names),
            })
        created = older is None or newer.history_type == "+"
        if rows or created or deleted:  # a save that changed nothing shown here (e.g. a login) is no change
            changes.append({"record": newer, "created": created, "deleted": deleted, "rows": rows,
                            "reason": gettext(newer.history_change_reason) if newer.history_change_reason else ""})
    return changes


def _related_names(model, fields, records, known=None):
    """{field name: {pk: name}} for the foreign keys among ``fields``, one query per related model. ``known``:
    {model: {pk: record}} read already (for another kind of record), used and added to."""
    ids = {}
    for field in fields:
        related = _related_model(model, field)
        if related is None:
            continue
        ids[field.name] = {getattr(r, field.attname) for r in records} - {None}
    known = {} if known is None else known
    names = {}
    for name, wanted in ids.items():
        related = _related_model(model, _history_of(model)._meta.get_field(name))
        read = known.setdefault(related, {})
        missing = wanted - read.keys()
        if missing:
            query = _NAMES_QUERY.get(related, lambda related=related: related._base_manager.all())()
            read.update((obj.pk, obj) for obj in query.filter(pk__in=missing))
        names[name] = {pk: str(read[pk]) for pk in wanted if pk in read}
    return names


def _related_model(model, history_field):
    try:
        field = model._meta.get_field(history_field.name)
    except FieldDoesNotExist:
        return None
    if isinstance(field, models.ForeignKey):
        return field.related_model
    return None


def _label(model, name):
    try:
        return model._meta.get_field(name).verbose_name
    except FieldDoesNotExist:
        return name


def _display(field, value, names):
    if value in (None, ""):
        return "—"
    if field.name in names:
        return names[field.name].get(value, f"#{value}")
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        from django.utils.translation import gettext as _

        return _("yes") if value else _("no")
    return value
