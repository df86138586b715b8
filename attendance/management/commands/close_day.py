"""Close a day by hand: the twin of the evening job (``attendance.tasks.close_day``)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from attendance import jobs

from ._clubs import add_club_argument, clubs_from


class Command(BaseCommand):
    help = (
        "Mark missing attendance as not recorded and remind supervisors who recorded nothing. "
        "Default day: each club's latest evening (today after 23:00 club time, else yesterday). "
        "Safe to run twice or late."
    )

    def add_arguments(self, parser):
        add_club_argument(parser)
        parser.add_argument("--date", help="the day to close, YYYY-MM-DD")
        parser.add_argument("--no-remind", action="store_true", help="mark only; send no notices or e-mails")

    def handle(self, *args, **options):
        day = None
        if options["date"]:
            try:
                day = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"--date {options['date']!r} is not a date (YYYY-MM-DD).") from None
        now = timezone.now()
        for club in clubs_from(options):
            try:
                result = jobs.close_day(
                    club=club, day=day or jobs.evening_day(club, now), remind=not options["no_remind"]
                )
            except jobs.JobRefused as refusal:
                raise CommandError(str(refusal)) from None
            self.stdout.write(str(result))
