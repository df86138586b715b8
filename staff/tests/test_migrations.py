"""Holidays, their history and notices move from ``attendance`` to ``staff`` without losing a row.

The database is taken back to the schema before the move, filled through the models of that
time, and migrated forward again; the rows must be there, under the new models, with the same
ids and values. Runs on SQLite and on PostgreSQL (CI runs the suite on both).
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.timeless  # reads no clock: a --clock replay leaves it out

BEFORE = [("staff", "0001_initial"), ("attendance", "0008_default_check_lists_for_existing_clubs"),
          ("contenttypes", "0002_remove_content_type_name")]
AFTER = [("staff", "0002_calendar_and_notices"), ("attendance", "0009_calendar_and_notices_move_to_staff")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_holidays_their_history_and_notices_keep_every_row_when_they_move_to_staff():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = migrate(BEFORE)
        club = old.get_model("staff", "Club").objects.create(code="mv", name="Moving Club", time_zone="Asia/Shanghai")
        person = old.get_model("staff", "Person").objects.create(
            name="Tech", gender="female", hire_date=datetime.date(2025, 1, 1), club=club, position="technician")
        holiday = old.get_model("attendance", "Holiday").objects.create(
            club=club, date=datetime.date(2027, 1, 1), kind="holiday", name="元旦")
        old.get_model("attendance", "HistoricalHoliday").objects.create(
            id=holiday.pk, club=club, date=holiday.date, kind="holiday", name="元旦",
            history_date=datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC), history_type="+")
        notice = old.get_model("attendance", "Notice").objects.create(
            person=person, kind="reminder", date=datetime.date(2026, 12, 1), text="请记录考勤")
        content_type = old.get_model("contenttypes", "ContentType").objects.get_or_create(
            app_label="attendance", model="holiday")[0]

        new = migrate(AFTER)

        moved = new.get_model("staff", "Holiday").objects.get()
        assert (moved.pk, moved.club_id, moved.date, moved.kind, moved.name) == (
            holiday.pk, club.pk, datetime.date(2027, 1, 1), "holiday", "元旦")
        assert list(new.get_model("staff", "HistoricalHoliday").objects.values_list("id", "name", "history_type")) == [
            (holiday.pk, "元旦", "+")]
        kept = new.get_model("staff", "Notice").objects.get()
        assert (kept.pk, kept.person_id, kept.text) == (notice.pk, person.pk, "请记录考勤")
        content_type.refresh_from_db()
        assert content_type.app_label == "staff"  # permissions and history links follow the model
        with connection.cursor() as cursor:
            tables = set(connection.introspection.table_names(cursor))
        assert {"staff_holiday", "staff_historicalholiday", "staff_notice"} <= tables
        assert not {"attendance_holiday", "attendance_historicalholiday", "attendance_notice"} & tables
    finally:
        migrate(leaves)
