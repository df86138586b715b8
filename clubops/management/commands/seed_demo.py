import importlib
import importlib.util

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from attendance.demo import seed_floor
from duties.catalogue import catalogue_install_defaults
from duties.models import Duty
from staff.demo import DEMO_PASSWORD, seed_demo
from staff.models import Person

# Demo data of the floor's other areas, seeded when their module exists.
EXTRA_SEEDERS = ["attendance.demo_floor_extras", "training.demo", "meetings.demo"]


class Command(BaseCommand):
    help = "Create the demo chain (two clubs, every position, teams, logins, three months of records). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when the database already holds people.")
        parser.add_argument("--days", type=int, default=90, help="How many days of history to create (default 90).")

    def handle(self, *args, if_empty=False, days=90, **options):
        if if_empty and Person.objects.exists():
            self.stdout.write("The database already holds people; demo data not loaded.")
            return
        count = seed_demo()
        today = timezone.localdate(timezone=timezone.get_default_timezone())
        records = seed_floor(today=today, days=days)
        from duties.jobs import demo_history
        from staff.models import Club

        for club in Club.objects.order_by("pk"):
            if not Duty.objects.filter(club=club).exists():
                catalogue_install_defaults(club=club)
            demo_history(club=club, today=today, days=days)
        for name in EXTRA_SEEDERS:
            if importlib.util.find_spec(name) is None:
                continue
            module = importlib.import_module(name)
            from staff.models import Club

            for club in Club.objects.order_by("pk"):
                module.seed(club=club, today=today, days=days)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo chain ready: {count} people, {records} new attendance records over {days} days "
                f"(time zone {settings.TIME_ZONE}). Logins use the password {DEMO_PASSWORD!r}."
            )
        )
