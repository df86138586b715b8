"""Readable change history (who, when, old → new) built from django-simple-history records."""

from django.core.exceptions import FieldDoesNotExist

from .models import Club, Department, Person, Team

# Foreign keys shown by name rather than by id, and where the names come from
# (a department's name includes its club's).
_RELATED = {
    "club": Club.objects.all(),
    "department": Department.objects.select_related("club"),
    "team": Team.objects.all(),
    "reports_to": Person.objects.all(),
}


def person_changes(person, limit=50):
    """The newest ``limit`` changes to ``person``, each with the fields that changed.

    Loads the history in one query and the names behind foreign keys in one query per
    related model, however long the history is.
    """
    records = list(person.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    fields = [f for f in Person.history.model._meta.get_fields() if f.concrete and not f.name.startswith("history")]
    fields = [f for f in fields if f.name not in ("id", "user")]
    ids = {name: set() for name in _RELATED}
    for record in records:
        for name in _RELATED:
            value = getattr(record, f"{name}_id")
            if value:
                ids[name].add(value)
    names = {name: {obj.pk: str(obj) for obj in found.filter(pk__in=ids[name])} for name, found in _RELATED.items()}

    changes = []
    cut_short = len(records) > limit  # then the oldest record read is not the creation
    for newer, older in zip(records, records[1:] + [None]):
        if len(changes) == limit or (older is None and cut_short):
            break
        rows = []
        for field in fields:
            attname = field.attname
            new_value = getattr(newer, attname)
            old_value = getattr(older, attname) if older else None
            if older is not None and new_value == old_value:
                continue
            if older is None and new_value in (None, ""):
                continue
            rows.append(
                {
                    "field": _label(field.name),
                    "old": _display(field, old_value, names),
                    "new": _display(field, new_value, names),
                }
            )
        if rows or older is None:  # a save that changed nothing shown here (e.g. the login) is no change
            changes.append({"record": newer, "created": older is None, "rows": rows})
    return changes


def _label(name):
    try:
        return Person._meta.get_field(name).verbose_name
    except FieldDoesNotExist:
        return name


def _display(field, value, names):
    if value in (None, ""):
        return "—"
    related = field.name if field.name in _RELATED else None
    if related:
        return names[related].get(value, f"#{value}")
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    return value
