from django.core.management.base import BaseCommand

from staff.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Create the demo chain (two clubs, every position, teams and logins). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database already holds people."
        )

    def handle(self, *args, if_empty=False, **options):
        from staff.models import Person

        if if_empty and Person.objects.exists():
            self.stdout.write("The database already holds people; demo data not loaded.")
            return
        count = seed_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo chain ready: {count} people. Logins use the password {DEMO_PASSWORD!r}."))
