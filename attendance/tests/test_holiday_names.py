"""The holidays ClubOps fills in read in each reader's own language and script; a name a manager types
stays as typed; the holidays filled in before (in simplified Chinese) are named by their ids from
staff migration 0005."""

import importlib
from types import SimpleNamespace
import json

import pytest
from django.apps import apps
from django.db import connection
from django.utils import translation

from attendance.roster import HOLIDAY_FILE, holidays_prefill
from kernel.chinese_script import wrong_script
from staff.holidays import WORDS
from staff.models import Holiday

# What a data migration is given: its reads and writes go through this connection.
schema_editor = SimpleNamespace(connection=connection)

migration = importlib.import_module("staff.migrations.0005_holiday_names_in_every_language")

pytestmark = pytest.mark.timeless  # the holidays of a given year do not depend on the day


def name_in(language, club, date):
    with translation.override(language):
        return Holiday.objects.get(club=club, date=date).name


def test_every_name_of_the_holiday_file_is_a_word_of_the_list():
    data = json.loads(HOLIDAY_FILE.read_text(encoding="utf-8"))
    names = {name for year, kinds in data.items() if year.isdigit() for days in kinds.values() for _day, name in days}
    assert names == set(WORDS)
    assert set(migration.FILLED_IN.values()) == set(WORDS)


def test_each_reader_reads_the_filled_in_names_in_their_script(world):
    holidays_prefill(club=world.club1, year=2026)
    assert name_in("zh-hant", world.club1, "2026-02-17") == "春節"
    assert name_in("zh-hans", world.club1, "2026-02-17") == "春节"
    assert name_in("en", world.club1, "2026-02-17") == "Spring Festival"
    assert name_in("zh-hant", world.club1, "2026-10-10") == "國慶節調休上班"
    for holiday in Holiday.objects.filter(club=world.club1):
        for language in ("zh-hant", "zh-hans"):
            assert not wrong_script(name_in(language, world.club1, holiday.date), language), holiday.date


def test_a_typed_name_stays_as_typed(world):
    Holiday.objects.create(club=world.club1, date="2026-12-24", kind=Holiday.Kind.HOLIDAY, name="店慶日")
    assert name_in("zh-hans", world.club1, "2026-12-24") == "店慶日"


def test_the_names_filled_in_before_read_in_every_script(world):
    holiday = Holiday.objects.create(club=world.club1, date="2027-10-01", kind=Holiday.Kind.HOLIDAY, name="x")
    typed = Holiday.objects.create(club=world.club1, date="2027-10-08", kind=Holiday.Kind.HOLIDAY, name="x")
    with connection.cursor() as cursor:  # as stored before: the simplified name itself
        cursor.execute("UPDATE staff_holiday SET name = %s WHERE id = %s", ["国庆节", holiday.pk])
        cursor.execute("UPDATE staff_holiday SET name = %s WHERE id = %s", ["秋季店休", typed.pk])
    migration.store_filled_in_names_as_ids(apps, schema_editor)
    assert name_in("zh-hant", world.club1, "2027-10-01") == "國慶節"
    assert name_in("en", world.club1, "2027-10-01") == "National Day holiday"
    assert name_in("zh-hant", world.club1, "2027-10-08") == "秋季店休"
