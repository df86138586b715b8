"""The demo chain's work plans: a year of plans with targets for each department of a club.

``seed(club, today=None)`` writes, for the calendar year of ``today`` (the club's date), one annual
plan per author — the store manager for the whole club, the marketing director for marketing, the
technician department manager for the massage technicians, the health-care manager for health
care — split into quarterly plans and those into monthly plans (each a part of the one above), up
to the month after ``today``. Past and current plans are approved by the author's superior (with
their steps), next month's are submitted and wait for approval. The targets of the parts add up
to the whole for the metrics that add up; the massage department's monthly service counts are also
split per team. Deterministic (no randomness, values from the club's and the month's numbers),
idempotent (a club that already has plans is left alone) and fast (a few hundred rows).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone, translation

from kernel.clock import club_today
from kernel.months import next_month
from staff.models import Department, Person, Role, Team

from . import metrics
from .models import Period, Plan, PlanStep, Status, Target
from .services import approver_for

# (position, department kind or None for the whole club, [(metric, yearly value or a rate)])
AUTHORS = [
    (Role.STORE_MANAGER, None, [("revenue", 3_600_000), ("customers_served", 24_000), ("attendance_rate", 96),
                               ("checklist_completion", 90), ("complaints", 24)]),
    (Role.MARKETING_DIRECTOR, Department.Kind.MARKETING, [("new_members", 600), ("member_topups", 1_200_000),
                                                          ("customers_served", 24_000), ("meetings_held", 300)]),
    (Role.TECHNICIAN_MANAGER, Department.Kind.MASSAGE, [("services", 36_000), ("requested_services", 9_600),
                                                        ("late_arrivals", 120), ("grooming_pass_rate", 95),
                                                        ("spot_check_average", Decimal("4.5"))]),
    (Role.CARE_MANAGER, Department.Kind.CARE, [("training_sessions_held", 48), ("assessment_pass_rate", 85),
                                               ("grooming_pass_rate", 95)]),
]
QUARTER_STARTS = (1, 4, 7, 10)


def _share(value, parts, index):
    """``value`` split into ``parts`` whole numbers that add up to it; the first ones take the remainder."""
    base, rest = divmod(int(value), parts)
    return Decimal(base + (1 if index < rest else 0))


def _quarter_of(month):
    return datetime.date(month.year, 3 * ((month.month - 1) // 3) + 1, 1)


def seed(club, *, today=None, **_options):
    """A year of plans for ``club``; returns how many plans it wrote."""
    if Plan.objects.filter(club=club).exists():
        return 0
    today = today or club_today(club)
    year = today.year
    last_month = next_month(today.replace(day=1))
    if last_month.year != year:
        last_month = datetime.date(year, 12, 1)
    known = metrics.registry()
    teams = list(Team.objects.filter(club=club, department__kind=Department.Kind.MASSAGE, closed_on__isnull=True)
                 .order_by("name"))
    written = 0
    for position, kind, targets in AUTHORS:
        author = Person.objects.active().filter(club=club, position=position).order_by("pk").first()
        if author is None:
            continue
        department = Department.objects.filter(club=club, kind=kind).first() if kind else None
        targets = [(key, Decimal(value)) for key, value in targets if key in known]
        approver = approver_for(author)
        # A manager in the club writes the title in the club's language, whichever language the command runs in.
        with translation.override(settings.LANGUAGE_CODE):
            label = str(department.get_kind_display()) if department else club.name

        def make(period, start, end, title, parent, rows):
            nonlocal written
            status = Status.SUBMITTED if start > today else Status.APPROVED
            plan = Plan.objects.create(
                club=club, department=department, parent=parent, period=period, starts_on=start, ends_on=end,
                title=title, goals=str(title), author=author, approver=approver, status=status,
            )
            Target.objects.bulk_create([Target(plan=plan, metric=key, value=value, order=n, **part)
                                        for n, (key, value, part) in enumerate(rows)])
            submitted = timezone.make_aware(datetime.datetime.combine(start - datetime.timedelta(days=5),
                                                                      datetime.time(10)), club.zone)
            plan.submitted_at = submitted
            steps = [PlanStep(plan=plan, action=PlanStep.Action.SUBMITTED, by=author, at=submitted)]
            if status == Status.APPROVED and approver is not None:
                decided = submitted + datetime.timedelta(days=1)
                plan.decided_at, plan.decided_by = decided, approver
                steps.append(PlanStep(plan=plan, action=PlanStep.Action.APPROVED, by=approver, at=decided))
            plan.save(update_fields=["submitted_at", "decided_at", "decided_by"])
            PlanStep.objects.bulk_create(steps)
            written += 1
            return plan

        def rows_for(parts, index, split_teams=False):
            rows = []
            for key, value in targets:
                metric = known[key]
                share = _share(value, parts, index) if metric.additive else value
                rows.append((key, share, {}))
                if split_teams and teams and metric.additive and metric.measured_for(metrics.TEAM):
                    rows += [(key, _share(share, len(teams), n), {"team": team}) for n, team in enumerate(teams)]
            return rows

        annual = make(Period.YEAR, datetime.date(year, 1, 1), datetime.date(year, 12, 31),
                      f"{year} {label}", None, rows_for(1, 0))
        for q, first in enumerate(QUARTER_STARTS):
            start = datetime.date(year, first, 1)
            if start > _quarter_of(last_month):
                break
            end = next_month(next_month(next_month(start))) - datetime.timedelta(days=1)
            quarter = make(Period.QUARTER, start, end, f"{year} Q{q + 1} {label}", annual, rows_for(4, q))
            for m in range(3):
                month = datetime.date(year, first + m, 1)
                if month > last_month:
                    break
                make(Period.MONTH, month, next_month(month) - datetime.timedelta(days=1),
                     f"{month:%Y-%m} {label}", quarter, rows_for(12, first + m - 1, split_teams=True))
    return written
