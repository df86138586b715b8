"""The chain's report keeps each finished month merged from its clubs' snapshots (``report.py``).

A request for the chain merges only the months it does not find kept: the report's own month (its
clubs are shown side by side) and any month whose snapshots changed since; a rebuilt snapshot
(after its month was marked stale) makes that month merged again. The query count stays fixed.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import forget_cache
from attendance.models import Attendance, Status
from kernel.months import last_months
from reports import report as report_module
from reports.report import monthly_report, report_json
from reports.selectors import clubs_with_first_month
from reports.snapshots import snapshots_for
from staff.models import Club

from .month import MONTH, PREVIOUS, READ_IN_NOVEMBER, build_month

pytestmark = READ_IN_NOVEMBER


@pytest.fixture
def chain(world, monkeypatch, settings):
    build_month(world)
    forget_cache(settings)
    clubs = clubs_with_first_month(Club.objects.all())
    snapshots_for(clubs, last_months(MONTH, 12))  # every month of the trend read from its snapshots
    merged = []
    real = report_module.merge
    monkeypatch.setattr(report_module, "merge", lambda named: merged.append(1) or real(named))
    return clubs, merged


def _chain_report(clubs):
    return monthly_report(clubs, MONTH, scope="chain", queue=False)


def test_a_finished_month_is_merged_once_and_kept(chain):
    clubs, merged = chain
    first = report_json(_chain_report(clubs))
    assert len(first["trend"]["months"]) >= 2
    assert not first["live"]
    assert len(merged) == len(first["trend"]["months"])
    merged.clear()
    with CaptureQueriesContext(connection) as queries:
        again = report_json(_chain_report(clubs))
    assert len(merged) == 1, "only the report's own month (clubs side by side) is merged again"
    assert again == first
    snapshot_reads = [q for q in queries.captured_queries if '"reports_monthlysnapshot"' in q["sql"]]
    assert len(snapshot_reads) == 2, "the snapshots' dates, then the figures of the report's month only"


def test_a_change_to_a_kept_month_merges_it_again(chain, world):
    clubs, merged = chain
    before = report_json(_chain_report(clubs))
    Attendance.objects.create(person=world.technician, club=world.club1, date=datetime.date(2026, 9, 7),
                              status=Status.ABSENT)
    merged.clear()
    live = report_json(_chain_report(clubs))  # September is stale: read live, not kept
    assert len(merged) == 2
    assert live["previous"]["attendance"]["absent"] == before["previous"]["attendance"]["absent"] + 1
    snapshots_for(clubs, [PREVIOUS])  # the stale month rebuilt
    merged.clear()
    rebuilt = report_json(_chain_report(clubs))
    assert len(merged) == 2, "the report's month and the rebuilt September"
    assert rebuilt["previous"] == live["previous"]
    merged.clear()
    _chain_report(clubs)
    assert len(merged) == 1
