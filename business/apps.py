from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BusinessConfig(AppConfig):
    name = "business"
    verbose_name = _("Business figures")

    def ready(self):
        from staff import locks

        from . import navigation
        from .models import ClubDay, TechnicianDay

        navigation.register()  # the Business figures drop-down
        # What counts in a month (staff.locks): a club's day and a technician's day, by their date.
        locks.counts_in_month(ClubDay)
        locks.counts_in_month(TechnicianDay)
