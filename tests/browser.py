"""Debian's Chromium driven by Playwright's sync API, shared by every browser test."""

import os
from pathlib import Path

import pytest
from django.conf import settings

from conftest import need_service

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}
DESKTOP = {"viewport": {"width": 1280, "height": 800}, "locale": "zh-CN"}
TIMEOUT_MS = 10_000
SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"
TRANSPARENT = ("rgba(0, 0, 0, 0)", "transparent")


@pytest.fixture(scope="module")
def browser():
    """Chromium, for the tests of this module.

    While Playwright's sync API is running, its event loop counts as running in this
    thread, and Django refuses database calls from a thread with a running loop; the
    test thread only seeds and reads the database synchronously, so that check is
    switched off until Playwright stops again at the end of the module.
    """
    if not os.path.exists(CHROMIUM):
        need_service("Chromium", f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        need_service("Chromium", f"Playwright is not installed: {error}")

    saved = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = None
    try:
        try:
            playwright = sync_playwright().start()
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except PlaywrightError as error:
            need_service("Chromium", f"{CHROMIUM} did not start: {error}")
        yield chromium
        chromium.close()
    finally:
        if playwright is not None:
            playwright.stop()
        if saved is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = saved


def sign_in(browser, url, username, *, password=None, timeout_ms=TIMEOUT_MS, **context):
    """A new browser context signed in as ``username`` through the sign-in page: (context, page)."""
    from staff.demo import DEMO_PASSWORD

    ctx = browser.new_context(**context)
    ctx.set_default_timeout(timeout_ms)
    page = ctx.new_page()
    page.goto(url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password or DEMO_PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(url + "/")
    return ctx, page


# The accessibility rules every page is held to: WCAG 2.1 A and AA and axe's best practices (contrast, labels,
# unique ids and landmarks, headers of tables, …), by axe-core as bundled in axe-playwright-python.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def accessibility_problems(page):
    """What axe-core finds wrong on ``page`` as it is now: one line per rule, with up to three of its elements."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    return [f"axe {violation['id']} ({violation['impact']}): "
            + "; ".join(" ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
                        for node in violation["nodes"][:3])
            for violation in results.response["violations"]]
