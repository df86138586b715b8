"""Plans' panel of the Today page (``staff.registry``), registered by ``PlansConfig.ready()``.

* plans waiting for the viewer's approval (urgent while any wait);
* the viewer's current approved plans — their own, and for the store manager the whole club's —
  with each whole target against the actual so far (``progress.plan_progress``), the shortest
  period first, at most ``SHOWN_PLANS`` of them.

A fixed number of queries whatever the number of plans, targets or people.
"""

from django.db.models import Q

from kernel.clock import chain_today, club_today
from staff.access import is_store_manager_of

from .models import Plan, Status
from .progress import plan_progress

SHOWN_WAITING = 5
SHOWN_PLANS = 2
PERIOD_ORDER = {"week": 0, "month": 1, "promotion": 2, "quarter": 3, "year": 4}


def today_panel(viewer):
    today = club_today(viewer.club) if viewer.club_id else chain_today()
    waiting = list(Plan.objects.filter(approver=viewer, status=Status.SUBMITTED)
                   .select_related("author", "department").order_by("submitted_at", "pk")[: SHOWN_WAITING + 1])
    current = []
    if viewer.club_id:
        own = Q(author=viewer)
        if is_store_manager_of(viewer, viewer.club_id):
            own |= Q(club_id=viewer.club_id, department__isnull=True)
        plans = list(Plan.objects.filter(own, status=Status.APPROVED, starts_on__lte=today, ends_on__gte=today)
                     .select_related("club", "department")[:20])
        plans.sort(key=lambda p: (PERIOD_ORDER.get(p.period, 9), p.starts_on, p.pk))
        for plan in plans[:SHOWN_PLANS]:
            lines, elapsed = plan_progress(plan, today)
            current.append({"plan": plan, "lines": [line for line in lines if line.target is not None],
                            "elapsed": elapsed})
    if not waiting and not current:
        return None
    return {
        "plans_today": {"waiting": waiting[:SHOWN_WAITING], "waiting_more": len(waiting) > SHOWN_WAITING,
                        "current": current},
        "today_urgent": bool(waiting),
        "today_needs": bool(waiting),
    }
