"""The report's beat entry, as data: every 15 minutes, build what is due and send the monthly e-mails.

An administrator changes the interval or pauses it in the admin (Periodic tasks) without a
deploy. ``run_report_jobs`` itself decides, per club and in the club's own time zone, which
months are due (from 08:00 on the 1st), so one tick serves every zone and catches up late runs.
"""

from django.db import migrations
from django.utils import timezone

TASK_NAME = "reports: monthly report jobs"
TASK = "reports.tasks.run_report_jobs"


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
            "description": "Builds last month's report snapshots from 08:00 on the 1st (club time), rebuilds "
                           "stale ones, and e-mails the owner and each store manager once, retrying failures.",
        },
    )
    PeriodicTasks.objects.using(schema_editor.connection.alias).update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_beat_entry(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.using(schema_editor.connection.alias).filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_beat_entry, remove_beat_entry)]
