"""A club created before the catalogue named the evidence of its duties gets it from migration 0004, as a new club
gets it from the defaults; a duty whose evidence a manager set, or cleared, keeps what the manager chose."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from duties.catalogue import catalogue_install_defaults, default_catalogue, duty_change
from duties.models import Duty, DutyVersion

# What a data migration is given: its reads and writes go through this connection.
schema_editor = SimpleNamespace(connection=connection)

migration = importlib.import_module("duties.migrations.0004_catalogue_evidence_for_existing_clubs")

pytestmark = pytest.mark.timeless  # the catalogue's evidence does not depend on the day


def evidence_of(club):
    return {duty.key: duty.current.evidence for duty in Duty.objects.filter(club=club).select_related("current")}


@pytest.fixture
def old_club(world):
    """Club One from before the evidence: the defaults with every version's evidence empty; Club Two is new."""
    catalogue_install_defaults(club=world.club1)
    catalogue_install_defaults(club=world.club2)
    DutyVersion.objects.filter(duty__club=world.club1).update(evidence="")
    return world.club1


def test_the_migration_fills_the_evidence_a_new_club_gets(world, old_club):
    new = evidence_of(world.club2)
    assert new["marketing_director-1"] == "plan_submitted"  # what a new club has from the defaults
    assert set(evidence_of(old_club).values()) == {""}
    migration.fill_evidence(apps, schema_editor)
    assert evidence_of(old_club) == new
    assert evidence_of(world.club2) == new  # a club that had it is unchanged


def test_the_copied_mapping_is_the_catalogues_today():
    shipped = {(position, entry["key"]): entry["evidence"]
               for position, entries in default_catalogue().items() for entry in entries if entry.get("evidence")}
    assert migration.EVIDENCE == shipped


def test_what_a_manager_chose_is_left_alone(world, old_club):
    set_by_hand = Duty.objects.get(club=old_club, key="supervisor-2")
    duty_change(duty=set_by_hand, by=world.store_manager, evidence="consumables_issued")
    cleared = Duty.objects.get(club=old_club, key="supervisor-3")
    duty_change(duty=cleared, by=world.store_manager, evidence="quality_checked")
    duty_change(duty=cleared, by=world.store_manager, evidence="")  # the manager took the evidence off
    reworded = Duty.objects.get(club=old_club, key="store_manager-2")
    duty_change(duty=reworded, by=world.store_manager, text_en="Draw up the month's work plans")

    migration.fill_evidence(apps, schema_editor)
    migration.fill_evidence(apps, schema_editor)  # twice changes nothing twice
    found = evidence_of(old_club)
    assert found["supervisor-2"] == "consumables_issued"
    assert found["supervisor-3"] == ""
    assert found["store_manager-2"] == "plan_submitted"  # new wording, evidence never chosen: filled
    assert found["supervisor-4"] == "grooming_checked"
    assert Duty.objects.get(club=old_club, key="store_manager-2").versions.count() == 2  # filled in place
