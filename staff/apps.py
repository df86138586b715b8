from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "staff"
    verbose_name = _("Staff")

    def ready(self):
        # The kernel's own menu links, in the order numbers listed in ``registry``.
        from . import context_processors as menu
        from . import registry, setup

        registry.add_links(order=0, links=menu.today_link)
        registry.add_links(order=500, links=menu.club_links, menu=menu.CLUB_MENU)
        registry.add_links(order=700, links=menu.own_links)
        setup.register()  # the setup checklist's first steps (club, departments, teams, people) and its menu link
