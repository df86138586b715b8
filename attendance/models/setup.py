"""A new club starts with the default grooming items, hygiene items and quality criteria.

They are created when the club is saved for the first time, so that reading a floor page
never writes to the database.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from staff.models import Club

from .daily import GroomingItem
from .hygiene import HygieneItem
from .quality import QualityCriterion

__all__ = ["CHECK_LISTS", "give_club_default_check_lists"]

CHECK_LISTS = (GroomingItem, HygieneItem, QualityCriterion)


def give_club_default_check_lists(club):
    for model in CHECK_LISTS:
        model.ensure_defaults(club)


@receiver(post_save, sender=Club, dispatch_uid="attendance-club-default-check-lists")
def _new_club(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        give_club_default_check_lists(instance)
