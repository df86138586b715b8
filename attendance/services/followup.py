"""Recording an attendance talk (technical manager duty 8)."""

from django.db import IntegrityError, transaction

from staff import locks as month_lock

from ..models import AttendanceTalk

TALK_FIELDS = ("held_on", "cause", "help_agreed", "follow_up_on")


class TalkConflict(Exception):
    """Someone else recorded a talk about the same person and month a moment ago."""


@month_lock.changed_by()
@transaction.atomic
def talk_record(*, person, month, data, by, reason=""):
    """Record (or update) the talk with ``person`` about ``month``; the history keeps earlier wording."""
    talk = AttendanceTalk.objects.select_for_update().filter(person=person, month=month).first()
    if talk is None:
        talk = AttendanceTalk(person=person, club=person.club, month=month)
    elif all(getattr(talk, name) == data[name] for name in TALK_FIELDS):
        return talk  # the same words again: nothing to keep twice
    for name in TALK_FIELDS:
        setattr(talk, name, data[name])
    talk.held_by = by
    talk._change_reason = reason
    try:
        with transaction.atomic():
            talk.save()
    except IntegrityError:
        raise TalkConflict from None
    return talk
