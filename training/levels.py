"""Technicians' levels (初級/中級/高級): promotion, re-certification and expiry.

``level_change`` is the one place that changes ``staff.Person.level``: it saves the person (so
the person's history shows the change, with the reason) and records a ``LevelAward``.

* **Promotion.** A technician reaches the next level up when they have passed every assessment
  the club requires for it (``LevelRequirement``); a level with no requirement is never reached
  this way. After a pass the check repeats, so someone who already meets the next level's
  requirements climbs again. A technician with no level yet counts as junior (初級) unless the
  club requires assessments for junior.
* **Expiry.** An award holds for the club's ``TrainingPolicy.level_valid_months`` (0: for ever).
  From ``RECERTIFY_DAYS`` before it expires, re-certification is due: the technician may retake
  the level's assessments they passed before, and passing all of them again (within that
  window) renews the level. An expired level is shown as expired; it is not taken away.
"""

import calendar
import datetime

from django.db import transaction
from django.utils.translation import gettext_noop

from staff.models import Person, Role

from .models import LEVEL_ORDER, Attempt, LevelAward, LevelRequirement, TrainingPolicy

RECERTIFY_DAYS = 30


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def expiry_for(club, granted_on):
    months = TrainingPolicy.for_club(club).level_valid_months
    return add_months(granted_on, months) if months else None


def next_level(level):
    if not level:
        return LEVEL_ORDER[0]
    index = LEVEL_ORDER.index(level)
    return LEVEL_ORDER[index + 1] if index + 1 < len(LEVEL_ORDER) else None


@transaction.atomic
def level_change(*, person, level, kind, by, on, reason=""):
    """Give ``person`` ``level`` from ``on``: update their record (history kept) and keep the award."""
    given = person
    person = Person.objects.select_for_update(of=("self",)).select_related("club").get(pk=given.pk)
    previous = person.level
    if previous != level:
        person.level = level
        person._change_reason = reason[:100] or REASONS[kind]
        person.save(update_fields=["level"])
    given.level = level
    return LevelAward.objects.create(
        person=person, club=person.club, level=level, previous_level=previous, kind=kind, granted_on=on,
        expires_on=expiry_for(person.club, on), reason=reason[:300], granted_by=by,
    )


def current_award(person):
    """The award behind the person's present level (the latest one for it), or None."""
    if not person.level:
        return None
    return LevelAward.objects.filter(person=person, level=person.level).order_by("-granted_on", "-pk").first()


def recertification_window(award):
    """The first day re-certification of ``award`` is due, or None when it never expires."""
    if award is None or award.expires_on is None:
        return None
    return award.expires_on - datetime.timedelta(days=RECERTIFY_DAYS)


def recertification_due(person, assessment, today):
    """Whether ``person`` may retake ``assessment`` they passed: it is required for their level and due."""
    award = current_award(person)
    window = recertification_window(award)
    if window is None or today < window:
        return False
    return LevelRequirement.objects.filter(level=person.level, assessment=assessment).exists()


def _passed(person, assessment_ids, since=None):
    attempts = Attempt.objects.filter(person=person, assessment_id__in=assessment_ids, passed=True)
    if since is not None:
        attempts = attempts.filter(finished_on__gte=since)
    return set(attempts.values_list("assessment_id", flat=True))


def _required(person, level):
    return set(LevelRequirement.objects.filter(club_id=person.club_id, level=level).values_list("assessment_id", flat=True))


def after_result(*, person, on, by):
    """After ``person`` passed something: promote them, or renew their level, as far as the rules say.

    Returns the awards made.
    """
    person = Person.objects.select_related("club").get(pk=person.pk)
    if person.position != Role.TECHNICIAN or not person.club_id:
        return []
    awards = []
    window = recertification_window(current_award(person))
    if window is not None and on >= window:
        required = _required(person, person.level)
        if required and _passed(person, required, since=window) == required:
            awards.append(level_change(person=person, level=person.level, kind=LevelAward.Kind.RENEWAL, by=by, on=on,
                                       reason=_reason("renewal", person.level)))
    current = person.level
    if not current and not _required(person, LEVEL_ORDER[0]):
        current = LEVEL_ORDER[0]  # the entry level needs no assessment unless the club asks for one
    target = next_level(current)
    while target:
        required = _required(person, target)
        if not required or _passed(person, required) != required:
            break
        awards.append(level_change(person=person, level=target, kind=LevelAward.Kind.PROMOTION, by=by, on=on,
                                   reason=_reason("promotion", target)))
        person.level = target
        target = next_level(target)
    return awards


# Why the system changed a level, stored as the message id (the history shows the level's old
# and new value beside it) and read in each reader's language (``staff.history``).
REASONS = {
    "promotion": gettext_noop("Passed the level's assessments"),
    "renewal": gettext_noop("Re-certified"),
    "manual": gettext_noop("Set by hand"),
}


def _reason(kind, level):
    return REASONS[kind]


def expiring(*, club_ids, today, within_days=RECERTIFY_DAYS):
    """The latest award of each active technician whose level expires by ``today + within_days`` (or has expired)."""
    horizon = today + datetime.timedelta(days=within_days)
    awards = (
        LevelAward.objects.filter(
            person__status=Person.Status.ACTIVE, person__position=Role.TECHNICIAN, expires_on__lte=horizon,
        )
        .select_related("person", "person__team")
        .order_by("person_id", "-granted_on", "-pk")
    )
    if club_ids is not None:
        awards = awards.filter(club_id__in=club_ids)
    latest = {}
    for award in awards:
        if award.person_id not in latest and award.level == award.person.level:
            latest[award.person_id] = award
    # An award that a later one of the same level replaced is not the person's current award.
    renewed = set(
        LevelAward.objects.filter(person_id__in=latest, expires_on__gt=horizon).values_list("person_id", "level")
    )
    renewed |= set(
        LevelAward.objects.filter(person_id__in=latest, expires_on__isnull=True).values_list("person_id", "level")
    )
    return sorted(
        (a for a in latest.values() if (a.person_id, a.level) not in renewed), key=lambda a: (a.expires_on, a.person.name)
    )
