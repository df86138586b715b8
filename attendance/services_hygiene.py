"""Area hygiene: which areas a person checks, a day's checks, and saving them in one go."""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from duties.models import Evidence
from duties.services import evidence_recorded_on_commit
from staff import access

from .models import Area, HygieneCheck, HygieneFailure, HygieneItem


@dataclass
class AreaRow:
    """What the hygiene screen knows about one area on one day."""

    area: Area
    check: HygieneCheck | None = None
    failed_item_ids: set = field(default_factory=set)
    form: object = None


def items_for(club):
    """The club's hygiene items in use (a new club gets the defaults when it is created)."""
    return list(HygieneItem.objects.filter(club=club, is_active=True))


def areas_for(viewer, club):
    """The club's areas in use that ``viewer`` checks: those whose responsible technician is theirs to record."""
    return (
        Area.objects.filter(club=club, is_active=True, responsible__in=access.floor_people(viewer))
        .select_related("responsible", "responsible__team")
        .order_by("order", "name")
    )


def area_day(*, areas, day):
    """One row per area with its check of ``day``, in a fixed number of queries however many areas."""
    areas = list(areas)
    checks = {
        check.area_id: check
        for check in HygieneCheck.objects.filter(area__in=[a.pk for a in areas], date=day)
        .select_related("checked_by")
        .prefetch_related(Prefetch("failures", queryset=HygieneFailure.objects.select_related("item")))
    }
    rows = []
    for area in areas:
        check = checks.get(area.pk)
        failed = {f.item_id for f in check.failures.all()} if check else set()
        rows.append(AreaRow(area=area, check=check, failed_item_ids=failed))
    return rows


def initial_for(row, items):
    """What the row's form shows: the saved check, or every item passed for an area not yet checked."""
    initial = {f"item_{item.pk}": item.pk not in row.failed_item_ids for item in items}
    initial["note"] = row.check.note if row.check else ""
    return initial


@transaction.atomic
def save_day(*, day, rows, by, reason=""):
    """Save the checked rows: one check per area and day, updated in place. Returns how many were saved.

    Saving the same screen again changes nothing (and adds nothing to the history). ``reason``
    (a change to a locked month) is kept in the history.
    """
    saved = 0
    for row in rows:
        data = row.form.cleaned_data
        if data.get("skip"):
            continue
        _save_check(
            area=row.area, day=day, failed=data["failed_items"], note=data.get("note", ""), by=by, reason=reason
        )
        saved += 1
    if saved:
        evidence_recorded_on_commit(
            person=by, kind=Evidence.HYGIENE_CHECKED, day=day, note=_("%(count)s areas checked") % {"count": saved}
        )
    return saved


def _save_check(*, area, day, failed, note, by, reason=""):
    failed_ids = {item.pk for item in failed}
    note = note.strip() if failed_ids else ""
    check = HygieneCheck.objects.select_for_update().filter(area=area, date=day).first()
    if check is not None:
        old_ids = set(check.failures.values_list("item_id", flat=True))
        if old_ids == failed_ids and check.note == note:
            return check
    else:
        check = HygieneCheck(area=area, date=day)
    check.responsible_id = area.responsible_id
    check.passed = not failed_ids
    check.note = note
    check.checked_by = by
    check._change_reason = reason or None
    try:
        with transaction.atomic():
            check.save()
    except IntegrityError:
        # Someone else saved this area's day a moment ago: update theirs instead.
        check.pk = HygieneCheck.objects.get(area=area, date=day).pk
        check._state.adding = False
        check.save()
    old = {f.item_id: f for f in check.failures.all()}
    for item_id, failure in old.items():
        if item_id not in failed_ids:
            failure._change_reason = reason or None
            failure.delete()  # one by one, so that the history records each
    for item in failed:
        if item.pk not in old:
            failure = HygieneFailure(check_record=check, item=item)
            failure._change_reason = reason or None
            failure.save()
    return check
