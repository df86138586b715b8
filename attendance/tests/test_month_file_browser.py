"""The month's attendance workbook of a team, not written yet: the supervisor's button says it is being prepared
(zh-hant, on a phone) and the file arrives once the worker has written it. The worker is held as in
``reports/tests/test_preparing_browser.py``: queued jobs run at the start of the server's next request once the
test releases them."""

import pytest
from openpyxl import load_workbook

from reports.tests.test_preparing_browser import Worker, zh_hant
from tests.browser import PHONE, SCREENSHOTS
from tests.browser import sign_in as browser_sign_in
from tests.factories import PASSWORD

from .test_stats_monthly import URL, march_of_tech_a1

pytestmark = [pytest.mark.browser, pytest.mark.clock("2025-04-03T15:00:00+08:00")]

SLOW_MS = 30_000


@pytest.fixture
def held(monkeypatch, settings, tmp_path):
    from django.core.signals import request_started

    from outbox import services as outbox

    settings.VAR_DIR = tmp_path  # no workbook kept by another test
    worker = Worker()
    monkeypatch.setattr(outbox, "enqueue", worker.enqueue)
    request_started.connect(worker.run_released, dispatch_uid="held-worker")
    yield worker
    request_started.disconnect(dispatch_uid="held-worker")


def test_the_teams_workbook_is_prepared_then_delivered(browser, transactional_db, live_server, world, held):
    from playwright.sync_api import expect

    march_of_tech_a1(world)
    ctx, page = browser_sign_in(browser, live_server.url, world.supervisor_a.user.username, password=PASSWORD,
                                timeout_ms=SLOW_MS, accept_downloads=True, **{**PHONE, "locale": "zh-TW"})
    page.goto(f"{live_server.url}{URL}?team={world.team_a.pk}&month=2025-03")
    button = page.get_by_test_id("xlsx")

    with page.expect_download(timeout=SLOW_MS) as download:
        button.click()
        expect(button).to_have_attribute("aria-busy", "true")
        expect(button.get_by_role("status")).to_have_text(zh_hant("Preparing the spreadsheet…"))
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "attendance-xlsx-preparing-phone-zh-hant.png"))
        page.wait_for_timeout(2000)  # asked again: not written yet, still saying so
        expect(button).to_have_attribute("aria-busy", "true")
        assert held.waiting() == 1
        held.release()  # the worker writes it

    assert download.value.suggested_filename == "attendance-one-team%s-2025-03.xlsx" % world.team_a.pk
    with open(download.value.path(), "rb") as made:
        sheet = load_workbook(made).active
    assert "Tech A1" in [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)]
    expect(button).to_have_attribute("aria-busy", "false")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    ctx.close()
