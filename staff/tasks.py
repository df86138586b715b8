"""Staff's Celery tasks: thin, they take ids and call ``notices``."""

from celery import shared_task

from . import notices


@shared_task
def send_notice_email(notice_id):
    return notices.notice_email_send(notice_id)
