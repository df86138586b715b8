"""The duty catalogue's step of a new club's setup checklist (``staff.registry.add_setup_step``).
Registered by ``DutiesConfig.ready()``.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from staff import registry


def register():
    registry.add_setup_step(order=80, label=_("Duty catalogue"), done=has_duties, url=catalogue_url)


def has_duties(club):
    return club.duties.filter(is_active=True).exists()


def catalogue_url(club):
    return f"{reverse('duties:catalogue')}?club={club.pk}"
