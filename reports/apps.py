from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from staff import registry

        registry.add_links(order=600, links=menu_links)
        registry.add_person_section(order=20, template="reports/_person_scorecard.html", context=person_scorecard)
        registry.add_today_panel(order=60, template="reports/_today_club.html", context=today_club)
        registry.add_today_panel(order=61, template="reports/_today_chain.html", context=today_chain)

        from . import feeds

        feeds.connect()


def menu_links(person):
    """The owner's monthly report, for those who may read it."""
    from kernel.urls import reverse

    from .access import may_read_reports

    return [(_("Monthly report"), reverse("reports:index"))] if may_read_reports(person) else []


def person_scorecard(viewer, person):
    """The link to a club member's scorecard on their person page."""
    return {"show_scorecard": True} if person.club_id else None


def today_club(viewer):
    from .today import club_panel

    return club_panel(viewer)


def today_chain(viewer):
    from .today import chain_panel

    return chain_panel(viewer)
