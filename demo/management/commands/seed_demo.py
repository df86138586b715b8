import datetime
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from attendance import demo_floor_extras
from attendance.demo import seed_floor
from attendance.jobs import close_day, evening_day
from business import demo as business_demo
from customers import demo as customers_demo
from documents import demo as documents_demo
from duties.catalogue import catalogue_install_defaults
from duties.jobs import demo_history
from duties.models import Duty
from kernel.months import last_months, month_start, previous_month
from meetings import demo as meetings_demo
from plans import demo as plans_demo
from reports.report import TREND_MONTHS
from reports.selectors import clubs_with_first_month, first_month
from reports.snapshots import snapshots_for
from staff.demo import DEMO_PASSWORD, seed_demo
from staff.models import Club, Person
from training import demo as training_demo

# Each app's demo records for one club, seeded in this order once the people and the floor exist.
CLUB_SEEDERS = [
    ("floor extras", demo_floor_extras.seed), ("training", training_demo.seed),
    ("business figures", business_demo.seed),  # a year of them, whatever --days says
    ("plans and targets", plans_demo.seed),
    ("documents", documents_demo.seed),
    ("customers", customers_demo.seed),  # members, contacts, events and visits
    # after plans and business figures: the summary reports carry their authors' targets against actuals
    ("meetings", meetings_demo.seed),
]


class Command(BaseCommand):
    help = "Create the demo chain (two clubs, every position, teams, logins, three months of records). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when the database already holds people.")
        parser.add_argument("--days", type=int, default=90, help="How many days of history to create (default 90).")

    def handle(self, *args, if_empty=False, days=90, **options):
        if if_empty and Person.objects.exists():
            self.stdout.write("The database already holds people; demo data not loaded.")
            return
        self.started = time.monotonic()
        count = seed_demo()
        self.progress(f"people and logins: {count}")
        today = timezone.localdate(timezone=timezone.get_default_timezone())
        records = seed_floor(today=today, days=days)
        self.progress(f"floor: {records} attendance records over {days} days")
        clubs = list(Club.objects.order_by("pk"))
        for club in clubs:
            if not Duty.objects.filter(club=club).exists():
                catalogue_install_defaults(club=club)
            demo_history(club=club, today=today, days=days)
            self.progress(f"{club.name}: duty checklists")
        for name, seed in CLUB_SEEDERS:
            for club in clubs:
                seed(club=club, today=today, days=days)
                self.progress(f"{club.name}: {name}")
        for club in clubs:
            closed = self.close_days(club, today - datetime.timedelta(days=days))
            self.progress(f"{club.name}: the evening job closed {closed} days")
        # The report's finished months, built ahead as the report's jobs would: the owner's first look at a
        # month opens at once instead of "being prepared".
        months = last_months(previous_month(month_start(today)), TREND_MONTHS)
        for club in clubs_with_first_month(Club.objects.filter(is_active=True)):
            built = snapshots_for([club], [m for m in months if m >= first_month(club)])
            self.progress(f"{club.name}: the monthly report's snapshots of {len(built)} finished months")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo chain ready: {count} people, {records} new attendance records over {days} days "
                f"(time zone {settings.TIME_ZONE}). Logins use the password {DEMO_PASSWORD!r}."
            )
        )

    def close_days(self, club, first):
        """Close every demo day as the evening job would have, so the report counts the days as closed."""
        day, last, closed = first, evening_day(club, timezone.now()), 0
        while day <= last:
            close_day(club=club, day=day, remind=False)
            day += datetime.timedelta(days=1)
            closed += 1
        return closed

    def progress(self, what):
        """A line per step, so that a minute of seeding is not a minute of silence."""
        self.stdout.write(f"[{time.monotonic() - self.started:5.1f} s] {what}")
        self.stdout.flush()
