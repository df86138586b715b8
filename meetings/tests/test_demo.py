"""The demo: the default series, three months of held meetings and reports; nothing made twice."""

import datetime

from django.utils import timezone

from meetings import demo
from meetings.models import ActionItem, Meeting, Report
from staff.demo import seed_demo
from staff.models import Club


def test_the_demo_holds_meetings_items_and_reports_and_runs_twice(db):
    seed_demo()
    club = Club.objects.order_by("pk").first()
    today = timezone.localdate(timezone=club.zone)
    held = demo.seed(club=club, today=today, days=40)
    assert held > 40
    counts = (Meeting.objects.count(), ActionItem.objects.count(), Report.objects.count())
    assert demo.seed(club=club, today=today, days=40) == 0
    assert (Meeting.objects.count(), ActionItem.objects.count(), Report.objects.count()) == counts

    meetings = Meeting.objects.filter(club=club)
    assert meetings.filter(status="held", finalised_at__isnull=False).exists()
    assert meetings.filter(occurrence=today, status="scheduled").exists(), "today's meetings are ready"
    items = ActionItem.objects.filter(club=club)
    assert items.filter(status="done").exists() and items.filter(status="open", due__lt=today).exists()
    carried = items.filter(status="done").exclude(closed_in=None).first()
    assert carried.closed_in.starts_at > carried.meeting.starts_at
    assert Report.objects.filter(club=club, status__in=["submitted", "acknowledged", "returned"]).exists()
    assert all(r.figures["departments"] for r in Report.objects.all())
    assert datetime.date.fromisoformat(Report.objects.first().figures["period"]["start"]) <= today
