"""The checklist tick as data: an administrator can change or pause it in the admin without a deploy."""

from django.db import migrations

TASK = "duties.tasks.create_due_checklists_task"


def add_tick(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every, _ = IntervalSchedule.objects.using(schema_editor.connection.alias).get_or_create(every=15, period="minutes")
    PeriodicTask.objects.using(schema_editor.connection.alias).get_or_create(
        name="Create due duty checklists", defaults={"task": TASK, "interval": every, "enabled": True}
    )


def remove_tick(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.using(schema_editor.connection.alias).filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("duties", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(add_tick, remove_tick)]
