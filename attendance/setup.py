"""The floor's steps of a new club's setup checklist (``staff.registry.add_setup_step``): shifts,
holidays, grooming and hygiene. Registered by ``AttendanceConfig.ready()``.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kernel.clock import club_today
from staff import registry


def register():
    registry.add_setup_step(order=50, label=_("Shifts"), done=has_shifts, url=club_page("attendance:shift_list"))
    registry.add_setup_step(order=60, label=_("Holidays"), done=has_holidays, url=club_page("attendance:holiday_list"))
    registry.add_setup_step(order=70, label=_("Grooming and hygiene items"), done=has_check_lists,
                            url=club_page("attendance:check_items"))


def club_page(name):
    def url(club):
        return f"{reverse(name)}?club={club.pk}"

    return url


def has_shifts(club):
    return club.shifts.filter(is_active=True).exists()


def has_holidays(club):
    """This year's public holidays (or later ones) are in the club's calendar."""
    return club.holidays.filter(date__year__gte=club_today(club).year).exists()


def has_check_lists(club):
    """Grooming items to check people against, and areas whose hygiene is checked."""
    return club.grooming_items.filter(is_active=True).exists() and club.areas.filter(is_active=True).exists()
