from django.core.management.base import BaseCommand

from staff.management.options import date_from
from training.jobs import session_reminders


class Command(BaseCommand):
    help = "Remind trainers and attendees of the sessions on the day after today (or after --date). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="YYYY-MM-DD: remind of the sessions on the following day.")

    def handle(self, *args, **options):
        day = date_from(options)
        for club, made in session_reminders(day=day).items():
            self.stdout.write(f"{club}: {made} session reminders made")
