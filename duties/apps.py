from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutiesConfig(AppConfig):
    name = "duties"
    verbose_name = _("Duties")

    def ready(self):
        from staff import registry

        from .today import today_panel

        registry.add_links(order=100, links=menu_links, menu=_("Duties"))
        from . import setup

        setup.register()  # the catalogue's step of a new club's setup checklist
        registry.add_today_panel(order=30, template="duties/_today.html", context=today_panel)
        from .services import evidence_recorded_on_commit

        registry.add_evidence_handler(evidence_recorded_on_commit)  # plans and documents tick duties through it
        from . import counts

        counts.connect()  # each checklist's counts of its items, kept with every write of an item


def menu_links(person):
    """The Duties drop-down: one's own checklists; reviewing others' for those who lead people; the catalogue for managers."""
    from kernel.urls import reverse

    from staff import access

    from .access import may_review_checklists

    links = [(_("My checklists"), reverse("duties:my_checklists"))]
    if may_review_checklists(person):
        links.append((_("Checklist review"), reverse("duties:review")))
    if access.may_see_club_pages(person):
        links.append((_("Duty catalogue"), reverse("duties:catalogue")))
    return links
