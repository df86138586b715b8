"""Run now, in this process, what the beat tick would: the twin of ``meetings.tasks.run_due_jobs``."""

from django.core.management.base import BaseCommand

from meetings.jobs import run_due_jobs


class Command(BaseCommand):
    help = "Make the meetings ahead and send the reminders that are due, each club by its own clock."

    def handle(self, *args, **options):
        for what, count in run_due_jobs().items():
            self.stdout.write(f"{what}: {count}")
