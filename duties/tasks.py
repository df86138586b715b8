import datetime

from celery import shared_task

from .jobs import create_due_checklists
from .services import evidence_recorded


@shared_task
def create_due_checklists_task():
    """Beat runs this every 15 minutes; each club gets its checklists once its local day has begun."""
    return create_due_checklists()


@shared_task
def record_evidence(person_id, kind, day, note):
    """A saved record proves a duty done: tick the person's open items for it (queued by the save)."""
    return evidence_recorded(person=person_id, kind=kind, day=datetime.date.fromisoformat(day), note=note)
