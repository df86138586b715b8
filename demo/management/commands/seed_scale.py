import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from demo.scale import SCALE_PASSWORD, NotEmpty, seed_scale

SMALL = {"clubs": 3, "staff": 40, "months": 2}


class Command(BaseCommand):
    help = (
        "Fill an empty database with a chain at benchmark size: clubs of about --staff people with "
        "--months finished months of records and their report snapshots. Deterministic; refuses a "
        "database that already holds people."
    )

    def add_arguments(self, parser):
        parser.add_argument("--clubs", type=int, default=50, help="Number of clubs (default 50).")
        parser.add_argument("--staff", type=int, default=40, help="People per club (default 40).")
        parser.add_argument("--months", type=int, default=12, help="Finished months of history (default 12).")
        parser.add_argument("--small", action="store_true",
                            help=f"The CI profile: {SMALL['clubs']} clubs, {SMALL['months']} months.")
        parser.add_argument("--floor-only", action="store_true",
                            help="People and the floor's records only (the benchmark's big club).")
        parser.add_argument("--today", help="Seed as if today were this date (YYYY-MM-DD); default: today.")

    def handle(self, *args, clubs, staff, months, small, today, floor_only=False, **options):
        if small:
            clubs, months = SMALL["clubs"], SMALL["months"]
        if clubs < 1 or staff < 9 or months < 1:
            raise CommandError("Use at least 1 club, 9 people per club and 1 month.")
        day = None
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError:
                raise CommandError(f"--today {today!r} is not a date (YYYY-MM-DD).") from None
        try:
            progress = seed_scale(clubs=clubs, staff=staff, months=months, today=day, report=self.stdout.write,
                                  floor_only=floor_only)
        except NotEmpty as error:
            raise CommandError(str(error)) from None
        # The planner's statistics, as a database that grew over a year has them (autovacuum analyses a table as it
        # grows; it may be off, or not have woken yet, right after millions of rows arrive at once).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        summary = ", ".join(f"{name} {count}" for name, count in sorted(progress.counts.items()))
        self.stdout.write(self.style.SUCCESS(f"Chain ready ({summary}). Logins use the password {SCALE_PASSWORD!r}."))
