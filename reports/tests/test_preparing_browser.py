"""No silent wait, in a browser: October is not built yet, so the owner's report page says in Chinese that its
figures are being prepared; once the worker has built them the page opens the report by itself. The PDF and
spreadsheet buttons say the file is being prepared and deliver it once the worker has made it.

The worker is held: the jobs the pages queue wait in ``held`` until the test releases them; the server then runs
them at the start of its next request (the page's next poll), as a worker would between two polls. (Run from the
test's thread they would meet the page's polls in the test database: SQLite's shared cache locks a table.)"""

import datetime
import threading

import pytest
from django.core.signals import request_started
from django.utils import translation
from django.utils.module_loading import import_string

from conftest import forget_cache
from outbox import services as outbox
from reports import report
from reports.models import MonthlySnapshot
from tests.browser import PHONE, SCREENSHOTS
from tests.browser import sign_in as browser_sign_in
from tests.factories import PASSWORD

from .month import READ_IN_NOVEMBER, build_month

pytestmark = [pytest.mark.browser, READ_IN_NOVEMBER]

PAGE = "/reports/monthly/2026-10/"
SLOW_MS = 30_000  # a shared machine under load
ZH_HANT = {**PHONE, "locale": "zh-TW"}


def zh_hant(message, **values):
    with translation.override("zh-hant"):
        return str(translation.gettext(message)) % values if values else str(translation.gettext(message))


class Worker:
    """The jobs the pages queue through the outbox (builds, files), run when the test says."""

    def __init__(self):
        self.jobs = []
        self.lock = threading.Lock()
        self.released = threading.Event()

    def enqueue(self, task, *args, **kwargs):
        with self.lock:
            self.jobs.append((task, args, kwargs))

    def waiting(self):
        with self.lock:
            return len(self.jobs)

    def release(self):
        """Run the jobs waiting now, at the start of the server's next request."""
        self.released.set()

    def run_released(self, **kwargs):
        if not self.released.is_set():
            return
        with self.lock:
            jobs, self.jobs = self.jobs, []
            self.released.clear()
        for task, args, kw in jobs:
            (import_string(task) if isinstance(task, str) else task)(*args, **kw)


@pytest.fixture
def held(monkeypatch):
    worker = Worker()
    monkeypatch.setattr(outbox, "enqueue", worker.enqueue)
    request_started.connect(worker.run_released, dispatch_uid="held-worker")
    yield worker
    request_started.disconnect(dispatch_uid="held-worker")


@pytest.fixture
def october(transactional_db, live_server, world, monkeypatch, settings):
    build_month(world)
    forget_cache(settings)  # no build remembered as queued
    monkeypatch.setattr(report, "LIVE_AT_ONCE", 0)  # every missing month is too long to wait for
    return world


def sign_in(browser, url, person, **context):
    return browser_sign_in(browser, url, person.user.username, password=PASSWORD, timeout_ms=SLOW_MS,
                           accept_downloads=True, **context)


def test_the_month_being_prepared_opens_by_itself_and_its_files_arrive_when_made(browser, live_server, october,
                                                                                  held):
    from playwright.sync_api import expect

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    ctx, page = sign_in(browser, live_server.url, october.owner, **ZH_HANT)

    page.goto(live_server.url + PAGE)
    preparing = page.get_by_test_id("report-preparing")
    expect(preparing).to_contain_text(zh_hant(
        "The figures of %(month)s are being prepared. This page opens them as soon as they are ready.",
        month="2026-10"))
    expect(page.get_by_test_id("report-refresh")).to_have_attribute("href", PAGE)  # by hand, without JavaScript
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(SCREENSHOTS / "report-preparing-phone-zh-hant.png"), full_page=True)
    page.wait_for_timeout(2500)  # the page has asked its status at least once: still not ready, still here
    expect(preparing).to_be_visible()
    assert not MonthlySnapshot.objects.filter(month=datetime.date(2026, 10, 1)).exists()

    assert held.waiting() >= 1  # October's build and the trend's months
    held.release()  # the worker builds them
    expect(page.get_by_test_id("built-at")).to_be_visible(timeout=SLOW_MS)  # reloaded by itself
    expect(preparing).to_have_count(0)
    assert page.url == live_server.url + PAGE

    for kind, label in (("pdf", "Preparing the PDF…"), ("xlsx", "Preparing the spreadsheet…")):
        button = page.get_by_test_id(f"download-{kind}")
        with page.expect_download(timeout=SLOW_MS) as download:
            button.click()
            expect(button).to_have_attribute("aria-busy", "true")
            expect(button.get_by_role("status")).to_have_text(zh_hant(label))
            if kind == "pdf":
                page.screenshot(path=str(SCREENSHOTS / "report-pdf-preparing-phone-zh-hant.png"))
            page.wait_for_timeout(2000)  # asked again: not made yet, the button still says so
            expect(button).to_have_attribute("aria-busy", "true")
            assert held.waiting() == 1
            held.release()  # the worker makes the file
        assert download.value.suggested_filename == f"report-chain-2026-10.{kind}"
        with open(download.value.path(), "rb") as made:
            assert made.read(5) == b"%PDF-" if kind == "pdf" else made.read(2) == b"PK"
        expect(button).to_have_attribute("aria-busy", "false")
        expect(button.get_by_role("status")).to_be_hidden()
    ctx.close()


def test_without_javascript_the_refresh_link_opens_the_month_once_built(browser, live_server, october, held):
    from playwright.sync_api import expect

    ctx, page = sign_in(browser, live_server.url, october.owner, java_script_enabled=False, **ZH_HANT)
    page.goto(live_server.url + PAGE)
    expect(page.get_by_test_id("report-preparing")).to_be_visible()

    held.release()
    page.get_by_test_id("report-refresh").click()

    expect(page.get_by_test_id("built-at")).to_be_visible()
    # Without JavaScript the file links download directly: the server makes the file while the browser waits.
    with page.expect_download(timeout=SLOW_MS) as download:
        page.get_by_test_id("download-xlsx").click()
    assert download.value.suggested_filename == "report-chain-2026-10.xlsx"
    ctx.close()
