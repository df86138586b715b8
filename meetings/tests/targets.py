"""The meetings' objects the access matrix opens (``mt_`` targets), in each club.

Club 1: the marketing department's daily meeting today (the director chairs; the customer
manager is expected), a decision and an action item for the customer manager, and a
month-end meeting with its report drafted for the owner. Club 2: a club-wide daily series
with today's meeting and a month-end meeting with its report, chaired by its store manager.
"""

import datetime

from django.utils import timezone

from meetings import services
from meetings.models import DayRule, Frequency, Kind, Meeting
from meetings.tests.factories import make_series


def meeting_targets(world):
    club1, club2 = world.club1, world.club2
    today1, today2 = (timezone.localdate(timezone=c.zone) for c in (club1, club2))
    series_1 = make_series(club1, world.marketing.department, world.marketing, title="Marketing daily",
                           positions=["marketing_director", "customer_manager"])
    services.meetings_make(series=series_1, days=[today1])
    meeting_1 = Meeting.objects.select_related("club", "series").get(series=series_1)
    decision_1 = services.decision_add(meeting=meeting_1, by=world.marketing, text="Call every VIP")
    item_1 = services.action_item_add(meeting=meeting_1, by=world.marketing, what="Call the VIPs",
                                      owner=world.customer_manager, due=today1)
    month_end = make_series(club1, world.marketing.department, world.marketing, title="Marketing month-end",
                            kind=Kind.MONTH_END, frequency=Frequency.MONTHLY, day_rule=DayRule.LAST_WORKING_DAY,
                            positions=["marketing_director", "customer_manager"])
    services.meetings_make(series=month_end, days=[datetime.date(2026, 10, 30)])
    summary_1 = Meeting.objects.select_related("club", "chair", "department").get(series=month_end)
    services.report_prepare(meeting=summary_1)
    series_2 = make_series(club2, None, world.store_manager_2, title="Club two daily", positions=["supervisor"])
    services.meetings_make(series=series_2, days=[today2])
    month_end_2 = make_series(club2, None, world.store_manager_2, title="Club two month-end", kind=Kind.MONTH_END,
                              frequency=Frequency.MONTHLY, day_rule=DayRule.LAST_WORKING_DAY)
    services.meetings_make(series=month_end_2, days=[datetime.date(2026, 10, 30)])
    summary_2 = Meeting.objects.select_related("club", "chair", "department").get(series=month_end_2)
    services.report_prepare(meeting=summary_2)
    return {
        "mt_series_1": series_1, "mt_series_2": series_2, "mt_meeting_1": meeting_1,
        "mt_meeting_2": Meeting.objects.get(series=series_2), "mt_decision_1": decision_1, "mt_item_1": item_1,
        "mt_summary_1": summary_1, "mt_summary_2": summary_2,
    }
