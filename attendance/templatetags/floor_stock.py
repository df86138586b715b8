"""``{% low_stock_warning %}``: the consumables at or below their threshold in the viewer's club."""

from django import template

from staff import access

from ..models import ConsumableItem

register = template.Library()


@register.inclusion_tag("attendance/_low_stock.html", takes_context=True)
def low_stock_warning(context):
    viewer = context.get("viewer")
    if viewer is None or not viewer.club_id or not access.may_keep_floor_records(viewer):
        return {"low_stock": []}
    low = ConsumableItem.objects.filter(club_id=viewer.club_id, is_active=True).low()
    return {"low_stock": list(low), "club_qs": ""}
