"""Service quality: recording a spot check with its scores, and the overview of checks and feedback."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Avg, Count, Prefetch, Q
from django.utils.translation import gettext as _

from duties.models import Evidence
from duties.services import evidence_recorded_on_commit

from .models import CustomerFeedback, QualityCriterion, ServiceCheck, ServiceCheckScore

RECENT = 30


def criteria_for(club):
    """The club's criteria in use (a new club gets the defaults when it is created)."""
    return list(QualityCriterion.objects.filter(club=club, is_active=True))


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


@dataclass
class TechnicianSummary:
    person: object
    checks: int = 0
    average: float | None = None
    praise: int = 0
    complaints: int = 0


def summary(*, people, club, since):
    """Per technician since ``since``: number of checks, their average score (in SQL), praise and complaints."""
    people = list(people)
    ids = [p.pk for p in people]
    scores = {
        row["check_record__technician"]: row
        for row in ServiceCheckScore.objects.filter(
            check_record__club=club, check_record__technician__in=ids, check_record__date__gte=since
        )
        .values("check_record__technician")
        .annotate(average=Avg("score"), checks=Count("check_record", distinct=True))
        .order_by()
    }
    feedback = {
        row["technician"]: row
        for row in CustomerFeedback.objects.filter(club=club, technician__in=ids, date__gte=since)
        .values("technician")
        .annotate(
            praise=Count("pk", filter=Q(kind=CustomerFeedback.Kind.PRAISE)),
            complaints=Count("pk", filter=Q(kind=CustomerFeedback.Kind.COMPLAINT)),
        )
        .order_by()
    }
    rows = []
    for person in people:
        s, f = scores.get(person.pk, {}), feedback.get(person.pk, {})
        rows.append(
            TechnicianSummary(
                person=person, checks=s.get("checks", 0), average=s.get("average"),
                praise=f.get("praise", 0), complaints=f.get("complaints", 0),
            )
        )
    return rows


def recent_checks(*, people, club, limit=RECENT):
    return (
        ServiceCheck.objects.filter(club=club, technician__in=people)
        .with_average()
        .select_related("technician", "checked_by")
        .prefetch_related(Prefetch("scores", queryset=ServiceCheckScore.objects.select_related("criterion")))
        .order_by("-date", "-pk")[:limit]
    )


def recent_feedback(*, people, club, limit=RECENT):
    return (
        CustomerFeedback.objects.filter(club=club, technician__in=people)
        .select_related("technician", "recorded_by")
        .order_by("-date", "-pk")[:limit]
    )
