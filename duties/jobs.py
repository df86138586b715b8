"""The checklist tick: every club gets the checklists due on its own local date."""

import datetime
import random

from django.utils import timezone

from kernel import bulk
from staff.models import Club

from .catalogue import catalogue_install_defaults
from .models import ChecklistItem, Duty
from .services import checklists_generate, checklists_generate_many


def create_due_checklists(*, day=None, now=None):
    """For every open club: the default catalogue if it has none, then the checklists due on its date.

    ``day`` forces a date (the command's ``--date``); otherwise each club's own local date at
    ``now``. Returns ``{club code: checklists created}``.
    """
    now = now or timezone.now()
    clubs = list(Club.objects.filter(is_active=True))
    with_catalogue = set(Duty.objects.filter(club__in=clubs).values_list("club_id", flat=True).distinct())
    for club in clubs:
        if club.pk not in with_catalogue:
            catalogue_install_defaults(club=club)
    created = checklists_generate_many({club: day or timezone.localdate(now, timezone=club.zone) for club in clubs})
    return {club.code: created[club.pk] for club in clubs}


def demo_history(*, club, today, days):
    """Checklists for the last ``days`` days with a realistic mix of done, skipped and overdue items."""
    rng = random.Random(f"duties-{club.code}")
    for n in range(days, -1, -1):
        checklists_generate(club=club, day=today - datetime.timedelta(days=n))
    past = ChecklistItem.objects.filter(
        checklist__club=club, state=ChecklistItem.State.OPEN, checklist__period_end__lt=today
    ).select_related("checklist")
    updates = []
    for item in past:
        roll = rng.random()
        if roll < 0.82:
            item.state, item.ticked_by_id = ChecklistItem.State.DONE, item.checklist.person_id
        elif roll < 0.9:
            item.state, item.note = ChecklistItem.State.NOT_DONE, rng.choice(["客流太多，未来得及", "人手不足", "改到明天"])
            item.ticked_by_id = item.checklist.person_id
        elif roll < 0.93:
            item.state, item.note = ChecklistItem.State.NOT_APPLICABLE, "本期不适用"
            item.ticked_by_id = item.checklist.person_id
        else:
            continue  # left open: overdue
        item.ticked_at = datetime.datetime.combine(item.checklist.period_end, datetime.time(20), tzinfo=club.zone)
        updates.append(item)
    bulk.bulk_update(ChecklistItem, updates, ["state", "note", "ticked_by", "ticked_at"], batch_size=500)
    return len(updates)


