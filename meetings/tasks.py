"""The meetings' Celery tasks: thin, each calls a job in ``jobs``.

One beat entry (the data migration ``0002_beat_meeting_jobs``) runs ``run_due_jobs`` every 15
minutes; the others are there to be queued or run by hand. Each has a command twin:
``create_meetings``, ``remind_meetings``, ``remind_overdue_action_items``, ``run_meeting_jobs``.
"""

from celery import shared_task

from . import jobs


@shared_task
def create_due_meetings():
    return jobs.create_due_meetings()


@shared_task
def remind_upcoming_meetings():
    return jobs.remind_upcoming_meetings()


@shared_task
def remind_overdue_action_items():
    return jobs.remind_overdue_action_items()


@shared_task
def run_due_jobs():
    """The beat tick: meetings ahead, reminders an hour before, overdue action items after 09:00, per club time."""
    return jobs.run_due_jobs()
