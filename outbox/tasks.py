"""The outbox relay as a Celery task (beat, every minute) and on every worker's start."""

import logging

from celery import shared_task
from celery.signals import worker_ready

from . import services

log = logging.getLogger("clubops.outbox")


@shared_task(ignore_result=True)
def relay_outbox():
    """Send the jobs kept while the broker was down; returns how many were sent."""
    sent, _pending = services.relay()
    services.prune()
    return sent


@worker_ready.connect
def relay_when_a_worker_starts(sender=None, **kwargs):
    """A worker that comes up has just reached the broker: send what waited for it."""
    try:
        services.relay()
    except Exception:  # a worker must start even if the relay cannot run now
        log.exception("outbox relay on worker start failed")
