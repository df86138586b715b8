"""Checklists: generating them from the catalogue, ticking, evidence, and the superior's sign-off."""

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from staff.models import Person

from .models import CHECKLIST_CADENCES, Checklist, ChecklistItem, Duty
from .periods import period


def checklists_generate(*, club, day):
    """Make sure every active person of ``club`` with a login has this period's checklists for ``day``.

    Idempotent and safe to run twice at once: the database holds one checklist per person,
    cadence and period, and one item per duty in a checklist; inserts that meet an existing
    row are skipped. Returns the number of checklists created.
    """
    duties = list(
        Duty.objects.filter(club=club, is_active=True, current__isnull=False).select_related("current")
    )
    by_position = {}
    for duty in duties:
        if duty.current.cadence in CHECKLIST_CADENCES:
            by_position.setdefault((duty.position, duty.current.cadence), []).append(duty)
    people = Person.objects.active().filter(club=club, user__isnull=False, user__is_active=True).only("pk", "position")
    wanted = []
    for person in people:
        for cadence in CHECKLIST_CADENCES:
            if (person.position, cadence) in by_position:
                start, end = period(cadence, day)
                wanted.append(Checklist(person=person, club=club, cadence=cadence, period_start=start, period_end=end))
    if not wanted:
        return 0
    starts = {c.period_start for c in wanted}
    before = Checklist.objects.filter(club=club, period_start__in=starts).count()
    with transaction.atomic():
        Checklist.objects.bulk_create(wanted, ignore_conflicts=True)
    empty = (
        Checklist.objects.filter(club=club, period_start__in=starts, person__in={c.person_id for c in wanted})
        .annotate(n=Count("items"))
        .filter(n=0)
        .select_related("person")
    )
    items = [
        ChecklistItem(checklist=checklist, duty=duty, duty_version=duty.current, order=duty.order)
        for checklist in empty
        if checklist.period_start == period(checklist.cadence, day)[0]
        for duty in by_position.get((checklist.person.position, checklist.cadence), [])
    ]
    with transaction.atomic():
        ChecklistItem.objects.bulk_create(items, ignore_conflicts=True)
    return Checklist.objects.filter(club=club, period_start__in=starts).count() - before


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
def checklist_sign_off(*, checklist, by, comment):
    checklist = Checklist.objects.select_for_update().get(pk=checklist.pk)
    checklist.comment = comment
    checklist.signed_off_by = by
    checklist.signed_off_at = timezone.now()
    checklist.save()
    return checklist


def evidence_recorded(*, person, kind, day, note):
    """A record that proves duty ``kind`` done by ``person`` on ``day`` exists: tick their open items for it.

    Items that someone has already set (done, not done, not applicable) keep what they say.
    """
    return ChecklistItem.objects.filter(
        checklist__person=person,
        checklist__period_start__lte=day,
        checklist__period_end__gte=day,
        checklist__signed_off_at__isnull=True,
        duty_version__evidence=kind,
        state=ChecklistItem.State.OPEN,
    ).update(state=ChecklistItem.State.DONE, evidence_note=note[:200], ticked_at=timezone.now())


def evidence_recorded_on_commit(*, person, kind, day, note):
    """Tick the items ``evidence_recorded`` would, in a Celery job queued once the save commits.

    The job goes through the outbox, so a save still succeeds at once while the broker is down;
    the items are ticked when the job is sent.
    """
    from outbox.services import enqueue_on_commit

    if person is None:  # recorded by the system, not by a person with a checklist
        return
    enqueue_on_commit("duties.tasks.record_evidence", person.pk, str(kind), day.isoformat(), str(note))


def overdue_filter(today):
    """A Q over ChecklistItem for items still open after their period ended."""
    return Q(state=ChecklistItem.State.OPEN, checklist__period_end__lt=today)


def today_for(person):
    zone = person.club.zone if person.club_id else timezone.get_current_timezone()
    return timezone.localdate(timezone=zone)

