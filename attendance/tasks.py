"""The floor's Celery tasks: thin, they take ids, load, and call a service in ``jobs``.

One beat entry (the data migration ``0006_beat_run_due_jobs``) runs ``run_due_jobs`` every 15
minutes; it queues the day closings and follow-ups that are due in each club's own time zone.
Each task has a management-command twin for running it by hand.
"""

import datetime
from functools import partial

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from staff import notices
from staff.models import Club

from . import jobs
from .models import JobRun


@shared_task
def close_day(club_id, day):
    club = Club.objects.filter(pk=club_id).first()
    if club is None:
        return None
    return str(jobs.close_day(club=club, day=datetime.date.fromisoformat(day)))


@shared_task
def monthly_followup(club_id, month):
    club = Club.objects.filter(pk=club_id).first()
    if club is None:
        return None
    return str(jobs.monthly_followup(club=club, month=datetime.date.fromisoformat(month)))


@shared_task
def send_notice_email(notice_id):
    # Notices are e-mailed by ``staff.tasks.send_notice_email`` now; this name stays for the jobs
    # that were queued under it (in the outbox or the broker) before the move.
    return notices.notice_email_send(notice_id)


@shared_task
def prepare_month_file(person_id, params, month, language):
    """Write the month's workbook that ``person_id`` asked for (the scope of ``params``: ``team``, ``department`` or
    ``club``, as on the page) while their button says it is being prepared; the download then reads it back.
    The scope is found again with the reader's access now: a reader who lost it gets no file."""
    from types import SimpleNamespace

    from django.utils import translation

    from staff.models import Person

    from .scope import scope_for
    from .selectors.stats import Marks
    from .xlsx import month_file

    viewer = Person.objects.select_related("club").filter(pk=person_id).first()
    if viewer is None:
        return None
    scope = scope_for(SimpleNamespace(GET={key: str(value) for key, value in params.items()}), viewer)
    with translation.override(language):
        month_file(scope, month=datetime.date.fromisoformat(month), today=timezone.localdate(timezone=scope.club.zone),
                   marks=Marks())
    return f"{scope.club.code} {month} {language}"


TASKS = {JobRun.Job.CLOSE_DAY: close_day, JobRun.Job.MONTHLY_FOLLOWUP: monthly_followup}


@shared_task
def run_due_jobs():
    """The beat tick: queue every job due now, once this transaction (if any) has committed."""
    due = jobs.due_jobs(timezone.now())
    for job in due:
        transaction.on_commit(partial(TASKS[job.job].delay, job.club_id, job.period.isoformat()))
    return len(due)
