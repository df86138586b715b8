"""Clubs created before a new club got its default check lists on creation get them now.

The keys are frozen here as they were when this migration was written; a club that already
has any item of a list keeps its list as it is.
"""

from django.db import migrations
from django.utils import timezone

GROOMING = ["uniform", "badge", "hair", "nails", "hygiene", "makeup", "spirit"]
HYGIENE = ["floor", "linen", "towels", "tools", "rubbish"]
QUALITY = ["technique", "pressure", "script", "attitude", "punctuality"]


def _fill(apps, schema_editor, model_name, keys, extra=lambda key: {}):
    Club = apps.get_model("staff", "Club")
    Model = apps.get_model("attendance", model_name)
    History = apps.get_model("attendance", f"Historical{model_name}")
    now = timezone.now()
    for club in Club.objects.using(schema_editor.connection.alias).all():
        if Model.objects.using(schema_editor.connection.alias).filter(club=club).exists():
            continue
        for order, key in enumerate(keys):
            fields = {"club_id": club.pk, "key": key, "name": "", "order": order, "is_active": True, **extra(key)}
            item = Model.objects.using(schema_editor.connection.alias).create(**fields)
            History.objects.using(schema_editor.connection.alias).create(
                id=item.pk, history_date=now, history_type="+", history_change_reason="defaults of an existing club",
                **fields,
            )


def forwards(apps, schema_editor):
    _fill(apps, schema_editor, "GroomingItem", GROOMING, lambda key: {"applies_to": "female" if key == "makeup" else ""})
    _fill(apps, schema_editor, "HygieneItem", HYGIENE)
    _fill(apps, schema_editor, "QualityCriterion", QUALITY)


class Migration(migrations.Migration):
    dependencies = [
        ("attendance", "0007_history_of_holidays_grooming_items_month_locks"),
        ("staff", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
