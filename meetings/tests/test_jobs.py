"""Reminders: an hour before a meeting, and once a day for overdue action items; each sent once."""

import datetime

from django.core import mail
from django.core.management import call_command

from staff.models import Notice
from meetings import jobs, services
from meetings.models import Meeting
from meetings.tests.factories import make_series

D = datetime.date
UTC = datetime.UTC


def _immediately(monkeypatch):
    monkeypatch.setattr("django.db.transaction.on_commit", lambda fn, *a, **k: fn())


def test_everyone_expected_is_reminded_an_hour_before_once(world, monkeypatch):
    _immediately(monkeypatch)
    world.customer_manager.user.email = "cm@example.com"
    world.customer_manager.user.save()
    series = make_series(world.club1, world.marketing.department, world.marketing, title="Marketing daily",
                         positions=["marketing_director", "customer_manager"], time=datetime.time(10, 0))
    services.meetings_make(series=series, days=[D(2026, 11, 23)])  # 10:00 Shanghai is 02:00 UTC
    assert jobs.remind_upcoming_meetings(now=datetime.datetime(2026, 11, 23, 0, 30, tzinfo=UTC)) == 0, "too early"
    at = datetime.datetime(2026, 11, 23, 1, 5, tzinfo=UTC)
    assert jobs.remind_upcoming_meetings(now=at) == 2
    assert jobs.remind_upcoming_meetings(now=at + datetime.timedelta(minutes=15)) == 0
    notices = Notice.objects.filter(kind__startswith="meeting:")
    assert sorted(n.person.name for n in notices) == ["customer_manager", "marketing"]
    assert "10:00" in notices.first().text and "Marketing daily" in notices.first().text
    assert [m.to for m in mail.outbox] == [["cm@example.com"]]


def test_a_cancelled_meeting_sends_no_reminder(world):
    series = make_series(world.club1, None, world.store_manager, positions=["store_manager"])
    services.meetings_make(series=series, days=[D(2026, 11, 23)])
    services.meeting_cancel(meeting=Meeting.objects.get(), by=world.store_manager, reason="closed")
    assert jobs.remind_upcoming_meetings(now=datetime.datetime(2026, 11, 23, 1, 30, tzinfo=UTC)) == 0


def test_a_berlin_meeting_is_reminded_by_its_own_clock(world):
    world.club2.time_zone = "Europe/Berlin"
    world.club2.save()
    series = make_series(world.club2, None, world.store_manager_2, time=datetime.time(9, 0))
    services.meetings_make(series=series, days=[D(2026, 7, 6)])  # 09:00 summer time is 07:00 UTC
    assert jobs.remind_upcoming_meetings(now=datetime.datetime(2026, 7, 6, 5, 30, tzinfo=UTC)) == 0
    assert jobs.remind_upcoming_meetings(now=datetime.datetime(2026, 7, 6, 6, 10, tzinfo=UTC)) == 1


def test_owners_of_overdue_items_are_reminded_once_a_day_from_nine(world, monkeypatch):
    _immediately(monkeypatch)
    world.customer_manager.language = "en"  # notices are written in the person's language
    world.customer_manager.save()
    series = make_series(world.club1, world.marketing.department, world.marketing, positions=["customer_manager"])
    services.meetings_make(series=series, days=[D(2026, 11, 10)])
    meeting = Meeting.objects.select_related("club", "series").get()
    for what, due in [("Old", D(2026, 11, 12)), ("Older", D(2026, 11, 11)), ("Not yet", D(2026, 11, 30))]:
        services.action_item_add(meeting=meeting, by=world.marketing, what=what, owner=world.customer_manager, due=due,
                                 now=meeting.starts_at)
    early = datetime.datetime(2026, 11, 20, 0, 30, tzinfo=UTC)  # 08:30 in Shanghai
    assert jobs.remind_overdue_action_items(now=early) == 0
    nine = datetime.datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
    assert jobs.remind_overdue_action_items(now=nine) == 1
    assert jobs.remind_overdue_action_items(now=nine + datetime.timedelta(hours=3)) == 0
    notice = Notice.objects.get(kind=jobs.OVERDUE_KIND)
    assert notice.person == world.customer_manager and notice.date == D(2026, 11, 20)
    assert "2 overdue action item(s), the oldest due on 2026-11-11" in notice.text
    assert jobs.remind_overdue_action_items(now=nine + datetime.timedelta(days=1)) == 1, "the next day, again"


def test_the_dispatcher_and_its_command_twins(world, capsys):
    call_command("run_meeting_jobs")
    out = capsys.readouterr().out
    assert "meetings created:" in out and "meeting reminders:" in out
    assert Meeting.objects.filter(club=world.club2).exists()
    call_command("remind_meetings")
    call_command("remind_overdue_action_items", "--date", "2026-11-20")
    out = capsys.readouterr().out
    assert "reminders sent" in out and "overdue reminders sent" in out
