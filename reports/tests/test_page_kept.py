"""A finished month's report page keeps its figures part once drawn (``views._page``, ``report.page_key``).

The next reader of the same month, in the same language, gets the same page without its figures read or drawn
again; a change to a record of one of the report's months, a rebuilt snapshot, a renamed club and another
language each draw it again. A month computed live is never kept.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import forget_cache
from attendance.models import Attendance, Status
from kernel.months import last_months
from reports import views
from reports.selectors import clubs_with_first_month
from reports.snapshots import snapshots_for
from staff.models import Club

from .month import MONTH, PREVIOUS, READ_IN_NOVEMBER, build_month

pytestmark = READ_IN_NOVEMBER


@pytest.fixture
def built(world, monkeypatch, settings):
    build_month(world)
    forget_cache(settings)
    snapshots_for(clubs_with_first_month(Club.objects.all()), last_months(MONTH, 12))
    drawn = []
    real = views.details
    monkeypatch.setattr(views, "details", lambda *a, **k: drawn.append(1) or real(*a, **k))
    return drawn


def _page(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def _figures_part(html):
    return html[html.index('data-testid="charts"'):html.index("report_download.js")]


def _absent(html):
    return html.split('data-figure="attendance.absent"', 1)[1].split("</tr>", 1)[0]


def test_the_owner_reads_a_kept_page_the_second_time_without_its_figures(client_as, world, built):
    client = client_as(world.owner)
    url = reverse("reports:monthly", args=[f"{MONTH:%Y-%m}"])
    first, _sql = _page(client, url)
    assert built == [1]
    again, sql = _page(client, url)
    assert built == [1], "drawn once"
    assert _figures_part(again) == _figures_part(first)
    assert not [q for q in sql if '"figures"' in q], "no snapshot's figures read"
    assert 'data-testid="built-at"' in again


def test_a_changed_record_a_rebuild_a_renamed_club_and_another_language_draw_it_again(client_as, world, built):
    client = client_as(world.owner)
    url = reverse("reports:monthly", args=[f"{MONTH:%Y-%m}"])
    before, _sql = _page(client, url)
    Attendance.objects.create(person=world.technician, club=world.club1, date=MONTH + datetime.timedelta(days=6),
                              status=Status.ABSENT)
    live, _sql = _page(client, url)
    assert len(built) == 2
    assert 'data-testid="computed-live"' in live
    assert _absent(live) != _absent(before), "the new absence is counted"
    _page(client, url)
    assert len(built) == 3, "a page computed live is not kept"
    snapshots_for(clubs_with_first_month(Club.objects.all()), [MONTH])
    rebuilt, _sql = _page(client, url)
    assert _absent(rebuilt) == _absent(live)
    assert len(built) == 4
    _page(client, url)
    assert len(built) == 4, "kept again once built"
    Club.objects.filter(pk=world.club2.pk).update(name="湖滨店")
    renamed, _sql = _page(client, url)
    assert len(built) == 5 and "湖滨店" in _figures_part(renamed)
    world.owner.language = "en"
    world.owner.save()
    english, _sql = _page(client, url)
    assert len(built) == 6 and "Clubs side by side" in english


def test_the_running_month_is_never_kept(client_as, world, built):
    client = client_as(world.owner)
    url = reverse("reports:monthly", args=[f"{PREVIOUS:%Y-%m}"])
    _page(client, url)
    _page(client, url)
    assert len(built) == 1
    running = reverse("reports:monthly", args=["2026-11"])
    _page(client, running)
    _page(client, running)
    assert len(built) == 3
