"""One person's card on the team screen, drawn without the template engine.

The team screen is the page a supervisor opens most, with ten to thirty cards of ~20 inputs each.
Drawn through a template, each card took ~1.4 ms (the template engine resolving ~150 variables and
tags a card); written here directly it takes ~0.25 ms. The page around the cards stays in
``templates/attendance/team_day.html``, which writes ``{{ row.card }}`` for each person.

Everything a person reads goes through gettext, as in a template, and every value through
``escape``. ``attendance/tests/test_team_card.py`` checks the card as a person sees it (the saved
status, the folded leave, the errors, the disabled inputs of a day to come).
"""

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kernel.widgets import esc
from staff.templatetags.record_history import history_link

from .. import offline
from ..models import Status

_BADGE = {Status.PRESENT: "success", Status.ABSENT: "danger", Status.NOT_RECORDED: "danger"}


def card(row, *, may_edit, request):
    """The card of ``row`` (a ``selectors.daily.Row`` with its ``form``) as safe HTML."""
    form, person = row.form, row.person
    errors = form.errors
    folds = form.folds()
    presence = form["presence"]
    disabled = "" if may_edit else " disabled"
    out = [
        '<div class="card mb-1 team-row', " border-danger has-errors" if errors else "", " folded" if folds else "",
        f'" id="row-{person.pk}" data-person="{person.pk}">',
        # The person-day as loaded: a change someone else makes meanwhile is shown, never overwritten unseen.
        f'<input type="hidden" name="{esc(form.prefix)}-base" value="{esc(offline.version(row))}">',
        '<div class="card-body px-2 py-1"><div class="row-head d-flex align-items-center gap-2">',
        '<div class="row-toggle flex-grow-1"><div class="text-truncate"><strong>', esc(person.name),
        '</strong><span class="fold-mark" aria-hidden="true"></span>',
    ]
    saved = row.attendance
    if saved is not None:
        late = f" {saved.late_minutes}′" if saved.late_minutes else ""
        out += [' <span class="badge text-bg-', _BADGE.get(saved.status, "warning"), '" data-testid="saved-status">',
                esc(saved.get_status_display()), late, "</span>"]
    kind = form.leave_kind()
    if row.shift:
        shift = esc(row.shift)
    else:
        shift = esc(_("day off") if row.day_off else _("no shift"))
    out += [
        '</div><div class="small text-body-secondary text-truncate"><span class="leave-kind">',
        f"{esc(kind)} · " if kind else "", "</span>", shift, "</div></div>",
        f'<div class="btn-group presence flex-shrink-0" role="group" aria-label="{esc(_("Attendance"))}">',
    ]
    chosen, name, auto_id = presence.value(), esc(presence.html_name), esc(presence.auto_id)
    for index, (value, label) in enumerate(presence.field.choices):
        checked = " checked" if chosen == value else ""
        out += [f'<input type="radio" class="btn-check" name="{name}" id="{auto_id}_{index}" value="{esc(value)}"'
                f"{checked}{disabled}>",
                '<label class="btn btn-outline-primary btn-sm tap-target d-flex align-items-center '
                f'justify-content-center" for="{auto_id}_{index}">{esc(label)}</label>']
    out.append("</div></div>")
    # Under the head line, not in it: the name folds and opens the row (a button), and a link inside a button is
    # lost to a screen reader; beside it, it would cut the name and the saved status on a phone.
    changes = history_link({"request": request}, saved, "small link-secondary")
    if changes:
        out += ['<div class="text-end lh-1">', changes, "</div>"]
    if errors:
        out.append('<div class="text-danger small row-errors" role="alert">')
        for field in form:
            out += [f"<div>{esc(field.label)}: {esc(error)}</div>" for error in field.errors]
        out += [f"<div>{esc(error)}</div>" for error in form.non_field_errors()]
        out.append("</div>")
    # Shown without JavaScript; team_day.js shows it only when leave is chosen (the server checks it either way).
    out += [_labelled('<div class="input-group input-group-sm mt-1 leave-type" data-testid="leave-type">',
                      form["leave_type"]), "</div>"]
    # A day off or leave needs no times or grooming: the row folds to its head line (with JavaScript a tap on the
    # name opens it).
    out += [
        '<details class="row-detail"', "" if folds else " open", '><summary class="small text-body-secondary">',
        esc(_("Times, grooming, notes")), '</summary><div class="row g-1 mt-0">',
        _labelled('<div class="col-6"><div class="input-group input-group-sm">', form["arrived"]), "</div></div>",
        _labelled('<div class="col-6"><div class="input-group input-group-sm">', form["left"]), "</div></div>",
        f'</div><div class="groom d-flex flex-wrap gap-1 mt-1" role="group" aria-label="{esc(_("Grooming"))}">',
    ]
    for item in form.item_fields():
        item_id = esc(item.auto_id)
        out += [f'<input type="checkbox" class="btn-check" name="{esc(item.html_name)}" id="{item_id}"',
                " checked" if item.value() else "", disabled,
                f'><label class="btn btn-outline-success btn-sm" for="{item_id}">{esc(item.label)}</label>']
    note, status, reason = form["note"], form["override_status"], form["override_reason"]
    more_open = note.errors or reason.errors or status.errors or note.value() or status.value()
    out += [
        '</div><div class="mt-1 grooming-note">', form["grooming_note"].as_widget(), "</div>",
        '<details class="row-more small mt-1"', " open" if more_open else "", '><summary class="text-body-secondary">',
        esc(_("Note")), " · ", esc(_("Status by hand")), '</summary><div class="row g-1 mt-0">',
        '<div class="col-12">', note.as_widget(), "</div>",
        '<div class="col-5">', _hidden_label(status), str(status), "</div>",
        '<div class="col-7">', _hidden_label(reason), str(reason), "</div>",
        "</div></details></details>",
    ]
    if row.grooming_rounds > 1:
        rounds = ngettext("%(counter)s grooming check today", "%(counter)s grooming checks today",
                          row.grooming_rounds) % {"counter": row.grooming_rounds}
        out += ['<div class="small text-body-secondary">', esc(rounds), "</div>"]
    out.append("</div></div>")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped by esc() or is a widget's safe HTML


def _labelled(opening, field):
    """An input group: ``opening``, the field's label as the group's text, and its widget."""
    return (f'{opening}<label class="input-group-text" for="{esc(field.auto_id)}">{esc(field.label)}</label>'
            f"{field}")


def _hidden_label(field):
    return f'<label class="visually-hidden" for="{esc(field.auto_id)}">{esc(field.label)}</label>'
