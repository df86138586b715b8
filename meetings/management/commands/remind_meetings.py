"""The twin of ``meetings.tasks.remind_upcoming_meetings``. Safe to run twice."""

from django.core.management.base import BaseCommand

from meetings.jobs import remind_upcoming_meetings


class Command(BaseCommand):
    help = "Remind the people expected at every meeting that starts within the next hour (notice + e-mail)."

    def handle(self, *args, **options):
        self.stdout.write(f"{remind_upcoming_meetings()} reminders sent")
