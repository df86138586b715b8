"""Build a month's honour roll and talk list by hand: the twin of ``attendance.tasks.monthly_followup``."""

from django.core.management.base import BaseCommand, CommandError

from attendance import jobs
from kernel.months import parse_month
from staff.management.options import add_club_argument, open_clubs_from


class Command(BaseCommand):
    help = "Notify each department head of last month's honour roll and talk list. Safe to run twice."

    def add_arguments(self, parser):
        add_club_argument(parser)
        parser.add_argument("--month", help="YYYY-MM; default: each club's last finished month")

    def handle(self, *args, **options):
        month = None
        if options["month"]:
            month = parse_month(options["month"])
            if month is None:
                raise CommandError(f"--month {options['month']!r} is not a month (YYYY-MM).")
        for club in open_clubs_from(options):
            try:
                result = jobs.monthly_followup(club=club, month=month or jobs.last_finished_month(club))
            except jobs.JobRefused as refusal:
                raise CommandError(str(refusal)) from None
            self.stdout.write(str(result))
