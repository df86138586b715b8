from django.core.management.base import BaseCommand

from staff.management.options import date_from
from duties.jobs import create_due_checklists


class Command(BaseCommand):
    help = "Create the checklists due today in each club's time zone, or on --date. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="YYYY-MM-DD: create the checklists of the periods containing this date.")

    def handle(self, *args, **options):
        day = date_from(options)
        for club, created in create_due_checklists(day=day).items():
            self.stdout.write(f"{club}: {created} checklists created")
