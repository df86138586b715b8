"""Follow-up: the honour roll, "needs a talk", a person's follow-up and the month lock overview.

The honour-roll rule and the talk thresholds are written once here and used by the page, the
monthly job, the person page and the owner's report.
"""

import datetime
import operator
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, F, FilteredRelation, Prefetch, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from kernel.months import month_days, month_range, month_start
from staff.models import Person

from ..models import Attendance, AttendancePolicy, AttendanceTalk, JobRun, MonthLock, Status
from .daily import attendance_counts, flag

# The honour roll (seed: technical manager duty 8): worked that month, never late, never left early, never absent.
HONOUR = Q(worked__gt=0, late=0, early=0, absent=0)


def needs_talk_q(policy):
    """Late or absent often enough for a talk under the club's policy; a threshold of 0 is off."""
    q = Q(pk__in=[])
    if policy.talk_after_late_count:
        q |= Q(late__gte=policy.talk_after_late_count)
    if policy.talk_after_absences:
        q |= Q(absent__gte=policy.talk_after_absences)
    return q



# --- Follow-up: honour roll and "needs a talk" ---------------------------------------------------


@dataclass
class MonthFollowup:
    month: datetime.date
    policy: AttendancePolicy
    honour_roll: list
    needs_talk: list


def month_followup(club, month, *, among=None, with_talks=True):
    """The month's honour roll and talk list for ``club``: one query for the people and their counts.

    Only active people count. ``among`` (a Q over Person, e.g. ``access.people_filter(viewer)``)
    narrows it to whom a reader may see. Each person comes with ``talk``: the talk recorded
    about this month, or None (``with_talks=False``: not read; the page reads them for the people
    it shows with ``attach_talks``).
    """
    policy = AttendancePolicy.for_club(club)
    first, end = month_range(month)
    people = (
        Person.objects.active()
        .filter(club=club)
        .filter(among if among is not None else Q())
        .annotate(m=FilteredRelation("attendance", condition=Q(attendance__date__gte=first, attendance__date__lt=end)))
        .annotate(**attendance_counts("m__"))
        .annotate(
            honour=flag(HONOUR),
            needs_talk=flag(needs_talk_q(policy)),
        )
        .filter(Q(honour=True) | Q(needs_talk=True))
        .select_related("team", "department")
        .order_by("-absent", "-late", F("team__name").asc(nulls_last=True), "name")
    )
    if with_talks:
        people = people.prefetch_related(
            Prefetch(
                "attendance_talks",
                queryset=AttendanceTalk.objects.filter(month=first).select_related("held_by"),
                to_attr="month_talks",
            )
        )
    honour, talk = [], []
    for person in people:
        if with_talks:
            person.talk = person.month_talks[0] if person.month_talks else None
        (talk if person.needs_talk else honour).append(person)
    honour.sort(key=lambda p: (p.team.name if p.team else "\uffff", p.name))
    return MonthFollowup(month=first, policy=policy, honour_roll=honour, needs_talk=talk)


@dataclass
class MonthFollowupPage:
    """A page of each list of ``month_followup``; ``needs_talk``/``honour_roll`` count everyone listed."""

    month: datetime.date
    policy: AttendancePolicy
    talk_page: object  # Paginator pages of Person (with the month's counts and ``talk``)
    honour_page: object
    needs_talk: list  # every listed row (person id and counts), for the totals
    honour_roll: list


_COMPARE = {"": operator.eq, "exact": operator.eq, "gt": operator.gt, "gte": operator.ge, "lt": operator.lt,
            "lte": operator.le, "in": lambda a, b: a in b}


def holds(q, counts):
    """Whether ``counts`` (a person's month, ``attendance_counts``' keys) meets ``q``, a Q over those counts.

    The page reads ``HONOUR`` and ``needs_talk_q`` through this, so the rule stays written once;
    it knows the comparisons those use (exact, gt, gte, lt, lte, in).
    """
    results = []
    for child in q.children:
        if isinstance(child, Q):
            results.append(holds(child, counts))
            continue
        lookup, value = child
        name, _sep, op = lookup.partition("__")
        actual = counts["person_id"] if name == "pk" else counts[name]
        results.append(_COMPARE[op](actual, value))
    met = all(results) if q.connector == Q.AND else any(results)
    return not met if q.negated else met


def rule(q):
    """``holds`` for ``q`` read once: a function of the counts giving the same answer, for many rows."""
    parts = []
    for child in q.children:
        if isinstance(child, Q):
            parts.append(rule(child))
            continue
        lookup, value = child
        name, _sep, op = lookup.partition("__")
        key = "person_id" if name == "pk" else name
        parts.append(lambda counts, key=key, compare=_COMPARE[op], value=value: compare(counts[key], value))
    combine, negated = (all if q.connector == Q.AND else any), q.negated
    return lambda counts: combine([part(counts) for part in parts]) != negated


PAGE_COUNTS = {"worked", "late", "late_minutes", "early", "absent"}  # HONOUR, needs_talk_q and the page


def month_followup_page(club, month, *, among=None, page=None, honour_page=None, per_page=50):
    """``month_followup`` for the page: the same lists, rule and order, one page of each read in full.

    Four queries at any headcount: the policy; the month's counts grouped by person in the
    attendance table (only people with records can be on either list; ``HONOUR`` and
    ``needs_talk_q`` decided by ``holds``); the people of the two pages; their talks.
    """
    policy = AttendancePolicy.for_club(club)
    first, end = month_range(month)
    talk_rule = needs_talk_q(policy)
    # Only the counts the two rules and the page read (the database does less than all of them).
    counts = {key: value for key, value in attendance_counts().items() if key in PAGE_COUNTS}
    people = Person.objects.active().filter(club=club).filter(among if among is not None else Q()).values("pk")
    talk_rows, honour_rows = [], []
    for row in (
        Attendance.objects.filter(person__in=people, date__gte=first, date__lt=end)
        .values("person_id", "person__name", "person__team__name")
        .order_by()
        .annotate(**counts)
    ):
        if holds(talk_rule, row):
            talk_rows.append(row)
        elif holds(HONOUR, row):
            honour_rows.append(row)
    talk_rows.sort(key=lambda row: (-row["absent"], -row["late"], row["person__team__name"] is None,
                                    row["person__team__name"] or "", row["person__name"], row["person_id"]))
    honour_rows.sort(key=lambda row: (row["person__team__name"] or "\uffff", row["person__name"]))
    talks = Paginator(talk_rows, per_page).get_page(page)
    honours = Paginator(honour_rows, per_page).get_page(honour_page)
    shown = [*talks.object_list, *honours.object_list]
    # ``or [0]``: the same query when a page is empty, so the page's query count never varies
    persons = Person.objects.filter(pk__in=[row["person_id"] for row in shown] or [0]).select_related(
        "team", "department")
    by_pk = {person.pk: person for person in persons}
    for listed in (talks, honours):
        chosen = []
        for row in listed.object_list:
            person = by_pk[row["person_id"]]
            for key, value in row.items():
                if not key.startswith("person"):
                    setattr(person, key, value)
            chosen.append(person)
        listed.object_list = chosen
    attach_talks(talks.object_list, first)
    return MonthFollowupPage(month=first, policy=policy, talk_page=talks, honour_page=honours,
                             needs_talk=talk_rows, honour_roll=honour_rows)


def attach_talks(people, month):
    """Set ``talk`` (about ``month``, or None) on each of ``people``: one query, only for them."""
    talks = {
        talk.person_id: talk
        for talk in AttendanceTalk.objects.filter(month=month_start(month), person__in=[p.pk for p in people] or [0])
        .select_related("held_by")
    }
    for person in people:
        person.talk = talks.get(person.pk)
    return people


@dataclass
class PersonFollowup:
    honour_months: list  # first days of the finished months on the honour roll, newest first
    talks: list  # AttendanceTalk, newest month first
    talk_months: list = field(default_factory=list)  # months on the "needs a talk" list, newest first


def followup_for_person(person, *, today=None):
    """A person's honour-roll months, "needs a talk" months and talks, for their page (four queries).

    The caller has already checked that the reader may see ``person`` (``staff.access``).
    The running month is left out of the honour roll: it is not over.
    """
    zone = person.club.zone if person.club_id else None
    this_month = month_start(today or timezone.localdate(timezone=zone))
    months = (
        Attendance.objects.filter(person=person, date__lt=this_month)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .order_by("-month")
        .annotate(**attendance_counts())
        .filter(HONOUR)
        .values_list("month", flat=True)
    )
    talks = AttendanceTalk.objects.filter(person=person).select_related("held_by").order_by("-month")
    monthly = (
        Attendance.objects.filter(person=person, date__lt=this_month)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .order_by("-month")
        .annotate(**attendance_counts())
    )
    talk_months = []
    if person.club_id:
        talk_months = list(monthly.filter(needs_talk_q(AttendancePolicy.for_club(person.club))).values_list("month", flat=True))
    return PersonFollowup(honour_months=list(months), talks=list(talks), talk_months=talk_months)


# --- The month lock page ---------------------------------------------------------------------------


@dataclass
class MonthState:
    month: datetime.date
    days: int
    lock: MonthLock | None
    records: int
    not_recorded: int
    days_closed: int
    is_over: bool

    @property
    def days_open(self):
        return self.days - self.days_closed


def lock_overview(club, months, *, today):
    """For each month (first days): its lock, records, not-recorded days and closed days; three queries."""
    oldest, end = min(months), month_range(max(months))[1]
    locks = {
        lock.month: lock for lock in MonthLock.objects.filter(club=club, month__in=months).select_related("locked_by")
    }
    records = {
        row["month"]: row
        for row in Attendance.objects.filter(club=club, date__gte=oldest, date__lt=end)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .order_by("month")
        .annotate(records=Count("id"), not_recorded=Count("id", filter=Q(status=Status.NOT_RECORDED)))
    }
    closed = {
        row["month"]: row["n"]
        for row in JobRun.objects.filter(club=club, job=JobRun.Job.CLOSE_DAY, period__gte=oldest, period__lt=end)
        .annotate(month=TruncMonth("period"))
        .values("month")
        .order_by("month")
        .annotate(n=Count("id"))
    }
    this_month = month_start(today)
    return [
        MonthState(
            month=m, days=len(month_days(m)), lock=locks.get(m),
            records=records.get(m, {}).get("records", 0), not_recorded=records.get(m, {}).get("not_recorded", 0),
            days_closed=closed.get(m, 0), is_over=m < this_month,
        )
        for m in months
    ]


# --- For the owner's monthly report (reports/) ----------------------------------------------------
#
# Chain-wide reads: each function answers for many clubs at once, grouped by club in SQL, so that
# the report's query count does not grow with the number of clubs or people.


def followup_by_club(*, clubs, month):
    """``month_followup`` for many clubs in three queries: {club id: MonthFollowup}.

    The same rule as ``month_followup`` (active people, ``HONOUR``, each club's ``needs_talk_q``);
    each person comes with ``talk`` (the talk about this month, or None).
    """
    first, end = month_range(month)
    clubs = list(clubs)
    saved = {p.club_id: p for p in AttendancePolicy.objects.filter(club__in=clubs)}
    policies = {club.pk: saved.get(club.pk) or AttendancePolicy(club=club) for club in clubs}
    needs_talk = Q(pk__in=[])
    for club_id, policy in policies.items():
        needs_talk |= Q(club_id=club_id) & needs_talk_q(policy)
    people = (
        Person.objects.active()
        .filter(club__in=clubs)
        .annotate(m=FilteredRelation("attendance", condition=Q(attendance__date__gte=first, attendance__date__lt=end)))
        .annotate(**attendance_counts("m__"))
        .annotate(honour=flag(HONOUR), needs_talk=flag(needs_talk))
        .filter(Q(honour=True) | Q(needs_talk=True))
        .select_related("team")
        .prefetch_related(
            Prefetch(
                "attendance_talks",
                queryset=AttendanceTalk.objects.filter(month=first).select_related("held_by"),
                to_attr="month_talks",
            )
        )
        .order_by("club_id", "-absent", "-late", F("team__name").asc(nulls_last=True), "name")
    )
    result = {pk: MonthFollowup(month=first, policy=policy, honour_roll=[], needs_talk=[]) for pk, policy in policies.items()}
    for person in people:
        person.talk = person.month_talks[0] if person.month_talks else None
        followup = result[person.club_id]
        (followup.needs_talk if person.needs_talk else followup.honour_roll).append(person)
    return result


def talks_held(*, club_ids, month):
    """{club id: talks recorded about ``month``}, one query (a talk may be about someone not on the list any more)."""
    rows = (
        AttendanceTalk.objects.filter(club_id__in=club_ids, month=month_start(month))
        .values("club_id").order_by("club_id").annotate(n=Count("id"))
    )
    return {row["club_id"]: row["n"] for row in rows}




def followup_rows_by_club(*, clubs, month):
    """``followup_by_club`` as rows, for the report's snapshot: {club id: {"honour_roll": [...], "needs_talk": [...]}}.

    The same people, lists and order (the same rule: active people of these clubs, ``HONOUR``, each club's
    ``needs_talk_q``, "needs a talk" first), each a dict: ``person_id``, ``name``, ``team`` (its name or None),
    ``late``, ``late_minutes``, ``absent`` and ``talk_held`` (a talk about this month was recorded). Three queries
    whatever the headcount: the policies, the month's counts grouped by person in the attendance table (only
    people with records can be on either list) and the talks; no Person object is built.
    """
    first, end = month_range(month)
    clubs = list(clubs)
    saved = {p.club_id: p for p in AttendancePolicy.objects.filter(club__in=clubs)}
    rules = {club.pk: rule(needs_talk_q(saved.get(club.pk) or AttendancePolicy(club=club))) for club in clubs}
    honour = rule(HONOUR)
    counts = {key: value for key, value in attendance_counts().items() if key in PAGE_COUNTS}
    people = Person.objects.active().filter(club__in=clubs).values("pk")
    rows = (
        Attendance.objects.filter(person__in=people, date__gte=first, date__lt=end)
        .values("person_id", "person__club_id", "person__name", "person__team__name")
        .annotate(**counts)
        .order_by("person__club_id", "-absent", "-late", F("person__team__name").asc(nulls_last=True),
                  "person__name", "person_id")
    )
    result = {club.pk: {"honour_roll": [], "needs_talk": []} for club in clubs}
    for row in rows:
        club_id = row["person__club_id"]
        listed = "needs_talk" if rules[club_id](row) else "honour_roll" if honour(row) else None
        if listed:
            result[club_id][listed].append({
                "person_id": row["person_id"], "name": row["person__name"], "team": row["person__team__name"],
                "late": row["late"], "late_minutes": row["late_minutes"], "absent": row["absent"],
            })
    talked = set(AttendanceTalk.objects.filter(month=first, person__in=people).values_list("person_id", flat=True))
    for lists in result.values():
        for row in lists["needs_talk"]:
            row["talk_held"] = row["person_id"] in talked
    return result
