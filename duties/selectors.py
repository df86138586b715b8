"""Reads of checklists: a person's own, a superior's review, and the completion figures."""

import datetime

from django.db.models import Count, F, Prefetch, Q, Sum
from django.db.models.functions import Coalesce

from staff import access

from .models import Checklist, ChecklistItem
from kernel.periods import period

STATE = ChecklistItem.State


def _items():
    return Prefetch("items", queryset=ChecklistItem.objects.select_related("duty_version", "ticked_by").order_by("order", "pk"))


def my_checklists(person, today, overdue_days=62):
    """The person's checklists of the current periods (today first, then week, month, quarter, year)
    and their items still open from periods that have ended."""
    current = Checklist.objects.filter(person=person, period_start__lte=today, period_end__gte=today).prefetch_related(_items())
    order = {"daily": 0, "weekly": 1, "monthly": 2, "quarterly": 3, "annual": 4}
    current = sorted(current, key=lambda c: order.get(c.cadence, 9))
    overdue = (
        ChecklistItem.objects.filter(
            checklist__person=person, state=STATE.OPEN, checklist__period_end__lt=today,
            checklist__period_end__gte=today - datetime.timedelta(days=overdue_days),
        )
        .select_related("duty_version", "checklist")
        .order_by("checklist__period_end", "order")
    )
    return current, list(overdue)


def period_over(today, path="checklist__"):
    """A Q: the checklist (reached through ``path``) ended before ``today`` — one date, or {club id: that
    club's local date} when the checklists are of clubs in different time zones."""
    if not isinstance(today, dict):
        return Q(**{f"{path}period_end__lt": today})
    over = Q(pk__in=[])
    for club_id, day in today.items():
        over |= Q(**{f"{path}club_id": club_id, f"{path}period_end__lt": day})
    return over


def rate(row):
    """Done over the items that applied (not-applicable items do not count)."""
    applicable = row["total"] - row["na"]
    return round(100 * row["done"] / applicable, 1) if applicable else None


def review_rows(viewer, start, end, today):
    """Per person the viewer leads: completion of the checklists whose period lies in [start, end]."""
    people = access.visible_people(viewer).exclude(pk=viewer.pk).filter(checklists__period_start__gte=start,
                                                                         checklists__period_end__lte=end)
    rows = (
        people.values("pk", "name", "position")
        .annotate(
            done=Count("checklists__items", filter=Q(checklists__items__state=STATE.DONE), distinct=True),
            not_done=Count("checklists__items", filter=Q(checklists__items__state=STATE.NOT_DONE), distinct=True),
            na=Count("checklists__items", filter=Q(checklists__items__state=STATE.NOT_APPLICABLE), distinct=True),
            open=Count("checklists__items", filter=Q(checklists__items__state=STATE.OPEN), distinct=True),
            overdue=Count(
                "checklists__items",
                filter=Q(checklists__items__state=STATE.OPEN) & period_over(today, "checklists__"),
                distinct=True,
            ),
            total=Count("checklists__items", distinct=True),
        )
        .order_by("-overdue", "name")
    )
    result = []
    for row in rows:
        # nothing done, refused or overdue yet (a period still running): no rate to read, "–" rather than "0.0 %"
        row["rate"] = rate(row) if row["done"] + row["not_done"] + row["overdue"] else None
        result.append(row)
    return result


def review_checklists(viewer, start, end):
    """The checklists of the people the viewer leads in [start, end], with their items."""
    return (
        Checklist.objects.filter(person__in=access.visible_people(viewer).exclude(pk=viewer.pk),
                                 period_start__gte=start, period_end__lte=end)
        .select_related("person", "signed_off_by")
        .prefetch_related(_items())
        .order_by("person__name", "cadence", "period_start")
    )


def item_rows(viewer, start, end, today):
    """Per duty wording: how the people the viewer leads did on it in [start, end], worst first."""
    items = ChecklistItem.objects.filter(
        checklist__person__in=access.visible_people(viewer).exclude(pk=viewer.pk),
        checklist__period_start__gte=start, checklist__period_end__lte=end,
    )
    rows = (
        items.values("duty_id", "duty__position")
        .annotate(
            done=Count("pk", filter=Q(state=STATE.DONE)),
            not_done=Count("pk", filter=Q(state=STATE.NOT_DONE)),
            na=Count("pk", filter=Q(state=STATE.NOT_APPLICABLE)),
            open=Count("pk", filter=Q(state=STATE.OPEN)),
            overdue=Count("pk", filter=Q(state=STATE.OPEN) & period_over(today)),
            total=Count("pk"),
        )
        .order_by("-overdue", "-not_done")
    )
    return list(rows)


def completion_by(*, club_ids, start, end, today, group):
    """Completion figures for checklists whose period lies within [start, end] — the monthly report's source.

    ``group`` is one of "person", "position", "department", "club", "club_position", "club_person". Computed in SQL.
    """
    keys = {
        "person": ["checklist__person_id", "checklist__person__name", "checklist__person__position"],
        "position": ["checklist__person__position"],
        "department": ["checklist__person__department__kind"],
        "club": ["checklist__club_id"],
        "club_position": ["checklist__club_id", "checklist__person__position"],
        "club_person": ["checklist__club_id", "checklist__person_id"],
    }[group]
    # Read from each checklist's counts of its items (``duties.counts``), not from the items: a chain's month is
    # ~35,000 checklists and ~300,000 items. The rows keep the names they had when they were grouped from items.
    own = {key: key.removeprefix("checklist__") for key in keys}
    lists = Checklist.objects.filter(period_start__gte=start, period_end__lte=end, items_total__gt=0)
    if club_ids is not None:
        lists = lists.filter(club_id__in=club_ids)
    still_open = F("items_total") - F("items_done") - F("items_not_done") - F("items_na")
    over = period_over(today, path="")

    def total(value, condition=None):
        return Coalesce(Sum(value, filter=condition), 0)

    rows = list(
        lists.values(*own.values())
        .annotate(
            done=total("items_done"), not_done=total("items_not_done"), na=total("items_na"),
            open=total(still_open, ~over), overdue=total(still_open, over), total=total("items_total"),
        )
        .order_by(*own.values())
    )
    rows = [{**{key: row[name] for key, name in own.items()},
             **{k: row[k] for k in ("done", "not_done", "na", "open", "overdue", "total")}} for row in rows]
    for row in rows:
        row["rate"] = rate(row)
    return rows


def review_window(kind, day):
    """The dates a review covers: a day, the week or the month containing ``day``."""
    return period({"day": "daily", "week": "weekly", "month": "monthly"}.get(kind, "daily"), day)


def open_items_past(viewer, start, end, today):
    """The items of the people the viewer leads, in the checklists of [start, end], still open after their
    period ended (by each club's own date) and not signed off: what a superior may close in one go."""
    return ChecklistItem.objects.filter(
        period_over(today),
        checklist__person__in=access.visible_people(viewer).exclude(pk=viewer.pk),
        checklist__period_start__gte=start, checklist__period_end__lte=end,
        checklist__signed_off_at__isnull=True, state=STATE.OPEN,
    )
