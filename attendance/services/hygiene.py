"""Area hygiene: saving a day's checks in one go (the rows come from ``selectors.hygiene.area_day``)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from duties.models import Evidence
from duties.services import evidence_recorded_on_commit

from staff import locks as month_lock

from ..models import HygieneCheck, HygieneFailure


@month_lock.changed_by()
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
