"""The default catalogue holds every numbered duty of the seed's wellness roles."""

import importlib
from pathlib import Path

import pytest

from duties.catalogue import catalogue_install_defaults, default_catalogue, duty_change
from duties.data.seed_parser import numbered_duties
from duties.models import Duty, DutyVersion

SEED = Path(__file__).resolve().parents[1] / "data" / "seed_wellness_roles.txt"
# The seed mixed simplified characters into its traditional wording; the catalogue has it in one script.
IN_ONE_SCRIPT = dict(
    importlib.import_module("duties.migrations.0005_catalogue_wording_in_traditional_script").WORDING.values()
)


def test_every_numbered_duty_of_the_seed_is_in_the_default_catalogue():
    seed = numbered_duties(SEED.read_text(encoding="utf-8"))
    catalogue = default_catalogue()
    total = 0
    for position, duties in seed.items():
        shipped = catalogue[position]
        expected = [IN_ONE_SCRIPT.get(duty, duty) for duty in duties]
        assert [d["text"]["zh-hant"] for d in shipped[: len(duties)]] == expected, position
        for entry in shipped:
            assert entry["text"]["zh-hans"].strip() and entry["text"]["en"].strip(), entry["key"]
        total += len(duties)
    assert {p: len(d) for p, d in seed.items()} == {
        "store_manager": 8, "marketing_director": 15, "technician_manager": 6, "technical_manager": 11, "supervisor": 4,
    }
    assert total == 44
    assert catalogue["customer_manager"] and catalogue["technician"]


def test_installing_twice_adds_nothing_twice(world):
    first = catalogue_install_defaults(club=world.club1)
    assert first == sum(len(v) for v in default_catalogue().values())
    assert catalogue_install_defaults(club=world.club1) == 0


def test_a_change_is_a_new_version_and_the_old_one_stays(world):
    catalogue_install_defaults(club=world.club1)
    duty = Duty.objects.get(club=world.club1, key="supervisor-2")
    old = duty.current
    new = duty_change(duty=duty, by=world.store_manager, text_en="Check the rooms twice a day.", cadence="daily")
    duty.refresh_from_db()
    assert (duty.current, new.number, new.text_en) == (new, 2, "Check the rooms twice a day.")
    assert new.text_zh_hant == old.text_zh_hant  # unchanged languages carry over
    assert DutyVersion.objects.filter(duty=duty).count() == 2
    assert duty_change(duty=duty, by=world.store_manager, text_en="Check the rooms twice a day.") == new


@pytest.mark.parametrize("language, expected", [("en", "Check"), ("zh-hans", "检查"), ("zh-hant", "檢查")])
def test_the_wording_follows_the_language(world, language, expected):
    from django.utils import translation

    catalogue_install_defaults(club=world.club1)
    version = Duty.objects.get(club=world.club1, key="supervisor-4").current
    with translation.override(language):
        assert version.text.startswith(expected)
