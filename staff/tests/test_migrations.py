"""Holidays, their history and notices move from ``attendance`` to ``staff`` without losing a row.

A database of its own (a file on SQLite, a database on PostgreSQL) is migrated up to the schema
before the move, filled through the models of that time, and migrated across the move; the rows
must be there, under the new models, with the same ids and values. Runs on SQLite and on PostgreSQL
(CI runs the suite on both). The test database itself is not taken back and forth: unapplying
every later migration and applying it again cost minutes for each run of the suite.
"""

import copy
import re
import datetime
import os

import pytest
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.timeless  # reads no clock: a --clock replay leaves it out

BEFORE = [("staff", "0001_initial"), ("attendance", "0008_default_check_lists_for_existing_clubs"),
          ("contenttypes", "0002_remove_content_type_name")]
AFTER = [("staff", "0002_calendar_and_notices"), ("attendance", "0009_calendar_and_notices_move_to_staff")]


ALIAS = "moves"


@pytest.fixture
def moves(django_db_blocker, tmp_path):
    """A connection to an empty database of its own, dropped afterwards (the test database is not used,
    so the test runs outside its transaction)."""
    settings = copy.deepcopy(connections.settings["default"])
    postgres = settings["ENGINE"].endswith("postgresql")
    with django_db_blocker.unblock():
        if postgres:
            settings["NAME"] = f"test_clubops_moves_{os.getpid()}"
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}"')
                cursor.execute(f'CREATE DATABASE "{settings["NAME"]}"')
        else:
            settings["NAME"] = str(tmp_path / "moves.sqlite3")
        connections.settings[ALIAS] = settings
        try:
            yield connections[ALIAS]
        finally:
            connections[ALIAS].close()
            del connections[ALIAS]
            del connections.settings[ALIAS]
            if postgres:
                with connection._nodb_cursor() as cursor:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}"')


def migrate(on, targets):
    executor = MigrationExecutor(on)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_holidays_their_history_and_notices_keep_every_row_when_they_move_to_staff(moves):
    old = migrate(moves, BEFORE)

    def rows(apps, label):
        return apps.get_model(*label.split(".")).objects.using(ALIAS)

    club = rows(old, "staff.Club").create(code="mv", name="Moving Club", time_zone="Asia/Shanghai")
    person = rows(old, "staff.Person").create(
        name="Tech", gender="female", hire_date=datetime.date(2025, 1, 1), club=club, position="technician")
    holiday = rows(old, "attendance.Holiday").create(
        club=club, date=datetime.date(2027, 1, 1), kind="holiday", name="元旦")
    rows(old, "attendance.HistoricalHoliday").create(
        id=holiday.pk, club=club, date=holiday.date, kind="holiday", name="元旦",
        history_date=datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC), history_type="+")
    notice = rows(old, "attendance.Notice").create(
        person=person, kind="reminder", date=datetime.date(2026, 12, 1), text="请记录考勤")
    content_type = rows(old, "contenttypes.ContentType").get_or_create(app_label="attendance", model="holiday")[0]

    new = migrate(moves, AFTER)

    moved = rows(new, "staff.Holiday").get()
    assert (moved.pk, moved.club_id, moved.date, moved.kind, moved.name) == (
        holiday.pk, club.pk, datetime.date(2027, 1, 1), "holiday", "元旦")
    assert list(rows(new, "staff.HistoricalHoliday").values_list("id", "name", "history_type")) == [
        (holiday.pk, "元旦", "+")]
    kept = rows(new, "staff.Notice").get()
    assert (kept.pk, kept.person_id, kept.text) == (notice.pk, person.pk, "请记录考勤")
    content_type.refresh_from_db()
    assert content_type.app_label == "staff"  # permissions and history links follow the model
    with moves.cursor() as cursor:
        tables = set(moves.introspection.table_names(cursor))
    assert {"staff_holiday", "staff_historicalholiday", "staff_notice"} <= tables
    assert not {"attendance_holiday", "attendance_historicalholiday", "attendance_notice"} & tables


def test_every_data_migration_writes_to_the_database_it_migrates():
    """A data migration reads and writes through the connection it is given (``schema_editor.connection``), never
    the default one: this test migrates a database of its own, as a second database or a restore would."""
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR)
    wrong = []
    paths = sorted(root.glob("*/migrations/0*.py"))
    assert len(paths) > 30
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\.objects\b(?!\.using\(schema_editor\.connection\.alias\))", line):
                wrong.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert wrong == []
