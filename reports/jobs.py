"""The report's scheduled work (monthly, on the 1st), as one idempotent service.

``run_due(now)`` — what the 15-minute beat tick and the ``run_report_jobs`` command do:

1. For every open club whose local time has passed 08:00 on the 1st, last month's snapshot is
   built (once; a later run finds it). Up to ``BACKFILL`` missing snapshots of the twelve
   months before are built too, and stale ones of those months rebuilt (``snapshots``).
2. Each store manager of such a club gets a delivery of their club's report for last month;
   each owner gets the chain's once every open club has passed its 08:00. A run late by more
   than ``CATCH_UP_DAYS`` sends nothing for that month (a new installation mid-month stays quiet).
3. Every delivery due now is sent (``delivery.delivery_send``): inline (the command), or queued
   as a task per delivery after commit (the beat tick).

Running it twice, or twice at once, builds nothing twice and sends one e-mail per person and
month: the snapshot and the delivery are held by unique constraints, and a delivery is claimed
with one conditional UPDATE before it is sent.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from kernel.months import last_months, month_start, next_month, previous_month
from staff.models import Club

from . import delivery
from .selectors import clubs_with_first_month, first_month
from .snapshots import build_many, snapshots_for

SEND_AT = datetime.time(8, 0)  # club local time on the 1st
BACKFILL = 24  # missing snapshots of earlier months built per run at most
CATCH_UP_DAYS = 7  # after downtime, a month's e-mails still go out this many days after the 1st, never later


@dataclass
class Run:
    built: list = field(default_factory=list)
    created: int = 0
    sent: int = 0
    queued: int = 0

    def __str__(self):
        return (f"{len(self.built)} snapshot(s) built or checked, {self.created} e-mail(s) to send, "
                f"{self.sent} sent, {self.queued} queued")


def due_month(club, now):
    """The month whose report is due in ``club`` at ``now``: last month from 08:00 on the 1st, club time."""
    local = now.astimezone(club.zone) - datetime.timedelta(hours=SEND_AT.hour, minutes=SEND_AT.minute)
    return previous_month(month_start(local.date()))


def rebuild_stale(clubs, now):
    """Rebuild every snapshot of these clubs, however old, whose month changed after it was built; [(code, month)]."""
    from django.db.models import F, OuterRef, Subquery

    from .models import MonthlySnapshot, StaleMonth

    by_pk = {c.pk: c for c in clubs}
    mark = StaleMonth.objects.filter(club_id=OuterRef("club_id"), month=OuterRef("month")).values("changed_at")[:1]
    rows = (
        MonthlySnapshot.objects.filter(club_id__in=list(by_pk)).annotate(changed=Subquery(mark))
        .filter(changed__gte=F("built_at")).values_list("club_id", "month")
    )
    todo = {}
    for pk, month in rows:
        todo.setdefault(month, []).append(pk)
    built = []
    for month, ids in sorted(todo.items()):
        build_many([by_pk[pk] for pk in ids], month, now=now, reason="records changed after it was built")
        built += [(by_pk[pk].code, month) for pk in ids]
    return built


def run_due(now=None, *, inline=True):
    """Build what is due, create the month's deliveries, and send (``inline``) or queue what is due."""
    now = now or timezone.now()
    run = Run()
    clubs = [c for c in clubs_with_first_month(Club.objects.filter(is_active=True))]
    due = {c.pk: due_month(c, now) for c in clubs}
    for club in clubs:
        month = due[club.pk]
        months = [m for m in last_months(month, 12) if m >= first_month(club)]
        if not months:
            continue
        found = snapshots_for([club], months, now=now, build_missing=False)
        missing = [m for m in months if (club.pk, m) not in found]
        wanted = ([month] if month in missing else []) + [m for m in missing if m != month][:BACKFILL]
        if wanted:
            found.update(snapshots_for([club], wanted, now=now))
        run.built += [(club.code, m) for m in wanted]
    run.built += rebuild_stale(clubs, now)
    if clubs:
        newest = max(due.values())
        ready = [c.pk for c in clubs if due[c.pk] == newest and first_month(c) <= newest]
        everyone = all(due[c.pk] == newest for c in clubs)
        # A week after the 1st by the clubs' own dates (not the server's): the last club to get there ends it.
        last_day = next_month(newest) + datetime.timedelta(days=CATCH_UP_DAYS - 1)
        if min(now.astimezone(c.zone).date() for c in clubs) <= last_day:
            run.created = len(delivery.deliveries_create(month=newest, club_ids=ready, owners=everyone))
    ids = delivery.due(now)
    if inline:
        run.sent = sum(delivery.delivery_send(pk, now=now) for pk in ids)
    else:
        delivery.queue_send(ids)
        run.queued = len(ids)
    return run
