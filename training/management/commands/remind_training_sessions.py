import datetime

from django.core.management.base import BaseCommand, CommandError

from training.jobs import session_reminders


class Command(BaseCommand):
    help = "Remind trainers and attendees of the sessions on the day after today (or after --date). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="YYYY-MM-DD: remind of the sessions on the following day.")

    def handle(self, *args, date=None, **options):
        day = None
        if date:
            try:
                day = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"--date {date!r} is not a date (YYYY-MM-DD)") from None
        for club, made in session_reminders(day=day).items():
            self.stdout.write(f"{club}: {made} session reminders made")
