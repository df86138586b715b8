from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "customers"
    verbose_name = _("Customers")

    def ready(self):
        from staff import locks

        from . import navigation
        from .models import Contact

        navigation.register()  # the menu, the Today panel, the summary and monthly report figures
        # What counts in a month (staff.locks): a contact, by its date (follow-ups made are a month's figure).
        locks.counts_in_month(Contact)
