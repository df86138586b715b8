"""This module's links in the top navigation: ``(label, url)`` pairs the person may open."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from staff import access
from staff.models import Role


def links_for(person):
    links = [(_("Training calendar"), reverse("training:calendar"))]
    if access.runs_training(person):
        links.append((_("Training plans"), reverse("training:plan_list")))
        links.append((_("Question bank"), reverse("training:question_list")))
    if person.position == Role.OWNER or (person.club_id and access.may_define_levels(person, person.club)):
        links.append((_("Levels"), reverse("training:level_settings")))
    links.append((_("Competitions"), reverse("training:competition_list")))
    if access.may_propose_rewards(person):
        links.append((_("Rewards and penalties"), reverse("training:reward_list")))
    links.append((_("My training record"), reverse("training:person_record", args=[person.pk])))
    return links
