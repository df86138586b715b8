"""Plans, sessions and attendance, materials, the question bank, rewards and penalties."""

import os

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel import bulk
from staff import locks as month_lock

from .models import Choice, Question, RewardPenalty, SessionAttendance, SessionMaterial, TrainingSession

ATTENDED = (SessionAttendance.Status.PRESENT, SessionAttendance.Status.LATE)


class TrainingRefused(Exception):
    """A change the rules do not allow; the message says why."""


# --- Sessions -----------------------------------------------------------------------------------------


@transaction.atomic
def session_save(*, plan, expected, session=None, **fields):
    """Schedule a session of ``plan`` (or change ``session``) with the people ``expected`` at it.

    People no longer expected lose their row unless their attendance was already taken.
    """
    if session is None:
        session = TrainingSession(plan=plan, club_id=plan.club_id)
    for name, value in fields.items():
        setattr(session, name, value)
    session.save()
    wanted = {p.pk for p in expected}
    rows = {row.person_id: row for row in session.attendance.all()}
    bulk.bulk_create(SessionAttendance, [SessionAttendance(session=session, person_id=pk) for pk in wanted - set(rows)])
    for person_id, row in rows.items():
        if person_id not in wanted and row.status == SessionAttendance.Status.EXPECTED:
            row.delete()
    return session


@month_lock.changed_by()
@transaction.atomic
def attendance_take(*, session, marks, by, reason=""):
    """Record who came (``marks``: {attendance id: (status, note)}) in one go; the session counts as held."""
    session = TrainingSession.objects.select_for_update().select_related("club").get(pk=session.pk)
    if session.status == TrainingSession.Status.CANCELLED:
        raise TrainingRefused(_("This session was cancelled; there is no attendance to take."))
    if session.date > timezone.localdate(timezone=session.club.zone):
        raise TrainingRefused(_("This session has not taken place yet; take attendance on the day or later."))
    if problem := month_lock.lock_error(by, session.club_id, session.date, reason):
        raise TrainingRefused(problem)
    rows = list(session.attendance.filter(pk__in=marks))
    for row in rows:
        row.status, row.note = marks[row.pk]
        row.save(update_fields=["status", "note"])
    session.status = TrainingSession.Status.HELD
    session.attendance_taken_by = by
    session.attendance_taken_at = timezone.now()
    session.save(update_fields=["status", "attendance_taken_by", "attendance_taken_at"])
    return len(rows)


@transaction.atomic
def session_cancel(*, session):
    if session.status == TrainingSession.Status.HELD:
        raise TrainingRefused(_("This session was held; it can no longer be cancelled."))
    session.status = TrainingSession.Status.CANCELLED
    session.save(update_fields=["status"])
    return session


def material_add(*, session, upload, content_type, by, name=""):
    """Keep an uploaded file (already checked by ``forms.MaterialForm``) with the session.

    ``name`` is what people see and download it as; it keeps the file's extension.
    """
    extension = os.path.splitext(upload.name)[1].lower()
    if name and not name.lower().endswith(extension):
        name = f"{name[:200 - len(extension)]}{extension}"
    return SessionMaterial.objects.create(
        session=session, file=upload, name=(name or upload.name)[:200], content_type=content_type,
        size=upload.size, uploaded_by=by,
    )


def material_delete(*, material):
    material.file.delete(save=False)
    material.delete()


# --- The question bank ----------------------------------------------------------------------------------


@transaction.atomic
def question_save(*, club, by, choices, question=None, **fields):
    """Add or change a question; ``choices`` are (text, correct) rows for single and multiple choice."""
    if question is None:
        question = Question(club=club, created_by=by)
    for name, value in fields.items():
        setattr(question, name, value)
    if question.kind != Question.Kind.TRUE_FALSE:
        question.answer_true = None
    question.save()
    question.choices.all().delete()
    if question.has_choices:
        bulk.bulk_create(Choice, [
            Choice(question=question, text=text, is_correct=correct, order=n) for n, (text, correct) in enumerate(choices)
        ])
    return question


# --- Rewards and penalties -------------------------------------------------------------------------------


def reward_propose(*, person, by, reason_for_lock="", **fields):
    """Propose a reward or penalty; one dated in a locked month needs the store manager and ``reason_for_lock``."""
    with month_lock.changing(by, reason_for_lock):
        return RewardPenalty.objects.create(club_id=person.club_id, person=person, proposed_by=by, **fields)


@month_lock.changed_by()
@transaction.atomic
def reward_decide(*, record, by, approve, note="", reason=""):
    """The store manager approves or rejects a proposal, once."""
    record = RewardPenalty.objects.select_for_update().get(pk=record.pk)
    if record.person_id == by.pk:
        raise TrainingRefused(_("Nobody decides a reward or penalty about themselves."))
    if record.status != RewardPenalty.Status.PROPOSED:
        raise TrainingRefused(_("This record was already decided."))
    record.status = RewardPenalty.Status.APPROVED if approve else RewardPenalty.Status.REJECTED
    record.decided_by = by
    record.decided_at = timezone.now()
    record.decision_note = note.strip()[:300]
    record.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    return record
