"""Service quality: recording a spot check with its scores (the overview is in ``selectors.quality``)."""

from django.db import transaction
from django.utils.translation import gettext as _

from duties.models import Evidence
from duties.services import evidence_recorded_on_commit

from staff import locks as month_lock

from ..models import ServiceCheck, ServiceCheckScore


@month_lock.changed_by()
@transaction.atomic
def record_check(*, club, technician, date, scores, note, by, reason=""):
    """Save a spot check; ``scores`` maps criteria to 1..5 (criteria not observed are left out).

    ``reason`` (a check added to a locked month) is kept in the history.
    """
    check = ServiceCheck(club=club, technician=technician, date=date, note=note, checked_by=by)
    check._change_reason = reason or None
    check.save()
    for criterion, score in scores.items():
        row = ServiceCheckScore(check_record=check, criterion=criterion, score=score)
        row._change_reason = reason or None
        row.save()  # one by one, so that the history records each
    evidence_recorded_on_commit(
        person=by, kind=Evidence.QUALITY_CHECKED, day=date, note=_("service of %(name)s checked") % {"name": technician.name}
    )
    return check
