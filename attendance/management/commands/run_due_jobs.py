"""Run now, in this process, everything the beat tick would queue: the twin of ``attendance.tasks.run_due_jobs``."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from attendance import jobs


class Command(BaseCommand):
    help = "Close every club's due days and build due follow-ups, each club in its own time zone."

    def handle(self, *args, **options):
        due = jobs.due_jobs(timezone.now())
        for job in due:
            self.stdout.write(str(jobs.run_due_job(job)))
        if not due:
            self.stdout.write("Nothing is due.")
