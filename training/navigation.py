"""Training's parts of the kernel's pages (``staff.registry``), registered by ``TrainingConfig.ready()``:
the Training drop-down (only pages the person may open) and the person page's training record."""

from django.utils.translation import gettext_lazy as _

from kernel.urls import reverse
from staff import registry
from staff.access import sees_every_club

from . import access


def register():
    registry.add_links(order=300, links=links_for, menu=_("Training"))
    registry.add_person_section(order=30, template="training/_person_training.html", context=person_training)


def links_for(person):
    links = [(_("Training calendar"), reverse("training:calendar"))]
    if access.runs_training(person):
        links.append((_("Training plans"), reverse("training:plan_list")))
        links.append((_("Question bank"), reverse("training:question_list")))
    if sees_every_club(person) or (person.club_id and access.may_define_levels(person, person.club)):
        links.append((_("Levels"), reverse("training:level_settings")))
    links.append((_("Competitions"), reverse("training:competition_list")))
    if access.may_propose_rewards(person):
        links.append((_("Rewards and penalties"), reverse("training:reward_list")))
    links.append((_("My training record"), reverse("training:person_record", args=[person.pk])))
    return links


def person_training(viewer, person):
    from .selectors import person_summary

    summary = person_summary(person)
    return {"training": summary} if summary else None
