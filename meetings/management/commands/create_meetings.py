"""The twin of ``meetings.tasks.create_due_meetings``: make the meetings ahead. Safe to run twice."""

from django.core.management.base import BaseCommand

from staff.management.options import add_club_argument, add_date_argument, clubs_from, date_from
from meetings.jobs import create_due_meetings


class Command(BaseCommand):
    help = "Make each club's meetings for the next 14 days (and the next of longer cadences), by club time."

    def add_arguments(self, parser):
        add_club_argument(parser)
        add_date_argument(parser, "YYYY-MM-DD: plan from this date instead of each club's today.")

    def handle(self, *args, **options):
        for club, created in create_due_meetings(day=date_from(options), clubs=clubs_from(options)).items():
            self.stdout.write(f"{club}: {created} meetings created")
