from celery import shared_task

from .jobs import create_due_checklists


@shared_task
def create_due_checklists_task():
    """Beat runs this every 15 minutes; each club gets its checklists once its local day has begun."""
    return create_due_checklists()
