"""Snapshots keep keys; labels are put in the reader's language when the report is read."""

import pytest
from django.utils import translation

from reports import sources
from reports.models import MonthlySnapshot
from reports.tasks import build_snapshots

from .modules import build_modules
from .month import MONTH, READ_IN_NOVEMBER
from .test_modules import REAL

pytestmark = READ_IN_NOVEMBER


@pytest.fixture
def october(world, monkeypatch):
    for name, function in REAL.items():
        monkeypatch.setattr(sources, name, function)
    build_modules(world)
    return world


def _labels(value):
    if isinstance(value, dict):
        return ["label" in value] + [x for v in value.values() for x in _labels(v)]
    if isinstance(value, list):
        return [x for v in value for x in _labels(v)]
    return []


def test_it_stores_keys_and_translates_them_for_each_reader(client, october):
    with translation.override("zh-hans"):  # built by a worker whose language is simplified Chinese
        build_snapshots([october.club1.pk], "2026-10")
    stored = MonthlySnapshot.objects.get(club=october.club1, month=MONTH).figures
    assert "theory" in stored["training"]["by_topic"]
    assert not any(_labels(stored))
    client.force_login(october.owner.user)
    url = f"/reports/monthly/2026-10/clubs/{october.club1.pk}/"
    hant = client.get(url, {"format": "json"}, HTTP_ACCEPT_LANGUAGE="zh-hant").json()
    assert hant["live"] is False
    assert hant["figures"]["training"]["by_topic"]["theory"]["label"] == "理論知識"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    assert "理論知識" in page and "理论知识" not in page
    english = client.get(url, {"format": "json"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["figures"]["training"]["by_topic"]["theory"]["label"] == "Theory knowledge"
