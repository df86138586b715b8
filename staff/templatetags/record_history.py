"""``{% history_link obj %}``: a link to a record's change history, for the people who may read it."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from staff import access, history
from staff.models import Role

register = template.Library()


@register.simple_tag(takes_context=True)
def history_link(context, obj, css="btn btn-sm btn-outline-secondary"):
    request = context.get("request")
    viewer = getattr(request, "person", None)
    if obj is None or viewer is None or not viewer.is_active or viewer.position not in (Role.OWNER, Role.STORE_MANAGER):
        return ""
    if history.history_model(obj._meta.label_lower) is None:
        return ""
    club = history.club_of(obj)
    if club is None and viewer.position != Role.OWNER:
        return ""
    if club is not None and not access.may_manage_club(viewer, club):
        return ""
    url = reverse("staff:record_history", args=[obj._meta.label_lower, obj.pk])
    return format_html('<a class="{}" href="{}">{}</a>', css, url, _("Changes"))
