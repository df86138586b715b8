"""The report's Celery tasks: thin, they call ``jobs`` and ``delivery``.

One beat entry (the data migration ``0002_beat_report_jobs``) runs ``run_report_jobs`` every 15
minutes; the command of the same name is its twin.
"""

from celery import shared_task

from . import delivery, jobs


@shared_task
def run_report_jobs():
    """The beat tick: build due snapshots, create the month's e-mails, queue every e-mail due now."""
    return str(jobs.run_due(inline=False))


@shared_task
def send_report_email(delivery_id):
    return delivery.delivery_send(delivery_id)
