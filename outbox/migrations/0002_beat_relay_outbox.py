"""Beat sends the outbox's waiting jobs every minute (an administrator may change it in the admin).

While Redis is down this tick cannot reach a worker either; the next successful publish, a
worker's start and ``manage.py relay_outbox`` relay too (see ``outbox/services.py``).
"""

from django.db import migrations
from django.utils import timezone

TASK_NAME = "outbox: relay queued jobs"
TASK = "outbox.tasks.relay_outbox"


def add_beat_entry(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    every_minute, _created = IntervalSchedule.objects.using(schema_editor.connection.alias).get_or_create(every=1, period="minutes")
    PeriodicTask.objects.using(schema_editor.connection.alias).get_or_create(
        name=TASK_NAME,
        defaults={
            "task": TASK,
            "interval": every_minute,
            "description": "Sends the jobs that were kept in the outbox while the broker was down.",
        },
    )
    PeriodicTasks.objects.using(schema_editor.connection.alias).update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_beat_entry(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.using(schema_editor.connection.alias).filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_beat_entry, remove_beat_entry)]
