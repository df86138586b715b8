"""Training's Celery tasks: thin, they call the jobs in ``jobs``.

One beat entry (the data migration ``0002_beat_training_reminders``) runs
``send_training_reminders`` every hour; each club gets its reminders once on its own date.
"""

from celery import shared_task

from . import jobs


@shared_task
def send_training_reminders():
    sessions = jobs.session_reminders()
    recertification = jobs.recertification_reminders()
    return {"sessions": sessions, "recertification": recertification}
