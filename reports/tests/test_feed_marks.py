"""The month marks (``feeds.mark``) cost one write per month and transaction, and are never lost.

A save of many rows of one month writes its ``StaleMonth`` once; a mark undone by a rolled-back
savepoint, a ``StaleMonth`` deleted, or a snapshot built in the same transaction make the next
change write it again. A row loaded and saved without moving is not read again to find its months.
"""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from attendance.models import Attendance, Status
from reports.models import StaleMonth
from reports.snapshots import build

from .month import MONTH, READ_IN_NOVEMBER, build_month, day

pytestmark = READ_IN_NOVEMBER


@pytest.fixture
def october(world):
    world.records = build_month(world)
    StaleMonth.objects.all().delete()
    return world


def _writes(queries):
    return [q["sql"] for q in queries.captured_queries if "reports_stalemonth" in q["sql"] and "INSERT" in q["sql"]]


def _reads_of(queries, table):
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT") and f'FROM "{table}"' in q["sql"]]


def test_many_saves_of_one_month_write_its_mark_once(october):
    # Loaded with their person: an attendance row also concerns the club its person works in now (the follow-up).
    rows = list(Attendance.objects.filter(club=october.club1, date__month=10).select_related("person")[:5])
    with CaptureQueriesContext(connection) as queries:
        for record in rows:
            record.note = "checked again"
            record.save()
    assert len(_writes(queries)) == 1
    assert not _reads_of(queries, "attendance_attendance"), "the rows' months come from the rows in memory"
    assert set(StaleMonth.objects.values_list("club_id", "month")) == {(october.club1.pk, MONTH)}


def test_a_row_moved_to_another_month_marks_both(october):
    record = Attendance.objects.get(pk=october.records["a1_late_14"].pk)
    record.date = datetime.date(2026, 9, 30)
    record.save()
    assert set(StaleMonth.objects.values_list("club_id", "month")) == {
        (october.club1.pk, MONTH), (october.club1.pk, datetime.date(2026, 9, 1))}


def test_a_mark_undone_by_a_rolled_back_savepoint_is_written_again(october):
    record = Attendance.objects.get(pk=october.records["a1_late_14"].pk)
    try:
        with transaction.atomic():
            record.note = "undone"
            record.save()
            assert StaleMonth.objects.exists()
            raise RuntimeError
    except RuntimeError:
        pass
    assert not StaleMonth.objects.exists()
    record.note = "kept"
    record.save()
    assert set(StaleMonth.objects.values_list("club_id", "month")) == {(october.club1.pk, MONTH)}


def test_a_deleted_mark_is_written_again(october):
    record = Attendance.objects.get(pk=october.records["a1_late_14"].pk)
    record.save()
    StaleMonth.objects.all().delete()
    record.save()
    assert StaleMonth.objects.filter(club=october.club1, month=MONTH).exists()


def test_a_change_after_a_build_in_the_same_transaction_makes_the_snapshot_stale(october):
    from reports.snapshots import stale

    record = Attendance.objects.get(pk=october.records["a1_late_14"].pk)
    record.save()
    snapshot = build(october.club1, MONTH)
    assert not stale([snapshot])
    Attendance.objects.create(person=record.person, club=october.club1, date=day(27), status=Status.PRESENT)
    assert stale([snapshot]), "the mark is written again after the build"
