"""The floor's one beat entry, as data: every 15 minutes, run what is due in every club.

An administrator can change the interval or pause it in the admin (Periodic tasks) without a
deploy. ``run_due_jobs`` itself decides, per club and in the club's own time zone, which days
to close and which months to follow up, so one tick serves every zone and catches up late runs.
"""

from django.db import migrations
from django.utils import timezone

TASK_NAME = "attendance: run due jobs"
TASK = "attendance.tasks.run_due_jobs"


def add_beat_entry(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    every_15_minutes, _created = IntervalSchedule.objects.using(schema_editor.connection.alias).get_or_create(every=15, period="minutes")
    PeriodicTask.objects.using(schema_editor.connection.alias).get_or_create(
        name=TASK_NAME,
        defaults={
            "task": TASK,
            "interval": every_15_minutes,
            "description": "Closes each club's day after 23:00 club time and builds last month's follow-up on the 1st.",
        },
    )
    # The beat scheduler reloads its schedule when this timestamp changes.
    PeriodicTasks.objects.using(schema_editor.connection.alias).update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_beat_entry(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.using(schema_editor.connection.alias).filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("attendance", "0005_followup"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_beat_entry, remove_beat_entry)]
