"""The training reminders as data: an administrator can change or pause them in the admin without a deploy."""

from django.db import migrations

TASK = "training.tasks.send_training_reminders"


def add_tick(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every, _ = IntervalSchedule.objects.using(schema_editor.connection.alias).get_or_create(every=1, period="hours")
    PeriodicTask.objects.using(schema_editor.connection.alias).get_or_create(
        name="Training reminders (sessions tomorrow, re-certification)",
        defaults={"task": TASK, "interval": every, "enabled": True},
    )


def remove_tick(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.using(schema_editor.connection.alias).filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(add_tick, remove_tick)]
