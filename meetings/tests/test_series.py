"""Managers create and edit series in the app; a recurrence that never occurs is refused with its input kept."""

import datetime

from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting, MeetingSeries

VALID = {"title": "Front desk huddle", "kind": "daily", "frequency": "daily", "time": "09:30", "duration_minutes": "20",
         "place": "Lobby", "day_rule": "day", "day_of_month": "1", "month_in_period": "1", "starts_on": "2026-01-01",
         "is_active": "on", "agenda_template": "Targets\nProblems"}


def test_the_store_manager_creates_a_series_and_its_meetings_are_planned(client_as, world):
    body = {**VALID, "department": world.marketing.department.pk, "chair": world.marketing.pk,
            "positions": ["customer_manager"], "people": [world.store_manager.pk]}
    response = client_as(world.store_manager).post(reverse("meetings:series_add"), body)
    series = MeetingSeries.objects.get(title="Front desk huddle")
    assert response.status_code == 302 and response["Location"] == reverse("meetings:series_detail", args=[series.pk])
    assert series.club == world.club1 and series.positions == ["customer_manager"]
    meeting = Meeting.objects.filter(series=series).order_by("starts_at").first()
    listed = set(meeting.attendees.values_list("person__name", flat=True))
    assert listed == {"marketing", "customer_manager", "store_manager"}
    assert meeting.starts_at.astimezone(world.club1.zone).time() == datetime.time(9, 30)


def test_weekly_without_a_weekday_is_refused(client_as, world):
    body = {**VALID, "frequency": "weekly", "department": world.marketing.department.pk}
    page = client_as(world.store_manager).post(reverse("meetings:series_add"), body).content.decode()
    assert "Choose at least one weekday." in page and 'value="Front desk huddle"' in page
    assert not MeetingSeries.objects.exists()


def test_a_recurrence_that_never_occurs_is_refused(client_as, world):
    body = {**VALID, "frequency": "monthly", "day_rule": "last_working", "starts_on": "2026-03-02",
            "ends_on": "2026-03-20", "department": world.marketing.department.pk}
    page = client_as(world.store_manager).post(reverse("meetings:series_add"), body).content.decode()
    assert "This recurrence never occurs" in page
    body = {**VALID, "frequency": "quarterly", "month_in_period": "5", "department": world.marketing.department.pk}
    page = client_as(world.store_manager).post(reverse("meetings:series_add"), body).content.decode()
    assert "A quarter has three months" in page
    assert not MeetingSeries.objects.exists()


def test_a_head_creates_series_only_for_their_departments(client_as, world):
    client = client_as(world.marketing)
    page = client.post(reverse("meetings:series_add"), {**VALID, "department": world.care_manager.department.pk})
    assert "Select a valid choice" in page.content.decode()
    client.post(reverse("meetings:series_add"), {**VALID, "department": world.marketing.department.pk,
                                                 "chair": world.marketing.pk})
    assert MeetingSeries.objects.get().department == world.marketing.department
    assert client_as(world.supervisor_a).get(reverse("meetings:series_add")).status_code == 403


def test_editing_a_series_in_the_app_moves_the_meetings_to_come(client_as, world, marketing_daily):
    body = {**VALID, "title": "Marketing daily", "time": "08:45", "department": world.marketing.department.pk,
            "chair": world.marketing.pk, "positions": ["marketing_director", "customer_manager"]}
    response = client_as(world.marketing).post(reverse("meetings:series_edit", args=[marketing_daily.pk]), body)
    assert response.status_code == 302
    upcoming = Meeting.objects.filter(series=marketing_daily, starts_at__gt=timezone.now())
    assert {m.starts_at.astimezone(world.club1.zone).time() for m in upcoming} == {datetime.time(8, 45)}
    page = client_as(world.marketing).get(reverse("meetings:series_detail", args=[marketing_daily.pk])).content.decode()
    assert "08:45" in page


def test_the_defaults_are_added_from_the_series_page(client_as, world):
    client = client_as(world.store_manager)
    assert "Add the default series" in client.get(reverse("meetings:series_list")).content.decode()
    client.post(reverse("meetings:series_list"), {"club": world.club1.pk})
    assert MeetingSeries.objects.filter(club=world.club1).count() == 10
    assert not MeetingSeries.objects.filter(club=world.club2).exists()
    assert Meeting.objects.filter(club=world.club1).exists()
