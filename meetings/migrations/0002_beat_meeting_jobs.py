"""The meetings' one beat entry, as data: every 15 minutes, do what is due in every club.

An administrator changes the interval or pauses it in the admin (Periodic tasks) without a
deploy. ``run_due_jobs`` decides per club, in the club's own time zone, which meetings to make,
whom to remind of a meeting within the hour and, from 09:00, of overdue action items.
"""

from django.db import migrations
from django.utils import timezone

TASK_NAME = "meetings: run due jobs"
TASK = "meetings.tasks.run_due_jobs"


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
            "description": "Makes each club's meetings ahead, reminds attendees an hour before a meeting and "
                           "owners of overdue action items once a day.",
        },
    )
    # The beat scheduler reloads its schedule when this timestamp changes.
    PeriodicTasks.objects.using(schema_editor.connection.alias).update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_beat_entry(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.using(schema_editor.connection.alias).filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_beat_entry, remove_beat_entry)]
