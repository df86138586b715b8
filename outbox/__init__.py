"""The outbox: Celery jobs that could not reach the broker, kept until they can.

Use ``enqueue(task, *args, **kwargs)`` (now) or ``enqueue_on_commit(...)`` (after the current
transaction commits) instead of ``task.delay(...)``. See README.md.
"""
