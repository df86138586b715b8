from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClubopsConfig(AppConfig):
    name = "clubops"
    verbose_name = _("ClubOps")
