"""A club whose duties came from the catalogue before its traditional wording was put in one script
gets the corrected wording from migration 0005, in place; what a manager wrote is left as written."""

import importlib
from types import SimpleNamespace

import pytest
from django.db import connection
from django.apps import apps

from duties.catalogue import catalogue_install_defaults, default_catalogue, duty_change
from duties.models import Duty, DutyVersion
from kernel.chinese_script import wrong_script

# What a data migration is given: its reads and writes go through this connection.
schema_editor = SimpleNamespace(connection=connection)

migration = importlib.import_module("duties.migrations.0005_catalogue_wording_in_traditional_script")

pytestmark = pytest.mark.timeless  # the catalogue's wording does not depend on the day


def wording_of(club):
    return {duty.key: duty.current.text_zh_hant for duty in Duty.objects.filter(club=club).select_related("current")}


@pytest.fixture
def old_club(world):
    """Club One from before the correction: the defaults with the old wording; Club Two is new."""
    catalogue_install_defaults(club=world.club1)
    catalogue_install_defaults(club=world.club2)
    for (position, key), (old, _new) in migration.WORDING.items():
        versions = DutyVersion.objects.filter(duty__club=world.club1, duty__position=position, duty__key=key)
        versions.update(text_zh_hant=old)
    return world.club1


def test_the_old_wording_was_mixed_and_the_new_one_is_not():
    assert len(migration.WORDING) == 17
    for old, new in migration.WORDING.values():
        assert wrong_script(old, "zh-hant") and not wrong_script(new, "zh-hant")


def test_the_copied_wording_is_the_catalogues_today():
    shipped = {(position, entry["key"]): entry["text"]["zh-hant"]
               for position, entries in default_catalogue().items() for entry in entries}
    copied = {key: new for key, (_old, new) in migration.WORDING.items()}
    assert copied == {key: shipped[key] for key in migration.WORDING}


def test_the_migration_gives_an_old_club_the_wording_a_new_club_gets(world, old_club):
    new = wording_of(world.club2)
    assert wording_of(old_club)["store_manager-5"] == "訂立公正、合理、有效的獎罰制度,協調店員之間的關系,維護良好的紀律。"
    migration.correct_wording(apps, schema_editor)
    assert wording_of(old_club) == new
    assert wording_of(old_club)["store_manager-5"] == "訂立公正、合理、有效的獎罰制度,協調店員之間的關係,維護良好的紀律。"
    assert wording_of(world.club2) == new
    assert not DutyVersion.objects.filter(duty__club=old_club, number__gt=1).exists()  # in place: no new version


def test_what_a_manager_wrote_is_left_alone(world, old_club):
    reworded = Duty.objects.get(club=old_club, key="store_manager-4")
    duty_change(duty=reworded, by=world.store_manager, text_zh_hant="定期了解客源和競爭動態,并分析形勢。")
    translated = Duty.objects.get(club=old_club, key="supervisor-4")
    duty_change(duty=translated, by=world.store_manager, text_en="Check the technicians' grooming and attendance.")

    migration.correct_wording(apps, schema_editor)
    migration.correct_wording(apps, schema_editor)  # twice changes nothing twice
    found = wording_of(old_club)
    assert found["store_manager-4"] == "定期了解客源和競爭動態,并分析形勢。"  # typed by the manager: as typed
    assert "並且做好技師考勤記錄" in found["supervisor-4"]  # only the English was edited: corrected
    first = DutyVersion.objects.get(duty=reworded, number=1)
    assert "並分析形勢" in first.text_zh_hant  # the catalogue's version under the manager's is corrected too
