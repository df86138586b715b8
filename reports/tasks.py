"""The report's Celery tasks: thin, they call ``jobs`` and ``delivery``.

One beat entry (the data migration ``0002_beat_report_jobs``) runs ``run_report_jobs`` every 15
minutes; the command of the same name is its twin.
"""

import logging

from celery import shared_task
from celery.signals import worker_ready

from . import delivery, jobs

log = logging.getLogger(__name__)


@shared_task
def run_report_jobs():
    """The beat tick: build due snapshots, create the month's e-mails, queue every e-mail due now."""
    return str(jobs.run_due(inline=False))


@shared_task
def send_report_email(delivery_id):
    return delivery.delivery_send(delivery_id)


@shared_task
def build_snapshots(club_ids, month):
    """Build (or rebuild, when stale) the snapshots of ``month`` ("YYYY-MM") for these clubs; queued by a report read."""
    import datetime

    from staff.models import Club

    from .selectors import clubs_with_first_month
    from .snapshots import snapshots_for

    first = datetime.date.fromisoformat(f"{month}-01")
    clubs = [c for c in clubs_with_first_month(Club.objects.filter(pk__in=club_ids))]
    return len(snapshots_for(clubs, [first]))


@shared_task
def prepare_report_file(scope, club_ids, month, language, kind):
    """Make a report's PDF or XLSX ahead, in the reader's language, so that their download is ready when asked."""
    import datetime

    from django.utils import translation

    from staff.models import Club

    from . import exports
    from .report import monthly_report
    from .selectors import clubs_with_first_month

    first = datetime.date.fromisoformat(f"{month}-01")
    with translation.override(language):
        report = monthly_report(clubs_with_first_month(Club.objects.filter(pk__in=club_ids)), first, scope=scope)
        if exports.prepared(report, kind) is None:
            exports.prepare(report, kind)
    return f"{scope} {month} {language} {kind}"


@shared_task(ignore_result=True)
def prepare_pdf_fonts():
    """Cut the working copy of every PDF font face that has none (``kernel.pdf``): a minute of work once per font."""
    from kernel.pdf import prepare_working_faces

    return [seconds for _face, _path, seconds in prepare_working_faces()]


@worker_ready.connect
def prepare_pdf_fonts_when_a_worker_starts(sender=None, **kwargs):
    """A worker that comes up queues the fonts' working copies: until they are cut, PDFs use the whole faces."""
    try:
        prepare_pdf_fonts.delay()
    except Exception:  # a worker must start even if the task cannot be queued now
        log.exception("queueing the PDF fonts' working copies failed")
