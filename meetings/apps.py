from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from staff import locks

        from . import navigation
        from .models import Attendee

        from staff import registry

        from .today import today_panel

        navigation.register()  # the Meetings drop-down of the menu
        registry.add_today_panel(order=50, template="meetings/_today.html", context=today_panel)
        # Attendance counts in the month of the meeting's day in its club (staff.locks).
        locks.counts_in_month(Attendee, club="meeting.club_id", day="meeting.local_date")
