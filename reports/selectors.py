"""The report's figures, read from the records through the other apps' query functions.

``live_figures(clubs, month, now=...)`` computes every club's figures for a month in a fixed
number of queries, however many clubs and people: each query is grouped by club in SQL.
Months are ranges of local dates (``kernel.months``); moments (consumables issued) are
compared with each club's local midnights. The figures are plain counts plus what
``figures.derive`` computes from them (rates, averages), so that a chain's figures are the
sum of its clubs'.
"""

import datetime

from django.db.models import Case, Count, DateTimeField, F, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from attendance.selectors import consumables as floor_consumables
from attendance.selectors import daily as floor
from attendance.selectors import followup as floor_followup
from attendance.selectors import hygiene as floor_hygiene
from attendance.selectors import quality as floor_quality
from business.selectors import services_by_person
from duties.selectors import completion_by
from kernel.clock import club_today
from kernel.months import month_range, month_start, next_month
from staff.models import Person, Role

from . import sources
from .figures import derive


def local_bounds(club, first):
    """The month's start and end as moments: local midnight of its first day and of the next month's."""
    zone = club.zone
    start = datetime.datetime.combine(first, datetime.time(0), tzinfo=zone)
    return start, datetime.datetime.combine(next_month(first), datetime.time(0), tzinfo=zone)


def is_closed(club, month, now=None):
    """Whether ``month`` is over in the club's time zone."""
    return month_start(month) < month_start(club_today(club, now))


def clubs_with_first_month(clubs):
    """``clubs`` (a queryset) with ``first_hire``; ``first_month(club)`` then needs no query."""
    return list(clubs.annotate(first_hire=Min("people__hire_date")).order_by("name"))


def first_month(club):
    """The first month the club has a report for: when it was created, or its first hire if earlier.

    Kept on the club object under what it was worked out from: a chain's report page asks it ~200 times."""
    made_of = (club.created_at, club.time_zone, getattr(club, "first_hire", None))
    kept = club.__dict__.get("_first_month")
    if kept is not None and kept[0] == made_of:
        return kept[1]
    created = timezone.localdate(club.created_at, timezone=club.zone) if club.created_at else None
    candidates = [d for d in (created, made_of[2]) if d]
    if not candidates:
        return month_start(club_today(club))  # a club not saved yet: its first month is today's
    club.__dict__["_first_month"] = (made_of, month_start(min(candidates)))
    return club.__dict__["_first_month"][1]


def people_by_club(club_ids):
    """{club id: how many people the club has on its books, past ones included}; one query. A cheap measure of
    how long computing one of its months from the records takes (``report.to_prepare``)."""
    rows = (Person.objects.filter(club_id__in=list(club_ids)).exclude(position=Role.OWNER)
            .values_list("club_id").annotate(n=Count("pk")).order_by())
    return dict(rows)


def employed_before(day):
    """A Q over Person: employed on the day before ``day`` (hired before it, not gone by then)."""
    return Q(hire_date__lt=day) & (Q(left_on__isnull=True) | Q(left_on__gte=day))


def with_position_at(people, moments):
    """``people`` (a Person queryset) with ``position_then``: each one's position at their club's moment.

    ``moments`` is {club id: aware datetime}. The position is read from the person's history
    (django-simple-history): the latest entry before the moment; someone first recorded only
    after it (a hire entered late) has the position they were first recorded with. One query
    whatever the number of people and clubs (correlated subqueries).
    """
    moment = Case(*[When(club_id=pk, then=Value(at)) for pk, at in moments.items()], output_field=DateTimeField())
    entries = Person.history.filter(id=OuterRef("pk"))
    before = entries.filter(history_date__lt=OuterRef("position_moment")).order_by("-history_date", "-history_id")
    first = entries.order_by("history_date", "history_id")
    return people.annotate(position_moment=moment).annotate(position_then=Coalesce(
        Subquery(before.values("position")[:1]), Subquery(first.values("position")[:1]), F("position"),
    ))


def positions_at(person_ids, moments):
    """{(person id, moment): the position the person held at that moment} for each of ``moments`` (aware datetimes),
    read as ``with_position_at`` reads it (the latest history entry before the moment, else the first one, else
    today's position). One query whatever the number of people; one pair of subqueries per distinct moment (clubs
    in one time zone share the moment of a month's end)."""
    moments = sorted(set(moments))
    entries = Person.history.filter(id=OuterRef("pk"))
    first = entries.order_by("history_date", "history_id")
    columns = {}
    for n, at in enumerate(moments):
        before = entries.filter(history_date__lt=at).order_by("-history_date", "-history_id")
        columns[f"position_{n}"] = Coalesce(
            Subquery(before.values("position")[:1]), Subquery(first.values("position")[:1]), F("position"))
    rows = Person.objects.filter(pk__in=list(person_ids)).annotate(**columns).values_list("pk", *columns)
    return {(row[0], at): row[1 + n] for row in rows for n, at in enumerate(moments)}


def checklists_with_position_at(checklists, moments):
    """``checklists`` (a Checklist queryset) with ``position_then``: the position its person held at the moment of
    the checklist's club (``moments``: {club id: aware datetime}), as ``with_position_at`` — the club is the
    checklist's, not the person's current one, so someone moved to another club since is counted alike whichever
    clubs are read together. One query (correlated subqueries)."""
    moment = Case(*[When(club_id=pk, then=Value(at)) for pk, at in moments.items()], output_field=DateTimeField())
    entries = Person.history.filter(id=OuterRef("person_id"))
    before = entries.filter(history_date__lt=OuterRef("position_moment")).order_by("-history_date", "-history_id")
    first = entries.order_by("history_date", "history_id")
    return checklists.annotate(position_moment=moment).annotate(position_then=Coalesce(
        Subquery(before.values("position")[:1]), Subquery(first.values("position")[:1]), F("person__position"),
    ))


def headcount_by_club(*, clubs, first, end):
    """{club id: {position: {"start", "end", "joined", "left"}}}, one query.

    Start: employed on the last day of the month before; end: employed on the month's last
    day; joined: hired during the month; left: ``left_on`` (the first day no longer working)
    during the month — so start + joined − left = end. People are counted in the position they
    held at the month's end (the club's local midnight after its last day; ``with_position_at``),
    so a promotion after the month leaves it alone.
    """
    people = with_position_at(
        Person.objects.filter(club_id__in=[c.pk for c in clubs]).exclude(position=Role.OWNER),
        {c.pk: local_bounds(c, first)[1] for c in clubs},
    )
    rows = (
        people.values("club_id", "position_then").order_by("club_id", "position_then")
        .annotate(
            start=Count("id", filter=employed_before(first)),
            end=Count("id", filter=employed_before(end)),
            joined=Count("id", filter=Q(hire_date__gte=first, hire_date__lt=end)),
            left=Count("id", filter=Q(left_on__gte=first, left_on__lt=end)),
        )
    )
    result = {}
    for row in rows:
        counts = {key: row[key] for key in ("start", "end", "joined", "left")}
        if any(counts.values()):
            result.setdefault(row["club_id"], {})[row["position_then"]] = counts
    return result


def _empty(club):
    return {
        "headcount": {"positions": {}},
        "attendance": {key: 0 for key in floor.attendance_counts()} | {"days_closed": 0},
        "followup": {"honour_roll": [], "needs_talk": [], "talks_held": 0},
        "grooming": {"checks": 0, "passed": 0, "most_failed": []},
        "hygiene": {"checks": 0, "passed": 0, "most_failed": []},
        "consumables": {"items": [], "low_stock": []},
        "quality": {"checks": 0, "scores": 0, "score_sum": 0, "praise": 0, "complaints": 0},
        "checklists": {"positions": {}, "total": {}},
        "training": {"available": False},
        "meetings": {"available": False},
    }


def _listed(row, **extra):
    """A person of the follow-up's lists (a row of ``followup_rows_by_club``) as the snapshot keeps them."""
    return {"id": row["person_id"], "name": row["name"], "team": row["team"] or "", **extra}


def _services(figures):
    """A technician's services (鐘數) and requested services (點鐘) of the month, JSON-safe; None: nothing entered."""
    figures = figures or {}
    return {key: (None if figures.get(key) is None else float(figures[key]))
            for key in ("services", "requested_services")}


def _item_row(row):
    return {"id": row["item_id"], "key": row["item_key"] or "", "name": row["item_name"] or "", "failures": row["failures"]}


def live_figures(clubs, month, *, now=None):
    """{club id: figures} for ``month``, straight from the records; a fixed number of queries.

    Checklist completion per position comes per club (one query for all clubs); the chain's
    adds them up (``figures.merge``).
    """
    clubs = list(clubs)
    if not clubs:
        return {}
    first, end = month_range(month)
    last = end - datetime.timedelta(days=1)
    ids = [c.pk for c in clubs]
    now = now or timezone.now()
    result = {c.pk: _empty(c) for c in clubs}

    for club_id, positions in headcount_by_club(clubs=clubs, first=first, end=end).items():
        result[club_id]["headcount"]["positions"] = positions

    for club_id, counts in floor.attendance_by_club(club_ids=ids, first=first, end=end).items():
        result[club_id]["attendance"].update(counts)
    for club_id, n in floor.days_closed_by_club(club_ids=ids, first=first, end=end).items():
        result[club_id]["attendance"]["days_closed"] = n
    for club in clubs:
        result[club.pk]["attendance"]["days_in_month"] = (end - first).days

    services = services_by_person(ids, first, end)  # 鐘數 and 點鐘 beside each name on the honour roll
    for club_id, followup in floor_followup.followup_rows_by_club(clubs=clubs, month=first).items():
        section = result[club_id]["followup"]
        section["honour_roll"] = [_listed(p, **_services(services.get(p["person_id"])))
                                  for p in followup["honour_roll"]]
        section["needs_talk"] = [
            _listed(p, late=p["late"], late_minutes=p["late_minutes"], absent=p["absent"], talk_held=p["talk_held"])
            for p in followup["needs_talk"]
        ]
    for club_id, n in floor_followup.talks_held(club_ids=ids, month=first).items():
        result[club_id]["followup"]["talks_held"] = n

    for club_id, counts in floor.grooming_by_club(club_ids=ids, first=first, end=end).items():
        result[club_id]["grooming"].update(counts)
    for row in floor.grooming_failures_by_club(club_ids=ids, first=first, end=end):
        result[row["club_id"]]["grooming"]["most_failed"].append(_item_row(row))
    for club_id, counts in floor_hygiene.hygiene_by_club(club_ids=ids, first=first, end=end).items():
        result[club_id]["hygiene"].update(counts)
    for row in floor_hygiene.hygiene_failures_by_club(club_ids=ids, first=first, end=end):
        result[row["club_id"]]["hygiene"]["most_failed"].append(_item_row(row))

    bounds = {c.pk: local_bounds(c, first) for c in clubs}
    for row in floor_consumables.consumables_issued_by_club(bounds=bounds):
        result[row["club_id"]]["consumables"]["items"].append({
            "id": row["item_id"], "name": row["item_name"], "unit": row["item_unit"],
            "issues": row["issues"], "quantity": row["quantity"],
        })
    # The stock at the month's end (a running month: now, as nothing was issued after its end yet).
    moments = {pk: end_at for pk, (_start, end_at) in bounds.items()}
    for row in floor_consumables.low_stock_by_club(moments=moments):
        result[row["club_id"]]["consumables"]["low_stock"].append({
            "id": row["id"], "name": row["name"], "unit": row["unit"], "stock": row["stock_then"],
            "threshold": row["low_stock_threshold"],
        })

    for club_id, counts in floor_quality.quality_by_club(club_ids=ids, first=first, end=end).items():
        counts.pop("average", None)  # derived again from the sum, so that clubs add up
        result[club_id]["quality"].update(counts)

    today = {c.pk: club_today(c, now) for c in clubs}  # overdue by each club's own date
    # A club's total is the sum of its positions (every person's items counted once, in one position): one read
    # of the month's checklist items instead of two (the biggest cost of a first build at 1,000 people).
    for (club_id, position), counts in completion_by_position_then(clubs, first=first, last=last, today=today).items():
        result[club_id]["checklists"]["positions"][position] = counts
        total = result[club_id]["checklists"]["total"]
        for name, value in counts.items():
            total[name] = total.get(name, 0) + value

    for name, call in (("training", sources.training), ("meetings", sources.meetings)):
        found = call(club_ids=ids, first=first, last=last)
        if found is not None:
            for club_id in ids:
                result[club_id][name] = {"available": True, **found.get(club_id, {})}

    for figures in result.values():
        _keys_only(figures)
        derive(figures)
    return result


def _keys_only(figures):
    """Drop the labels a module put beside its keys: a snapshot keeps keys, the page translates them
    (``report.with_labels``) in the reader's language, whatever language it was built in."""
    for topic in ((figures.get("training") or {}).get("by_topic") or {}).values():
        if isinstance(topic, dict):
            topic.pop("label", None)


def completion_by_position_then(clubs, *, first, last, today):
    """{(club id, position): completion counts} of the month's checklists, each person counted in the position they
    held at the month's end (``with_position_at``, as headcount), not today's: a later promotion leaves it alone.
    Two queries whatever the number of clubs and people (``positions_at``)."""
    rows = completion_by(club_ids=[c.pk for c in clubs], start=first, end=last, today=today, group="club_person")
    if not rows:
        return {}
    moments = {c.pk: local_bounds(c, first)[1] for c in clubs}
    people = {row["checklist__person_id"] for row in rows}
    # The position depends on the person and the moment of the checklist's club only, and clubs in one time zone
    # share their moment: read once per person and moment (~1,000 at 1,000 people), not per checklist (~35,000).
    held = positions_at(people, moments.values())
    result = {}
    for row in rows:
        club_id = row["checklist__club_id"]
        key = (club_id, held[(row["checklist__person_id"], moments[club_id])])
        into = result.setdefault(key, dict.fromkeys(("done", "not_done", "na", "open", "overdue", "total"), 0))
        for name, value in _completion(row).items():
            into[name] += value
    return result


def _completion(row):
    return {key: row[key] for key in ("done", "not_done", "na", "open", "overdue", "total")}
