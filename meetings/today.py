"""Meetings' panel of the Today page (``staff.registry``), registered by ``MeetingsConfig.ready()``.

Each line a link to the page where it is done, read with the meetings' own selectors and access:

* today's meetings (the club's day) the viewer attends or chairs — for the club's managers
  (``staff.access.is_manager``) every meeting of today they may read, as the meetings page lists
  them (``selectors.meeting_list``) — with the action items still open in each one's series;
* the viewer's own open action items, overdue first (``selectors.my_action_items``, the page
  "My action items").

A fixed number of queries whatever the number of meetings, attendees or items.
"""

import datetime

from django.db.models import Count
from django.utils import timezone

from kernel.clock import chain_today, club_today
from staff import access as staff_access

from . import selectors
from .models import ActionItem, Meeting

SHOWN = 5


def today_panel(viewer):
    club = viewer.club
    today = club_today(club) if club is not None else chain_today()
    meetings = []
    if club is not None:
        start = timezone.make_aware(datetime.datetime.combine(today, datetime.time()), club.zone)
        end = timezone.make_aware(
            datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time()), club.zone)
        mine = not staff_access.is_manager(viewer)
        meetings = [m for m in selectors.meeting_list(viewer, start=start, end=end, club=club, mine=mine)
                    if m.status != Meeting.Status.CANCELLED]
        if meetings:
            counts = dict(
                ActionItem.objects.filter(series_id__in={m.series_id for m in meetings}, status=ActionItem.Status.OPEN)
                .values_list("series_id")
                .annotate(n=Count("pk"))
                .order_by()
            )
            for meeting in meetings:
                meeting.open_items = counts.get(meeting.series_id, 0)
    open_items, _closed = selectors.my_action_items(viewer, today)
    if not meetings and not open_items:
        return None
    overdue = sum(1 for item in open_items if item.overdue)
    panel = {
        "today": today,
        "meetings": meetings,
        "now": timezone.now(),
        "items": open_items[:SHOWN],
        "items_more": max(0, len(open_items) - SHOWN),
        "items_open": len(open_items),
        "items_overdue": overdue,
    }
    return {"meetings_today": panel, "today_urgent": bool(overdue)}
