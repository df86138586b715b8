"""Reading the business figures: the two functions other apps use (``totals``, ``per_person``) and the pages' reads.

Dates are inclusive (``start`` ≤ date ≤ ``end``). A figure left empty (not known) adds nothing.
Every function runs a fixed number of queries, however many people or days.
"""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from staff.models import Person, Role

from .metrics import CLUB_KEYS, METRICS, PERSON_KEYS
from .models import ClubDay, Entry, TechnicianDay

ZERO = Decimal(0)


def _person_rows(club, start, end, *, person=None, team=None):
    rows = TechnicianDay.objects.filter(club=club, date__gte=start, date__lte=end)
    if person is not None:
        rows = rows.filter(person=person)
    elif team is not None:
        rows = rows.filter(person__team=team)
    return rows


def totals(club, start, end, *, person=None, team=None):
    """``{key: Decimal}`` for every metric of ``METRICS`` over ``start``…``end`` (inclusive), two queries.

    The club's own figures (``per_person`` False) are the club's whatever ``person`` or ``team``;
    the per-technician figures are the person's, else the team's technicians' (their team now),
    else every technician's of the club.
    """
    club_sums = ClubDay.objects.filter(club=club, date__gte=start, date__lte=end).aggregate(
        **{key: Sum(key) for key in CLUB_KEYS})
    person_sums = _person_rows(club, start, end, person=person, team=team).aggregate(
        **{key: Sum(key) for key in PERSON_KEYS})
    found = {**club_sums, **person_sums}
    return {key: found[key] if found[key] is not None else ZERO for key in METRICS}


def per_person(club, start, end, key):
    """``{person_id: Decimal}`` of a per-technician metric (``services``, ``requested_services``), one query.

    Only the technicians with a figure in the period are listed."""
    if key not in PERSON_KEYS:
        raise ValueError(f"{key!r} is not a per-person metric: {PERSON_KEYS}")
    rows = (_person_rows(club, start, end).order_by().values("person_id").annotate(total=Sum(key))
            .filter(total__isnull=False))
    return {row["person_id"]: row["total"] for row in rows}


def services_by_person(club_ids, first, end):
    """``{person_id: {"services", "requested_services"}}`` of the technicians of ``club_ids`` from ``first`` to before
    ``end`` (the monthly report's honour roll), one query. A figure left empty adds nothing; nobody entered: absent."""
    rows = (TechnicianDay.objects.filter(club_id__in=club_ids, date__gte=first, date__lt=end).order_by()
            .values("person_id").annotate(services=Sum("services"), requested_services=Sum("requested_services")))
    return {row["person_id"]: {key: row[key] for key in PERSON_KEYS} for row in rows}


def person_months(person, first, end):
    """``{first day of a month: {"services", "requested_services"}}`` of ``person`` from ``first`` to before ``end``
    (their scorecard), one query. A month without any figure of theirs is left out; a figure left empty adds nothing."""
    rows = (TechnicianDay.objects.filter(person=person, date__gte=first, date__lt=end)
            .annotate(month=TruncMonth("date")).order_by().values("month")
            .annotate(services=Sum("services"), requested_services=Sum("requested_services")))
    return {row["month"]: {key: row[key] for key in PERSON_KEYS} for row in rows}


# --- The pages' reads ---------------------------------------------------------------------------


def month_days(club, first, last):
    """The club's days of ``first``…``last`` with the sums of their technicians' figures: {date: dict}."""
    days = {
        day.date: {"day": day, **{key: getattr(day, key) for key in CLUB_KEYS}}
        for day in ClubDay.objects.filter(club=club, date__gte=first, date__lte=last).select_related("entry__by")
    }
    sums = (TechnicianDay.objects.filter(club=club, date__gte=first, date__lte=last).order_by().values("date")
            .annotate(**{f"sum_{key}": Sum(key) for key in PERSON_KEYS}))
    for row in sums:
        days.setdefault(row["date"], {"day": None}).update({key: row[f"sum_{key}"] for key in PERSON_KEYS})
    return days


def month_people(club, first, last):
    """Per technician: name, team, services, requested services, days with services; busiest first."""
    rows = (TechnicianDay.objects.filter(club=club, date__gte=first, date__lte=last).order_by()
            .values("person_id", "person__name", "person__team__name")
            .annotate(sum_services=Sum("services"), sum_requested=Sum("requested_services"),
                      worked_days=Count("pk", filter=Q(services__gt=0))))
    people = []
    for row in rows:
        services, requested = row["sum_services"] or ZERO, row["sum_requested"] or ZERO
        share = (requested * 100 / services).quantize(Decimal("1")) if services else None
        people.append({"person_id": row["person_id"], "name": row["person__name"], "team": row["person__team__name"],
                       "services": services, "requested_services": requested, "days": row["worked_days"],
                       "requested_share": share})
    people.sort(key=lambda p: (-p["services"], p["name"]))
    return people


def day_sheet(club, date):
    """What the entry form shows for ``date``: the club's day (or None), the technicians to list, their figures.

    The technicians are the club's technicians working now, and anyone with a figure that day (e.g.
    someone who has left since), team by team. Three queries."""
    day = ClubDay.objects.filter(club=club, date=date).select_related("entry__by", "entry__token").first()
    figures = {row.person_id: row for row in TechnicianDay.objects.filter(club=club, date=date)}
    people = list(
        Person.objects.filter(Q(club=club, position=Role.TECHNICIAN, status=Person.Status.ACTIVE)
                              | Q(pk__in=list(figures)))
        .select_related("team").order_by("team__name", "name")
    )
    return day, people, figures


def recent_entries(club, limit=10):
    return list(Entry.objects.filter(club=club).select_related("by", "token")[:limit])
