"""Checklists: generating them from the catalogue, ticking, evidence, and the superior's sign-off."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel import bulk
from kernel.periods import period
from staff.models import Club, Person

from . import counts
from .models import CHECKLIST_CADENCES, Checklist, ChecklistItem, Duty, Evidence


def checklists_generate(*, club, day):
    """Make sure every active person of ``club`` with a login has this period's checklists for ``day``.

    Idempotent and safe to run twice at once: the database holds one checklist per person,
    cadence and period, and one item per duty in a checklist; inserts that meet an existing
    row are skipped. Returns the number of checklists created.
    """
    return checklists_generate_many({club: day})[club.pk]


def checklists_generate_many(days):
    """``checklists_generate`` for many clubs at once: ``days`` is {club: its day}; {club id: created}.

    A fixed number of queries however many clubs and people: the catalogue, the people and the
    checklists there are already are read once; only what is missing is written (a second run
    reads and writes nothing else).
    """
    days = {club.pk: day for club, day in days.items()}
    created = dict.fromkeys(days, 0)
    if not days:
        return created
    # Which (club, position, cadence) have duties: their keys only (the duties themselves are read below, and
    # only when a checklist is missing: a second run of the day reads three small queries).
    active = Duty.objects.filter(club_id__in=list(days), is_active=True, current__isnull=False,
                                 current__cadence__in=list(CHECKLIST_CADENCES))
    positions = set(active.values_list("club_id", "position", "current__cadence").distinct())
    if not positions:
        return created
    people = (
        Person.objects.active()
        .filter(club_id__in=list(days), user__isnull=False, user__is_active=True)
        .values_list("pk", "club_id", "position")
    )
    periods = {}  # (club id, cadence) -> (start, end): one per club's day, not one per person
    wanted = {}  # (person id, cadence, period start) -> (club id, period end, position)
    for person_id, club_id, position in people:
        for cadence in CHECKLIST_CADENCES:
            if (club_id, position, cadence) in positions:
                if (club_id, cadence) not in periods:
                    periods[(club_id, cadence)] = period(cadence, days[club_id])
                start, end = periods[(club_id, cadence)]
                wanted[(person_id, cadence, start)] = (club_id, end, position)
    if not wanted:
        return created
    starts = sorted({start for _p, _c, start in wanted})
    in_scope = Checklist.objects.filter(club_id__in=list(days), period_start__in=starts)
    have = set(in_scope.values_list("person_id", "cadence", "period_start"))
    missing = [key for key in wanted if key not in have]
    if not missing:
        return created  # a second run: three reads, nothing written
    by_position = {}  # (club id, position, cadence) -> [duty], in the catalogue's order
    for duty in active.select_related("current").order_by("club_id", "position", "order", "pk"):
        by_position.setdefault((duty.club_id, duty.position, duty.current.cadence), []).append(duty)
    with transaction.atomic():  # a checklist and its items appear together: none is ever left empty
        bulk.bulk_create(Checklist, [
            Checklist(person_id=person_id, club_id=wanted[(person_id, cadence, start)][0], cadence=cadence,
                      period_start=start, period_end=wanted[(person_id, cadence, start)][1])
            for person_id, cadence, start in missing
        ], ignore_conflicts=True)
        # The missing ones now made, without items yet (another run making the same at the same moment waited for
        # this one's rows and skipped them, or made them first and filled them in its own transaction).
        made = (
            in_scope.filter(person_id__in=sorted({person_id for person_id, _c, _s in missing}))
            .exclude(Exists(ChecklistItem.objects.filter(checklist=OuterRef("pk"))))
        )
        items = [
            ChecklistItem(checklist=checklist, duty=duty, duty_version=duty.current, order=duty.order)
            for checklist in made
            if (key := (checklist.person_id, checklist.cadence, checklist.period_start)) in wanted
            for duty in by_position.get((wanted[key][0], wanted[key][2], checklist.cadence), [])
        ]
        if items:
            bulk.bulk_create(ChecklistItem, items, ignore_conflicts=True)
    for key in missing:
        created[wanted[key][0]] += 1
    return created


class ChecklistLocked(Exception):
    pass


@transaction.atomic
def item_tick(*, item, by, state, note=""):
    """Set an item's state; a signed-off checklist no longer changes."""
    item = ChecklistItem.objects.select_for_update().select_related("checklist").get(pk=item.pk)
    if item.checklist.is_signed_off:
        raise ChecklistLocked(_("This checklist has been signed off and can no longer change."))
    item.state = state
    item.note = note
    item.ticked_by = by
    item.ticked_at = timezone.now() if state != ChecklistItem.State.OPEN else None
    if state != ChecklistItem.State.DONE:
        item.evidence_note = ""
    item.save()
    return item


@transaction.atomic
def items_close(*, items, by, state, note):
    """Mark every item of ``items`` still open as not done or not applicable, with ``note``; one history
    entry per item says who closed it and when. Returns how many were closed."""
    now = timezone.now()
    closed = list(items.filter(state=ChecklistItem.State.OPEN).select_for_update())
    with counts.recount_once():  # each item saved for its history; their checklists recounted once
        for item in closed:
            item.state, item.note, item.ticked_by, item.ticked_at, item.evidence_note = state, note, by, now, ""
            item.save(update_fields=["state", "note", "ticked_by", "ticked_at", "evidence_note"])
    return len(closed)


@transaction.atomic
def checklist_sign_off(*, checklist, by, comment):
    """A superior signs ``checklist`` off; four eyes: never the checklist's own person."""
    checklist = Checklist.objects.select_for_update().get(pk=checklist.pk)
    if checklist.person_id == by.pk:
        raise PermissionDenied
    checklist.comment = comment
    checklist.signed_off_by = by
    checklist.signed_off_at = timezone.now()
    checklist.save()
    return checklist


def evidence_recorded(*, person, kind, day, note):
    """A record that proves duty ``kind`` done by ``person`` on ``day`` exists: tick their open items for it.

    Items that someone has already set (done, not done, not applicable) keep what they say.
    """
    return bulk.update(ChecklistItem.objects.filter(
        checklist__person=person,
        checklist__period_start__lte=day,
        checklist__period_end__gte=day,
        checklist__signed_off_at__isnull=True,
        duty_version__evidence=kind,
        state=ChecklistItem.State.OPEN,
    ), state=ChecklistItem.State.DONE, evidence_note=note[:200], ticked_at=timezone.now())


def evidence_recorded_on_commit(*, person, kind, day, note):
    """Tick the items ``evidence_recorded`` would, in a Celery job queued once the save commits.

    The job goes through the outbox, so a save still succeeds at once while the broker is down;
    the items are ticked when the job is sent.
    """
    from outbox.services import enqueue_on_commit

    if kind not in Evidence.values:  # a kind told by another app (staff.registry.record_evidence) that none ticks
        raise ValueError(f"{kind!r} is not a kind of evidence: {Evidence.values}")
    if person is None:  # recorded by the system, not by a person with a checklist
        return
    enqueue_on_commit("duties.tasks.record_evidence", person.pk, str(kind), day.isoformat(), str(note))


def today_by_club():
    """{club id: its local date}: whether a checklist is overdue depends on its own club's date."""
    return {club.pk: timezone.localdate(timezone=club.zone) for club in Club.objects.only("pk", "time_zone")}


def today_for(person):
    zone = person.club.zone if person.club_id else timezone.get_current_timezone()
    return timezone.localdate(timezone=zone)

