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


@shared_task
def prepare_meeting_pdf(kind, meeting_id, language):
    """Draw a meeting's PDF (``kind`` "minutes" or "report") and keep it while its button says it is being
    prepared; the download, with the page's own access check, then reads it back. Draws only, sends nothing."""
    from django.utils import translation

    from . import pdf, selectors
    from .access import MEETING_RELATED
    from .models import Meeting, Report

    meeting = Meeting.objects.select_related(*MEETING_RELATED).filter(pk=meeting_id).first()  # as the page reads it
    if meeting is None:
        return None
    with translation.override(language):
        if kind == "minutes":
            pdf.cached_minutes_pdf(selectors.meeting_page(meeting))
        else:
            report = Report.objects.select_related("to", "author", "reviewed_by").filter(meeting=meeting).first()
            if report is None:
                return None
            pdf.kept_report_pdf(report, selectors.figure_tables(report.figures))
    return f"{kind} {meeting_id} {language}"
