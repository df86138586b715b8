"""Area hygiene: which areas a person checks, a day's checks, and the chain's monthly figures."""

from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Prefetch, Q

from ..access import floor_people
from ..models import Area, HygieneCheck, HygieneFailure, HygieneItem


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
        Area.objects.filter(club=club, is_active=True, responsible__in=floor_people(viewer))
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


# --- For the owner's monthly report (reports/) ----------------------------------------------------
#
# Chain-wide reads: each function answers for many clubs at once, grouped by club in SQL, so that
# the report's query count does not grow with the number of clubs or people.


def hygiene_by_club(*, club_ids, first, end):
    """{club id: {"checks", "passed"}} of the month's area hygiene checks, one query."""
    rows = (
        HygieneCheck.objects.filter(area__club_id__in=club_ids, date__gte=first, date__lt=end)
        .values("area__club_id").order_by("area__club_id")
        .annotate(checks=Count("id"), passed=Count("id", filter=Q(passed=True)))
    )
    return {row["area__club_id"]: {"checks": row["checks"], "passed": row["passed"]} for row in rows}


def hygiene_failures_by_club(*, club_ids, first, end):
    """Rows (club id, item id, key, name, failures) of the month's hygiene checks, most failed first."""
    return list(
        HygieneFailure.objects.filter(
            check_record__area__club_id__in=club_ids, check_record__date__gte=first, check_record__date__lt=end
        )
        .values(club_id=F("check_record__area__club_id"), item_key=F("item__key"), item_name=F("item__name"))
        .annotate(failures=Count("id"), item_id=Max("item_id"))
        .order_by("club_id", "-failures", "item_id")
    )


