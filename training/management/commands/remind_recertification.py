import datetime

from django.core.management.base import BaseCommand, CommandError

from training.jobs import recertification_reminders


class Command(BaseCommand):
    help = "Remind technicians whose level expires within 30 days (as of today or --date). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="YYYY-MM-DD: judge the expiries as of this date.")

    def handle(self, *args, date=None, **options):
        day = None
        if date:
            try:
                day = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"--date {date!r} is not a date (YYYY-MM-DD)") from None
        for club, made in recertification_reminders(day=day).items():
            self.stdout.write(f"{club}: {made} re-certification reminders made")
