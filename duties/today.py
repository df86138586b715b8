"""The duties' panel of the Today page (``staff.registry``), registered by ``DutiesConfig.ready()``.

What needs the viewer now, each line a link to the page where it is done, read with the same
selectors and access rules as those pages:

* their own items still open in the checklists whose period ends today (``/duties/``), how many more
  are open in the week's, month's… checklists, and their own overdue items (open after their period);
* for those who lead people (``access.may_review_checklists``): the overdue items of the people they
  see this month, per person, as the review page counts them (``selectors.open_items_past``) — the
  owner only their direct reports' (the chain's completion is in the report's red flags);
* the checklists of their direct reports waiting for their sign-off (a weekly, monthly, quarterly or
  annual checklist whose period ended in the last month and nobody signed off; ``may_sign_off``).

A fixed number of queries whatever the number of people or items.
"""

import datetime

from django.db.models import Count

from staff import access

from . import selectors, services
from .access import may_review_checklists, may_sign_off
from .models import Checklist, ChecklistItem

SHOWN = 5  # lines of each list; the rest is a count and the link to the whole page
SIGN_OFF_DAYS = 31


def today_panel(viewer):
    if not viewer.club_id and not access.sees_every_club(viewer):
        return None
    today = services.today_for(viewer)
    current, overdue = selectors.my_checklists(viewer, today)
    due_today, later = [], 0
    for checklist in current:
        open_items = [item for item in checklist.items.all() if item.state == ChecklistItem.State.OPEN]
        if checklist.period_end == today:
            due_today.extend(open_items)
        else:
            later += len(open_items)
    panel = {
        "today": today,
        "due_today": due_today[:SHOWN],
        "due_today_more": max(0, len(due_today) - SHOWN),
        "later": later,
        "overdue": len(overdue),
        "team_overdue": [],
        "sign_offs": [],
    }
    if may_review_checklists(viewer):
        start, end = selectors.review_window("month", today)
        past = selectors.open_items_past(viewer, start, end, services.today_by_club())
        if access.sees_every_club(viewer):  # the owner reads the chain's completion in the report's red flags
            past = past.filter(checklist__person__reports_to=viewer)
        rows = list(
            past.values("checklist__person_id", "checklist__person__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "checklist__person__name")
        )
        panel["team_overdue"] = [{"name": r["checklist__person__name"], "count": r["n"]} for r in rows[:SHOWN]]
        panel["team_overdue_more"] = len(rows[SHOWN:])
        panel["team_overdue_total"] = sum(r["n"] for r in rows)
        panel["review_query"] = f"period=month&date={today:%Y-%m-%d}"
        waiting = list(
            Checklist.objects.filter(
                person__in=access.visible_people(viewer).filter(reports_to=viewer).exclude(pk=viewer.pk),
                signed_off_at__isnull=True,
                period_end__lt=today,
                period_end__gte=today - datetime.timedelta(days=SIGN_OFF_DAYS),
            )
            .exclude(cadence="daily")
            .select_related("person")
            .order_by("period_end", "person__name")[: SHOWN + 1]
        )
        panel["sign_offs"] = [c for c in waiting[:SHOWN] if may_sign_off(viewer, c.person)]
        panel["sign_offs_more"] = len(waiting) > SHOWN
    if not (panel["due_today"] or panel["later"] or panel["overdue"] or panel["team_overdue"] or panel["sign_offs"]):
        return None
    urgent = bool(panel["overdue"] or panel["team_overdue"])
    return {"duties_today": panel, "today_urgent": urgent}
