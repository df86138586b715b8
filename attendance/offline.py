"""Late arrivals from the floor pages that work offline: idempotency keys, versions, conflicts.

The pages: the team screen (``views.team``), the area hygiene check (``views.hygiene``) and the consumables
hand-out (``views.consumables``). A phone keeps their entries while it has no signal and sends them later
(static/js/offline_form.js). What arrives late passes the same rules as what arrives at once (access, the
month lock, the form's bounds, in the views); this module adds what only late arrivals need:

- the *version* of a row as the screen showed it (``version`` for a person-day, ``area_version`` for an
  area's day), carried by the form, so that a change someone else made meanwhile is seen
  (``is_conflict``) and never overwritten unseen;
- the submission's idempotency key (``key_from``, ``answered_before``, ``save_once``): a repeat gets
  the first answer and saves nothing twice;
- the answer in JSON, naming the rows taken and, for each row not taken, both values.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import locks
from .forms.daily import PRESENCE_CHOICES
from .models import LeaveType, TeamSubmission


def refused(request, status, answer, message=None):
    """A refused submission: JSON for the phone's late sending, else a message on the page (None: show it)."""
    if wants_json(request):
        return JsonResponse(answer, status=status)
    if message:
        messages.error(request, message)
    return None


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def version(row):
    """The person-day as the screen shows it: when its attendance was last saved, and its grooming rounds."""
    saved = row.attendance.recorded_at.isoformat() if row.attendance is not None else "-"
    return f"{saved}/{row.grooming_rounds}"


def key_from(request):
    """The submission's idempotency key (a UUID), None without one; a malformed key is None too."""
    raw = request.POST.get("idempotency_key", "").strip()
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


def answered_before(key, viewer):
    """The answer a submission with ``key`` already got from ``viewer``, or None."""
    if key is None:
        return None
    done = TeamSubmission.objects.filter(key=key, sent_by=viewer).first()
    return dict(done.answer, repeat=True) if done is not None else None


def keep_answer(*, key, club, day, viewer, answer, kind=TeamSubmission.Kind.TEAM):
    if key is not None:
        TeamSubmission.objects.create(key=key, kind=kind, club=club, date=day, sent_by=viewer, answer=answer)


def save_once(request, viewer, *, kind, club, day, reason, save):
    """Run ``save()`` (which returns the answer) and keep the answer under the submission's key, in one
    transaction. The same submission arriving twice at once: the second finds the key taken when it keeps
    its answer, is undone, and gets the first one's answer; a key of someone else's is refused."""
    key = key_from(request)
    try:
        with transaction.atomic():
            answer = save()
            with locks.changing(viewer, reason):  # in a locked month, kept with the same clearance as the records
                keep_answer(key=key, club=club, day=day, viewer=viewer, answer=answer, kind=kind)
    except IntegrityError:
        if (before := answered_before(key, viewer)) is not None:
            return before
        raise PermissionDenied from None
    return answer


def _person_id(row):
    return row.person.pk


def rows_posted(request, rows, ident=_person_id):
    """The rows the submission carries: those named in ``rows`` (a resubmission of a few), else all."""
    raw = request.POST.get("rows", "").strip()
    if not raw:
        return rows
    wanted = {int(part) for part in raw.split(",") if part.strip().isdecimal()}
    return [row for row in rows if ident(row) in wanted]


def is_conflict(request, row, current=None):
    """Someone changed this row (a person-day, an area's day) since the screen was loaded, and this submission
    says otherwise. ``current`` is the row's version now (a person-day's by default)."""
    base = request.POST.get(f"{row.form.prefix}-base")
    now = current if current is not None else version(row)
    return base is not None and base != now and row.form.has_changed()


def _time(value):
    return value.strftime("%H:%M") if value else ""


def _describe(*, presence, arrived, left, leave_type, failed, note, status=""):
    """One line a supervisor reads: attendance (the saved status when there is one), times, leave kind,
    failed grooming items, note."""
    parts = [status or str(dict(PRESENCE_CHOICES).get(presence, presence or "—"))]
    if arrived or left:
        parts.append(f"{_time(arrived)}–{_time(left)}")
    if presence == "leave" and leave_type:
        parts.append(str(dict(LeaveType.choices).get(leave_type, leave_type)))
    if failed:
        parts.append(_("grooming failed: %(items)s") % {"items": ", ".join(str(item.label) for item in failed)})
    if note:
        parts.append(note)
    return " · ".join(parts)


def theirs(row, items, zone):
    """What the server holds for the row's person-day, in the words of ``_describe``."""
    saved = row.attendance
    if saved is None and row.grooming is None:
        return _("nothing recorded")
    form = row.form
    initial = {name: form.get_initial_for_field(field, name) for name, field in form.fields.items()}
    failed = [item for item in form.items if item.pk in row.failed_item_ids]
    text = _describe(
        presence=initial.get("presence"), arrived=initial.get("arrived"), left=initial.get("left"),
        leave_type=initial.get("leave_type"), failed=failed, note=initial.get("note") or "",
        status=str(saved.get_status_display()) if saved is not None else "",
    )
    if saved is not None and saved.recorded_by_id:
        text += " " + _("(by %(name)s at %(time)s)") % {
            "name": saved.recorded_by.name,
            "time": timezone.localtime(saved.recorded_at, timezone=zone).strftime("%H:%M"),
        }
    return text


def mine(row):
    """What the submission says for the row, in the words of ``_describe``."""
    form = row.form
    data = form.cleaned_data if form.is_valid() else {}
    if not data:
        return _("entries that do not pass the checks")
    return _describe(
        presence=data.get("presence"), arrived=data.get("arrived"), left=data.get("left"),
        leave_type=data.get("leave_type"), failed=data.get("failed_items", []), note=data.get("note", ""),
    )


def row_answer(row, items, zone):
    return {
        "person": row.person.pk, "row": row.person.pk, "prefix": row.form.prefix, "name": row.person.name,
        "version": version(row), "mine": mine(row), "theirs": theirs(row, items, zone),
    }


def form_messages(form):
    """A form's errors as lines a person reads: "label: message"."""
    return [f"{form[name].label if name in form.fields else ''}: {message}".lstrip(": ")
            for name, messages in form.errors.items() for message in messages]


def errors_answer(rows, ident=_person_id, name=lambda row: row.person.name):
    """{row id: {"name", "messages"}} of the rows the form refused."""
    return {
        str(ident(row)): {"name": name(row), "messages": form_messages(row.form)}
        for row in rows if row.form.errors
    }


# --- The area hygiene check ---------------------------------------------------------------------------


def area_id(row):
    return row.area.pk


def area_version(row):
    """An area's day as the screen shows it: when its check was last saved."""
    return row.check.checked_at.isoformat() if row.check is not None else "-"


def _describe_area(*, skipped, failed, note):
    if skipped:
        return str(_("not checked"))
    if not failed:
        return str(_("passed"))
    parts = [str(_("failed")), ", ".join(str(item.label) for item in failed)]
    if note:
        parts.append(note)
    return " · ".join(parts)


def area_answer(row, zone):
    """Both values of an area's day not taken: what the server holds, and what the submission says."""
    check = row.check
    if check is None:
        held = str(_("not checked"))
    else:
        failed = [item for item in row.form.items if item.pk in row.failed_item_ids]
        held = _describe_area(skipped=False, failed=failed, note=check.note)
        if check.checked_by_id:
            held += " " + _("(by %(name)s at %(time)s)") % {
                "name": check.checked_by.name,
                "time": timezone.localtime(check.checked_at, timezone=zone).strftime("%H:%M"),
            }
    data = row.form.cleaned_data if row.form.is_valid() else None
    said = (_describe_area(skipped=data.get("skip"), failed=data.get("failed_items", []), note=data.get("note", ""))
            if data is not None else str(_("entries that do not pass the checks")))
    return {"row": row.area.pk, "prefix": row.form.prefix, "name": row.area.name, "version": area_version(row),
            "mine": said, "theirs": held}
