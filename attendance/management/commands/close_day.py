"""Close a day by hand: the twin of the evening job (``attendance.tasks.close_day``)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from attendance import jobs
from staff.management.options import add_club_argument, add_date_argument, date_from, open_clubs_from


class Command(BaseCommand):
    help = (
        "Mark missing attendance as not recorded and remind supervisors who recorded nothing. "
        "Default day: each club's latest evening (today after 23:00 club time, else yesterday). "
        "Safe to run twice or late."
    )

    def add_arguments(self, parser):
        add_club_argument(parser)
        add_date_argument(parser, "the day to close, YYYY-MM-DD")
        parser.add_argument("--no-remind", action="store_true", help="mark only; send no notices or e-mails")

    def handle(self, *args, **options):
        day = date_from(options)
        now = timezone.now()
        for club in open_clubs_from(options):
            try:
                result = jobs.close_day(
                    club=club, day=day or jobs.evening_day(club, now), remind=not options["no_remind"]
                )
            except jobs.JobRefused as refusal:
                raise CommandError(str(refusal)) from None
            self.stdout.write(str(result))
