from django.core.management.base import BaseCommand

from staff.management.options import date_from
from training.jobs import recertification_reminders


class Command(BaseCommand):
    help = "Remind technicians whose level expires within 30 days (as of today or --date). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="YYYY-MM-DD: judge the expiries as of this date.")

    def handle(self, *args, **options):
        day = date_from(options)
        for club, made in recertification_reminders(day=day).items():
            self.stdout.write(f"{club}: {made} re-certification reminders made")
