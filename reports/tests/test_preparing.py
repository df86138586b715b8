"""A month whose figures would take long to compute is never a silent wait (issue "what people see"): the page
answers at once that they are being prepared, queues the build, and opens once its status says ready."""

import pytest
from django.utils import translation

from conftest import forget_cache
from reports import report
from reports.models import MonthlySnapshot

from .month import MONTH, READ_IN_NOVEMBER, build_month

pytestmark = READ_IN_NOVEMBER

PAGE = "/reports/monthly/2026-10/"
STATUS = "/reports/monthly/2026-10/status/"


@pytest.fixture
def october(world, monkeypatch, settings):
    build_month(world)
    forget_cache(settings)  # no build remembered as queued
    monkeypatch.setattr(report, "LIVE_AT_ONCE", 0)  # every missing month counts as too long to wait for
    return world


def test_the_page_says_the_month_is_being_prepared_and_opens_once_built(client, october, django_capture_on_commit_callbacks):
    client.force_login(october.owner.user)
    with translation.override("en"):
        with django_capture_on_commit_callbacks(execute=True) as queued:  # the worker (eager in tests) runs the build
            response = client.get(PAGE)
        text = response.content.decode()

        assert response.status_code == 200
        assert "The figures of 2026-10 are being prepared." in text
        assert 'data-report-status="/reports/monthly/2026-10/status/"' in text
        assert 'href="/reports/monthly/2026-10/"' in text  # the refresh link, without JavaScript
        assert "<script>" not in text and 'src="/static/js/report_preparing.js"' in text  # no inline script (CSP)
        assert len(queued) >= 1  # one build per month of the report and its trend, each for both clubs
        assert MonthlySnapshot.objects.filter(month="2026-10-01").count() == 2

        assert client.get(STATUS).json()["ready"] is True
        text = client.get(PAGE).content.decode()
    assert "being prepared" not in text and 'data-testid="built-at"' in text


def test_opening_the_page_writes_nothing_while_the_build_waits_for_a_worker(client, october):
    client.force_login(october.owner.user)

    text = client.get(PAGE).content.decode()

    assert "are being prepared" in text
    assert not MonthlySnapshot.objects.exists()  # queued after the request commits, built by the worker
    status = client.get(STATUS).json()
    assert status["ready"] is False and status["waiting"] >= 2  # October of both clubs, and the trend's months


def test_the_reader_may_ask_for_the_figures_computed_now_and_downloads_never_wait(client, october):
    client.force_login(october.owner.user)

    text = client.get(PAGE, {"live": "1"}).content.decode()
    data = client.get(PAGE, {"format": "json"}).json()

    assert 'data-testid="computed-live"' in text and "being prepared" not in text
    assert data["live"] is True and data["month"] == "2026-10"


def test_a_small_month_is_computed_at_once_as_before(client, world):
    build_month(world)
    client.force_login(world.owner.user)

    text = client.get(PAGE).content.decode()

    assert 'data-testid="computed-live"' in text and "being prepared" not in text


def test_the_status_answers_only_those_who_may_read_the_report(client, october):
    club1 = f"/reports/monthly/2026-10/clubs/{october.club1.pk}/status/"
    client.force_login(october.store_manager.user)
    assert client.get(club1).json()["ready"] is False
    client.force_login(october.store_manager_2.user)
    assert client.get(club1).status_code == 404  # another club's
    client.force_login(october.technician.user)
    assert client.get(club1).status_code == 403
    assert client.get(STATUS).status_code == 403
    client.force_login(october.owner.user)
    assert client.get("/reports/monthly/2027-01/status/").status_code == 404  # not begun



def test_a_file_asked_for_again_and_again_while_it_is_made_is_queued_once(client, october, monkeypatch,
                                                                          django_capture_on_commit_callbacks):
    from django.utils.module_loading import import_string

    from kernel.months import last_months
    from outbox import services as outbox
    from reports.selectors import clubs_with_first_month
    from reports.snapshots import snapshots_for
    from staff.models import Club

    snapshots_for(clubs_with_first_month(Club.objects.all()), last_months(MONTH, 12))  # what the month's job built
    queued = []
    monkeypatch.setattr(outbox, "enqueue", lambda task, *args, **kwargs: queued.append((task, args)))
    client.force_login(october.owner.user)

    with django_capture_on_commit_callbacks(execute=True):
        answers = [client.get(PAGE, {"format": "pdf", "ready": "1"}).json()["ready"] for _ in range(3)]

    assert answers == [False, False, False]  # the button says "being prepared" each time it asks
    assert queued == [("reports.tasks.prepare_report_file",
                       ("chain", [october.club1.pk, october.club2.pk], "2026-10", "en", "pdf"))]  # made once
    task, args = queued[0]
    import_string(task)(*args)  # the worker makes it
    assert client.get(PAGE, {"format": "pdf", "ready": "1"}).json()["ready"] is True
    assert client.get(PAGE, {"format": "pdf"}).content[:5] == b"%PDF-"
