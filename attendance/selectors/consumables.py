"""Consumables: what was issued and what ran low, for the owner's monthly report."""

from django.db.models import Count, F, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from ..models import ConsumableIssue, ConsumableItem, StockReceipt

# --- For the owner's monthly report (reports/) ----------------------------------------------------
#
# Chain-wide reads: each function answers for many clubs at once, grouped by club in SQL, so that
# the report's query count does not grow with the number of clubs or people. Moments (``issued_at``) are
# given per club as local-midnight bounds.


def in_club_bounds(field, club_field, bounds):
    """A Q keeping rows whose ``field`` (a moment) lies in their club's ``bounds``: {club id: (start, end)}."""
    q = Q(pk__in=[])
    for club_id, (start, end) in bounds.items():
        q |= Q(**{club_field: club_id, f"{field}__gte": start, f"{field}__lt": end})
    return q


def consumables_issued_by_club(*, bounds):
    """Rows (club id, item id, name, unit, issues, quantity) of what was issued within each club's ``bounds``."""
    return list(
        ConsumableIssue.objects.filter(in_club_bounds("issued_at", "item__club_id", bounds))
        .values(club_id=F("item__club_id"), item_name=F("item__name"), item_unit=F("item__unit"))
        .annotate(item_id=Max("item_id"), issues=Count("id"), quantity=Sum("quantity"))
        .order_by("club_id", "-quantity", "item_name")
    )


def low_stock_by_club(*, moments):
    """Items in use that were at or below their low-stock threshold at each club's moment: {club id: moment}.

    The stock at a moment is today's stock plus what was issued since, less what was received
    since (on or after the moment's local date); one query.
    """
    issued_since = Q(pk__in=[])
    received_since = Q(pk__in=[])
    for club_id, at in moments.items():
        issued_since |= Q(item__club_id=club_id, issued_at__gte=at)
        received_since |= Q(item__club_id=club_id, received_on__gte=at.date())
    issued = ConsumableIssue.objects.filter(issued_since, item=OuterRef("pk")).order_by().values("item")
    received = StockReceipt.objects.filter(received_since, item=OuterRef("pk")).order_by().values("item")
    return list(
        ConsumableItem.objects.filter(club_id__in=list(moments), is_active=True)
        .annotate(
            stock_then=F("stock")
            + Coalesce(Subquery(issued.annotate(n=Sum("quantity")).values("n")), 0)
            - Coalesce(Subquery(received.annotate(n=Sum("quantity")).values("n")), 0)
        )
        .filter(stock_then__lte=F("low_stock_threshold"))
        .values("club_id", "id", "name", "unit", "stock_then", "low_stock_threshold")
        .order_by("club_id", "name")
    )


