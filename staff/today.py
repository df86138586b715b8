"""The kernel's own panel of the Today page: the person's unread notices (order 70).

Each notice leads where its app says something can be done about it (``registry.notice_link``),
else to the notices page, where it is marked read. At most two queries whatever the number of notices.
"""

from .models import Notice

SHOWN = 5


def notices_panel(viewer):
    from . import registry

    unread = Notice.objects.filter(person=viewer, read_at__isnull=True).order_by("-created_at", "-pk")
    shown = list(unread[:SHOWN])
    if not shown:
        return None
    count = unread.count()
    for notice in shown:
        notice.link = registry.notice_link(notice)
    return {"notices_today": {"notices": shown[:SHOWN], "count": count}}
