"""The team screen's late arrivals: idempotency keys, the version of a person-day, conflicts.

A phone keeps the team's entries while it has no signal and sends them later (static/js/team_offline.js).
What arrives late passes the same rules as what arrives at once (access, the month lock, the form's
bounds, in ``views.team``); this module adds what only late arrivals need:

- the *version* of a person-day as the screen showed it (``version``), carried by the form, so that a
  change someone else made meanwhile is seen (``conflicts``) and never overwritten unseen;
- the submission's idempotency key (``key_from``, ``answered_before``, ``keep_answer``): a repeat gets
  the first answer and saves nothing twice;
- the answer in JSON, naming the rows taken and, for each row not taken, both values.
"""

import uuid

from django.utils import timezone
from django.utils.translation import gettext as _

from .forms.daily import PRESENCE_CHOICES
from .models import LeaveType, TeamSubmission


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


def keep_answer(*, key, club, day, viewer, answer):
    if key is not None:
        TeamSubmission.objects.create(key=key, club=club, date=day, sent_by=viewer, answer=answer)


def rows_posted(request, rows):
    """The rows the submission carries: those named in ``rows`` (a resubmission of a few), else all."""
    raw = request.POST.get("rows", "").strip()
    if not raw:
        return rows
    wanted = {int(part) for part in raw.split(",") if part.strip().isdecimal()}
    return [row for row in rows if row.person.pk in wanted]


def is_conflict(request, row):
    """Someone changed this person-day since the screen was loaded, and this submission says otherwise."""
    base = request.POST.get(f"p{row.person.pk}-base")
    return base is not None and base != version(row) and row.form.has_changed()


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
        "person": row.person.pk, "name": row.person.name, "version": version(row),
        "mine": mine(row), "theirs": theirs(row, items, zone),
    }


def errors_answer(rows):
    """{person id: {"name", "messages"}} of the rows the form refused."""
    return {
        str(row.person.pk): {
            "name": row.person.name,
            "messages": [f"{row.form[name].label if name in row.form.fields else ''}: {message}".lstrip(": ")
                         for name, messages in row.form.errors.items() for message in messages],
        }
        for row in rows if row.form.errors
    }
