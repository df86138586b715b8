"""What feeds the report (``reports/feeds.py``): every write of a registered row marks the month it was in
and the month it is in, child rows and bulk writes included; every table a figure reads is registered."""

import datetime
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from attendance.models import Attendance, ConsumableItem, GroomingFailure, GroomingItem, Status, StockReceipt
from kernel import bulk
from reports import feeds, sources
from reports.models import StaleMonth
from reports.selectors import clubs_with_first_month, live_figures
from staff.models import Club

from .month import MONTH, READ_IN_NOVEMBER, build_month, day

pytestmark = READ_IN_NOVEMBER
SEPTEMBER = datetime.date(2026, 9, 1)


@pytest.fixture
def october(world):
    world.records = build_month(world)
    StaleMonth.objects.all().delete()
    return world


def marked():
    return set(StaleMonth.objects.values_list("club_id", "month"))


def test_it_marks_both_months_when_a_record_moves_across_a_month(october):
    record = october.records["a1_late_14"]
    record.date = day(30, 9)
    record.save()
    assert marked() == {(october.club1.pk, MONTH), (october.club1.pk, SEPTEMBER)}


def test_it_marks_a_deleted_record_and_its_child_rows(october):
    check = GroomingFailure.objects.select_related("check_record").first().check_record
    check.delete()  # cascades to its failures
    assert marked() == {(october.club1.pk, MONTH)}


def test_it_marks_a_child_row_added_alone(october):
    check = GroomingFailure.objects.first().check_record
    other = GroomingItem.objects.filter(club=october.club1).exclude(failures__check_record=check).first()
    GroomingFailure.objects.create(check_record=check, item=other, note="late note")
    assert marked() == {(october.club1.pk, MONTH)}


def test_it_marks_both_months_of_a_bulk_update_and_a_bulk_create(october):
    tech = october.records["a1_late_14"].person
    rows = Attendance.objects.filter(person=tech, date=day(14))
    assert bulk.update(rows, date=day(2, 11)) == 1
    assert marked() == {(october.club1.pk, MONTH), (october.club1.pk, datetime.date(2026, 11, 1))}
    StaleMonth.objects.all().delete()
    bulk.bulk_create(Attendance, [Attendance(club=october.club1, person=tech, date=day(3, 8),
                                             status=Status.PRESENT)])
    assert marked() == {(october.club1.pk, datetime.date(2026, 8, 1))}
    StaleMonth.objects.all().delete()
    record = Attendance.objects.get(person=tech, date=day(3, 8))
    record.date = day(4, 7)
    bulk.bulk_update(Attendance, [record], ["date"])
    assert marked() == {(october.club1.pk, datetime.date(2026, 8, 1)), (october.club1.pk, datetime.date(2026, 7, 1))}


def test_it_marks_a_stock_receipt_entered_late(october):
    towels = ConsumableItem.objects.get(club=october.club1, name="Towel")
    StockReceipt.objects.create(item=towels, quantity=5, received_on=day(25))
    assert (october.club1.pk, MONTH) in marked()


def test_it_puts_a_moment_in_the_club_s_own_month(october):
    Club.objects.filter(pk=october.club2.pk).update(time_zone="America/New_York")
    from attendance.models import ConsumableIssue

    item = ConsumableItem.objects.create(club=october.club2, name="Oil", unit="bottle", stock=5, low_stock_threshold=1)
    StaleMonth.objects.all().delete()
    # 02:00 on 1 November in UTC is still 31 October in New York.
    ConsumableIssue.objects.create(item=item, technician=october.technician_2, quantity=1,
                                   issued_at=datetime.datetime(2026, 11, 1, 2, tzinfo=datetime.UTC))
    assert marked() == {(october.club2.pk, MONTH)}


def _tables_read(sql_list):
    names = set()
    for sql in sql_list:
        names |= set(re.findall(r'(?:FROM|JOIN)\s+"?([a-z0-9_]+)"?', sql, flags=re.IGNORECASE))
    return names


def test_it_registers_every_table_a_figure_reads(october, monkeypatch):
    """Run every figure's queries (the modules plugged in) and check each table read is registered."""
    from reports.tests import conftest  # noqa: F401 - its stand-ins are undone here

    monkeypatch.undo()  # training and meetings answer for real
    by_table = {m._meta.db_table: m._meta.label_lower for m in apps.get_models()}
    clubs = clubs_with_first_month(Club.objects.all())
    with CaptureQueriesContext(connection) as queries:
        live_figures(clubs, MONTH)
    read = {by_table[t] for t in _tables_read(q["sql"] for q in queries.captured_queries) if t in by_table}
    assert sources.training(club_ids=[c.pk for c in clubs], first=MONTH, last=day(31)) is not None
    # the check sees the tables (completion is read from the checklists' counts of their items, duties.counts)
    assert "attendance.attendance" in read and "duties.checklist" in read
    unregistered = read - feeds.labels() - set(feeds.REFERENCE)
    assert unregistered == set(), f"figures read tables not in reports/feeds.py: {sorted(unregistered)}"


def test_it_would_fail_for_an_unregistered_table():
    assert "staff.notice" not in feeds.labels() | set(feeds.REFERENCE)
    assert _tables_read(['SELECT 1 FROM "staff_notice" INNER JOIN "staff_person" ON 1']) == {"staff_notice", "staff_person"}


@pytest.mark.django_db
def test_every_feed_names_a_real_model_and_its_paths():
    for model, feed in feeds.feeds().items():
        list(model._base_manager.values_list(feed.club, *feed.days, *feed.moments)[:1])
