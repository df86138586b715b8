"""Publishing Celery jobs so that a broker that is down neither fails nor slows a request.

``enqueue`` hands a job to the broker at once, with no retries and short socket timeouts
(``clubops/settings.py``); when that fails, the job becomes an ``OutboxJob`` row and the
request goes on. ``relay`` sends the rows still waiting, oldest first, once the broker answers.
It runs from four places, because the beat tick itself cannot run while Redis is down:

* the next successful ``enqueue`` in any process (it queues the relay task when rows wait,
  looking at most every ``PENDING_CHECK_SECONDS`` seconds),
* a worker when it starts (``outbox.tasks``),
* beat, every minute (``outbox.tasks.relay_outbox``, migration ``0002``),
* ``python manage.py relay_outbox`` (cron or the systemd timer in ``deploy/systemd/``).

Delivery is at least once: a row whose message went out but whose ``sent_at`` could not be
written is sent again, so every job queued this way must be idempotent (they all are).
"""

import datetime
import importlib
import logging
import time
from functools import partial

from django.db import transaction
from django.utils import timezone

from .models import OutboxJob

log = logging.getLogger("clubops.outbox")

# After a successful publish, a process looks for rows left behind at most this often.
PENDING_CHECK_SECONDS = 30
RELAY_TASK = "outbox.tasks.relay_outbox"
_next_check = {"at": 0.0}


def _app():
    """The project's Celery app (``clubops/celery.py``, loaded with the project), without importing the config layer."""
    from celery import current_app

    return current_app._get_current_object()


def task_name(task):
    return task if isinstance(task, str) else task.name


def publish(name, args=(), kwargs=None, *, task_id=None):
    """Send one job to the broker now, on a connection of its own; raises when the broker does not answer."""
    app = _app()
    with app.connection_for_write() as connection:
        return app.send_task(
            name, args=list(args), kwargs=kwargs or {}, task_id=task_id,
            connection=connection, retry=False, ignore_result=True,
        )


def enqueue(task, *args, **kwargs):
    """Queue ``task(*args, **kwargs)`` (a task or its dotted name); a dead broker leaves an outbox row instead.

    Returns True when the broker took the job, else the ``OutboxJob`` that keeps it. With
    ``CELERY_TASK_ALWAYS_EAGER`` (tests) the task runs here and now, as ``delay`` would.
    """
    name = task_name(task)
    app = _app()
    if app.conf.task_always_eager:
        if name not in app.tasks:
            importlib.import_module(name.rpartition(".")[0])  # a web process has not discovered the tasks
        app.tasks[name].apply(args=args, kwargs=kwargs, throw=app.conf.task_eager_propagates)
        return True
    try:
        publish(name, args, kwargs)
    except Exception as error:  # noqa: BLE001 - whatever stops the publish, the job must not be lost
        job = OutboxJob.objects.create(task=name, args=list(args), kwargs=kwargs, attempts=1, last_error=_describe(error))
        log.warning("broker unavailable, %s kept in the outbox as #%s: %s", name, job.pk, job.last_error)
        _next_check["at"] = 0.0
        return job
    _relay_soon_if_pending(name)
    return True


def enqueue_on_commit(task, *args, **kwargs):
    """``enqueue`` once the current transaction commits (nothing when it rolls back)."""
    transaction.on_commit(partial(enqueue, task_name(task), *args, **kwargs))


QUEUE_AGAIN_SECONDS = 300  # a job a page asks for is queued at most this often, however often the page asks


def enqueue_once_on_commit(key, task, *args, **kwargs):
    """``enqueue_on_commit`` unless the job named ``key`` was queued in the last ``QUEUE_AGAIN_SECONDS`` (the cache,
    not the database, remembers it), so a page that polls ("is the file ready?") does not flood the queue.
    Whether it was queued now."""
    from django.core.cache import cache

    if not cache.add(f"outbox:once:{key}", 1, QUEUE_AGAIN_SECONDS):
        return False
    enqueue_on_commit(task, *args, **kwargs)
    return True


def _relay_soon_if_pending(just_sent):
    """The broker answers again: if rows wait, queue the relay task (cheap: one query per process per half minute)."""
    now = time.monotonic()
    if just_sent == RELAY_TASK or now < _next_check["at"]:
        return
    _next_check["at"] = now + PENDING_CHECK_SECONDS
    if OutboxJob.objects.filter(sent_at__isnull=True).exists():
        try:
            publish(RELAY_TASK)
        except Exception as error:  # noqa: BLE001 - beat or the command will relay instead
            log.warning("could not queue the outbox relay: %s", _describe(error))


def pending():
    return OutboxJob.objects.filter(sent_at__isnull=True)


def relay(*, limit=None, batch=100):
    """Send waiting rows, oldest first; stop at the first failure (the broker is still down).

    Returns ``(sent, still_pending)``. Rows are locked while they are sent (``SKIP LOCKED`` on
    PostgreSQL), so two relays at once never send the same row twice.
    """
    sent = 0
    while limit is None or sent < limit:
        size = batch if limit is None else min(batch, limit - sent)
        with transaction.atomic():
            rows = list(pending().select_for_update(skip_locked=True).order_by("created", "pk")[:size])
            if not rows:
                break
            for row in rows:
                row.attempts += 1
                try:
                    publish(row.task, row.args, row.kwargs, task_id=f"outbox-{row.pk}-{row.attempts}")
                except Exception as error:  # noqa: BLE001
                    row.last_error = _describe(error)
                    row.save(update_fields=["attempts", "last_error"])
                    log.warning("outbox relay stopped at #%s: %s", row.pk, row.last_error)
                    return sent, pending().count()
                row.sent_at = timezone.now()
                row.save(update_fields=["attempts", "sent_at"])
                sent += 1
    if sent:
        log.info("outbox relay sent %s job(s)", sent)
    return sent, pending().count()


def prune(*, days=30):
    """Forget rows sent more than ``days`` ago; returns how many."""
    cutoff = timezone.now() - datetime.timedelta(days=days)
    return OutboxJob.objects.filter(sent_at__lt=cutoff).delete()[0]


def _describe(error):
    return f"{error.__class__.__name__}: {error}"[:1000]
