"""Service quality: the overview of checks and feedback per technician, and the chain's monthly figures."""

from dataclasses import dataclass

from django.db.models import Avg, Count, Prefetch, Q, Sum

from ..models import CustomerFeedback, QualityCriterion, ServiceCheck, ServiceCheckScore

RECENT = 30


def criteria_for(club):
    """The club's criteria in use (a new club gets the defaults when it is created)."""
    return list(QualityCriterion.objects.filter(club=club, is_active=True))


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


# --- For the owner's monthly report (reports/) ----------------------------------------------------
#
# Chain-wide reads: each function answers for many clubs at once, grouped by club in SQL, so that
# the report's query count does not grow with the number of clubs or people.


def quality_by_club(*, club_ids, first, end):
    """{club id: {"checks", "scores", "score_sum", "average", "praise", "complaints"}}, two queries."""
    scores = (
        ServiceCheckScore.objects.filter(
            check_record__club_id__in=club_ids, check_record__date__gte=first, check_record__date__lt=end
        )
        .values("check_record__club_id").order_by("check_record__club_id")
        .annotate(checks=Count("check_record", distinct=True), scores=Count("id"), score_sum=Sum("score"),
                  average=Avg("score"))
    )
    feedback = (
        CustomerFeedback.objects.filter(club_id__in=club_ids, date__gte=first, date__lt=end)
        .values("club_id").order_by("club_id")
        .annotate(
            praise=Count("id", filter=Q(kind=CustomerFeedback.Kind.PRAISE)),
            complaints=Count("id", filter=Q(kind=CustomerFeedback.Kind.COMPLAINT)),
        )
    )
    result = {pk: {"checks": 0, "scores": 0, "score_sum": 0, "average": None, "praise": 0, "complaints": 0}
              for pk in club_ids}
    for row in scores:
        result[row.pop("check_record__club_id")].update(row)
    for row in feedback:
        result[row.pop("club_id")].update(row)
    return result


