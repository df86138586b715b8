from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    name = "attendance"
    verbose_name = _("Attendance")

    def ready(self):
        from . import locks, navigation
        from . import setup

        setup.register()  # the floor's steps of a new club's setup checklist

        navigation.register()  # the floor's parts of the menu, Today, person and notices pages
        locks.register()  # the locked months, and the floor's records that count in a month
