"""What the configurable check lists of a club share: grooming items, hygiene items, quality criteria."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

__all__ = ["ClubCheckItem"]


class ClubCheckItem(models.Model):
    """One point of a club's check list. A default carries a ``key`` whose label is translated
    (``DEFAULTS``); a club's own item carries a ``name``."""

    DEFAULTS = {}

    key = models.SlugField(_("key"), max_length=30, blank=True)
    name = models.CharField(_("name"), max_length=60, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        return self.name or self.DEFAULTS.get(self.key, self.key)

    @classmethod
    def default_fields(cls, key):
        """Extra field values of the default item ``key``."""
        return {}

    @classmethod
    def ensure_defaults(cls, club):
        """Give ``club`` the default items unless it has items already.

        Called when a club is created (``attendance.models.setup``), never while a page is read.
        """
        if cls.objects.filter(club=club).exists():
            return
        items = [cls(club=club, key=key, order=n, **cls.default_fields(key)) for n, key in enumerate(cls.DEFAULTS)]
        bulk_create_with_history(items, cls, default_change_reason="defaults of a new club")
