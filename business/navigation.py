"""Business figures' parts of the kernel's pages (``staff.registry``), registered by ``BusinessConfig.ready()``."""

from django.utils.translation import gettext_lazy as _

from kernel.urls import reverse
from staff import registry

from . import access


def register():
    registry.add_links(order=550, links=links_for, menu=_("Business figures"))


def links_for(person):
    if not access.keeps_any_figures(person):
        return []
    return [
        (_("Month's figures"), reverse("business:figures")),
        (_("Enter a day's figures"), reverse("business:day")),
        (_("Import figures"), reverse("business:import")),
        (_("Import tokens"), reverse("business:tokens")),
    ]
