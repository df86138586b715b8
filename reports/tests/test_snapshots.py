"""Finished months are read from snapshots, built again when a record of the month changes afterwards."""

import datetime

import pytest
from django.utils import timezone

from conftest import forget_cache
from attendance import locks
from attendance.models import Attendance, MonthLock, Status
from reports import jobs
from reports.models import MonthlySnapshot
from reports.selectors import clubs_with_first_month
from reports.snapshots import build, snapshots_for, stale
from staff.models import Club

from .month import READ_IN_NOVEMBER, MONTH, build_month, day


pytestmark = READ_IN_NOVEMBER


@pytest.fixture
def october(world):
    records = build_month(world)
    world.records = records
    return world


def club_json(client, world):
    return client.get(f"/reports/monthly/2026-10/clubs/{world.club1.pk}/", {"format": "json"}).json()


def build_october(world):
    """What beat does: build the month's snapshots (here, of both clubs)."""
    from reports.tasks import build_snapshots

    build_snapshots([world.club1.pk, world.club2.pk], "2026-10")


def test_a_finished_month_is_read_from_its_snapshot(client, october):
    client.force_login(october.owner.user)
    build_october(october)
    data = club_json(client, october)
    snapshot = MonthlySnapshot.objects.get(club=october.club1, month=MONTH)
    assert data["built_at"] == snapshot.built_at.isoformat() and data["live"] is False
    assert snapshot.figures["attendance"]["late"] == 3
    # The snapshot, not the records, answers: change it behind the records' back and the report follows it.
    snapshot.figures["attendance"]["late"] = 99
    snapshot.save()
    assert club_json(client, october)["figures"]["attendance"]["late"] == 99


def test_it_answers_live_and_queues_the_build_without_writing(client, october, django_capture_on_commit_callbacks,
                                                              settings):
    forget_cache(settings)  # no build remembered as queued while the month was built
    client.force_login(october.owner.user)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        data = club_json(client, october)
    assert not MonthlySnapshot.objects.exists()  # the GET built nothing
    assert data["live"] is True and data["status"] == "closed" and data["built_at"] is None
    assert data["figures"]["attendance"]["late"] == 3
    assert len(queued) >= 1  # the build, queued for after the commit
    page = client.get(f"/reports/monthly/2026-10/clubs/{october.club1.pk}/").content.decode()
    assert "Figures computed live from the records" in page
    for callback in queued:  # what the worker does with the queued task (eager in the tests)
        callback()
    assert MonthlySnapshot.objects.filter(club=october.club1, month=MONTH).exists()
    after = club_json(client, october)
    assert after["live"] is False
    assert after["figures"] == data["figures"]


def test_the_page_says_when_the_report_was_built(client, october):
    client.force_login(october.owner.user)
    build_october(october)
    response = client.get(f"/reports/monthly/2026-10/clubs/{october.club1.pk}/")
    snapshot = MonthlySnapshot.objects.get(club=october.club1, month=MONTH)
    when = timezone.localtime(snapshot.built_at).strftime("%Y-%m-%d %H:%M")
    assert f"Built on {when}" in response.content.decode()


def test_an_edit_after_the_lock_rebuilds_the_snapshot(client, october):
    client.force_login(october.owner.user)
    build_october(october)
    assert club_json(client, october)["figures"]["attendance"]["late"] == 3
    MonthLock.objects.create(club=october.club1, month=MONTH, locked_by=october.store_manager)
    before = MonthlySnapshot.objects.get(club=october.club1, month=MONTH)

    # The store manager corrects a late arrival of the locked month, with a reason (as the team screen does).
    record = october.records["a1_late_14"]
    assert locks.ensure_can_change(october.store_manager, october.club1, record.date, "Bus strike, excused") is None
    record.status, record.late_minutes = Status.PRESENT, 0
    record._change_reason = "Bus strike, excused"
    from staff import locks as month_lock

    with month_lock.changing(october.store_manager, "Bus strike, excused"):
        record.save()

    live = club_json(client, october)  # at once, before any rebuild: computed live
    assert live["live"] is True and live["figures"]["attendance"]["late"] == 2
    assert MonthlySnapshot.objects.get(club=october.club1, month=MONTH).builds == 1
    jobs.run_due()  # beat
    data = club_json(client, october)
    after = MonthlySnapshot.objects.get(club=october.club1, month=MONTH)
    assert after.builds == 2 and after.built_at > before.built_at
    assert data["built_at"] == after.built_at.isoformat()
    assert data["figures"] == live["figures"]
    assert data["figures"]["attendance"]["late"] == 2
    assert data["figures"]["attendance"]["late_minutes"] == 35
    assert [p["name"] for p in data["figures"]["followup"]["needs_talk"]] == ["Tech B1"]
    assert "Built again after records of the month changed." in client.get(
        f"/reports/monthly/2026-10/clubs/{october.club1.pk}/").content.decode()
    # The chain reads the same rebuilt snapshot.
    assert client.get("/reports/monthly/2026-10/", {"format": "json"}).json()["figures"]["attendance"]["late"] == 3


def test_a_deleted_record_makes_the_snapshot_stale(october):
    club = clubs_with_first_month(Club.objects.filter(pk=october.club1.pk))[0]
    snapshot = build(club, MONTH)
    snapshot.club = club
    assert stale([snapshot]) == []
    Attendance.objects.get(person=october.technician_b, date=day(15)).delete()
    assert stale([snapshot]) == [snapshot]


def test_changes_to_other_months_leave_it_alone(october):
    club = clubs_with_first_month(Club.objects.filter(pk=october.club1.pk))[0]
    snapshot = build(club, MONTH)
    snapshot.club = club
    record = Attendance.objects.get(person=october.technician, date=day(15, 9))
    record.note = "September"
    record.save()
    assert stale([snapshot]) == []
    october.technician.name = "Renamed"  # a person's name is shown in a month's lists: every month is marked
    october.technician.save()
    assert stale([snapshot]) == [snapshot]


def test_a_late_hire_makes_the_month_stale(october):
    club = clubs_with_first_month(Club.objects.filter(pk=october.club1.pk))[0]
    snapshot = build(club, MONTH)
    snapshot.club = club
    october.technician_a2.hire_date = day(3)
    october.technician_a2.save()
    assert stale([snapshot]) == [snapshot]


def test_the_running_month_is_not_snapshotted(october):
    clubs = clubs_with_first_month(Club.objects.all())
    now = datetime.datetime(2026, 10, 20, 12, tzinfo=datetime.UTC)
    assert snapshots_for(clubs, [MONTH], now=now) == {}
    assert not MonthlySnapshot.objects.exists()


def test_the_job_builds_last_month_from_eight_on_the_first_club_time(october):
    shanghai = october.club1.zone
    early = datetime.datetime(2026, 11, 1, 7, 59, tzinfo=shanghai)
    jobs.run_due(early)
    assert not MonthlySnapshot.objects.filter(month=MONTH).exists()
    jobs.run_due(early + datetime.timedelta(minutes=1))
    assert set(MonthlySnapshot.objects.filter(month=MONTH).values_list("club__code", flat=True)) == {"one", "two"}
    built = MonthlySnapshot.objects.get(club=october.club1, month=MONTH).built_at
    jobs.run_due(early + datetime.timedelta(minutes=16))
    assert MonthlySnapshot.objects.get(club=october.club1, month=MONTH).built_at == built  # nothing twice


def test_a_club_in_another_time_zone_waits_for_its_own_eight_oclock(october):
    Club.objects.filter(pk=october.club2.pk).update(time_zone="Europe/London")
    at = datetime.datetime(2026, 11, 1, 8, 30, tzinfo=october.club1.zone)  # 00:30 in London
    jobs.run_due(at)
    assert list(MonthlySnapshot.objects.filter(month=MONTH).values_list("club__code", flat=True)) == ["one"]
