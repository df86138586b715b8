"""What the configurable check lists of a club share: grooming items, hygiene items, quality criteria."""

from django.db import models
from django.utils.translation import gettext_lazy as _

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
        """Give ``club`` the default items the first time it needs them."""
        if cls.objects.filter(club=club).exists():
            return
        cls.objects.bulk_create(
            [cls(club=club, key=key, order=n, **cls.default_fields(key)) for n, key in enumerate(cls.DEFAULTS)],
            ignore_conflicts=True,
        )
