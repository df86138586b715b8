from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")

    def ready(self):
        from staff import locks

        from . import navigation
        from .models import Attempt, RewardPenalty, SessionAttendance

        from staff import registry

        from .today import today_panel

        navigation.register()  # training's parts of the menu and the person page
        registry.add_today_panel(order=40, template="training/_today.html", context=today_panel)
        # What counts in a month (staff.locks): rewards and penalties by their date, a result by its
        # day, attendance at a session by the session's day.
        locks.counts_in_month(RewardPenalty)
        locks.counts_in_month(Attempt, club="assessment.club_id", day="finished_on")
        locks.counts_in_month(SessionAttendance, club="session.club_id", day="session.date")
