"""The twin of ``meetings.tasks.remind_overdue_action_items``. Safe to run twice a day."""

from django.core.management.base import BaseCommand

from staff.management.options import add_club_argument, add_date_argument, clubs_from, date_from
from meetings.jobs import remind_overdue_action_items


class Command(BaseCommand):
    help = "Tell each owner of overdue action items, once a day (from 09:00 club time unless --date is given)."

    def add_arguments(self, parser):
        add_club_argument(parser)
        add_date_argument(parser, "YYYY-MM-DD: the day to remind for, whatever the clock says.")

    def handle(self, *args, **options):
        sent = remind_overdue_action_items(day=date_from(options), clubs=clubs_from(options))
        self.stdout.write(f"{sent} overdue reminders sent")
