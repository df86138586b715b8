"""The pages in a real browser: Debian's Chromium, driven by Playwright's sync API.

The browser runs against pytest-django's ``live_server`` (which also serves the static
files, Bootstrap included, through ``StaticFilesHandler``) with the demo chain seeded.
Without a working ``/usr/bin/chromium`` these tests skip, and fail in CI (``need_service``).
"""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils import translation

from staff.demo import DEMO_PASSWORD, seed_demo
from staff.models import Person
from tests.browser import DESKTOP, PHONE, SCREENSHOTS, TIMEOUT_MS, TRANSPARENT


@pytest.fixture
def demo(transactional_db, live_server):
    """The demo chain, in the database the live server's thread reads."""
    seed_demo()
    return live_server


class Site:
    """A browser context on the live server that notices static files failing to load."""

    def __init__(self, context, base_url):
        self.context = context
        self.base_url = base_url
        self.broken = []
        context.set_default_timeout(TIMEOUT_MS)
        context.on("requestfailed", lambda request: self.broken.append(f"{request.url}: {request.failure}"))
        context.on("response", self._check)
        self.page = context.new_page()

    def _check(self, response):
        if response.status >= 400 and "/static/" in response.url:
            self.broken.append(f"{response.url}: HTTP {response.status}")

    def open(self, path):
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        return self.page

    def sign_in(self, username, password=DEMO_PASSWORD):
        page = self.open("/accounts/login/")
        page.locator("main input[name=username]").fill(username)
        page.locator("main input[name=password]").fill(password)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        return page

    def assert_styled(self):
        """Bootstrap's CSS and JS loaded and applied: the dark navbar is not transparent."""
        page = self.page
        page.wait_for_load_state("load")
        assert not self.broken, f"static files did not load: {self.broken}"
        background = page.locator("nav.navbar").evaluate("el => getComputedStyle(el).backgroundColor")
        assert background not in TRANSPARENT, f"navbar background is {background}: Bootstrap's CSS did not apply"
        assert page.evaluate("typeof window.bootstrap === 'object'"), "Bootstrap's JS bundle did not load"


@pytest.fixture
def site(browser, demo):
    """``site(**context_options)`` opens a fresh browser context on the live server."""
    contexts = []

    def make(**options):
        context = browser.new_context(**options)
        contexts.append(context)
        return Site(context, demo.url)

    yield make
    for context in contexts:
        context.close()


def invalid_login_message(language):
    """The message Django's sign-in form gives for a wrong password, in ``language``."""
    with translation.override(language):
        username = get_user_model()._meta.get_field("username").verbose_name
        return str(AuthenticationForm.error_messages["invalid_login"]) % {"username": username}


def team_names(supervisor_login):
    return sorted(
        Person.objects.filter(team__supervisor__user__username=supervisor_login).values_list("name", flat=True)
    )


@pytest.mark.browser
def test_supervisor_signs_in_on_a_phone_and_sees_only_their_team(site):
    from playwright.sync_api import expect

    mine, theirs = team_names("supervisor"), team_names("supervisor2")
    assert mine and theirs, "the demo should give both supervisors a team"
    assert not set(mine) & set(theirs)

    phone = site(**PHONE)
    page = phone.sign_in("supervisor")
    expect(page).to_have_url(phone.base_url + "/")
    phone.assert_styled()

    team = page.get_by_test_id("my-team")
    expect(team).to_be_visible()
    expect(team.locator("li")).to_have_count(len(mine))
    for name in mine:
        expect(team.get_by_text(name, exact=True)).to_be_visible()
    html = page.content()
    shown = [name for name in theirs if name in html]
    assert not shown, f"supervisor sees supervisor2's technicians: {shown}"

    # On a phone the menu is collapsed behind the toggler, and nothing is wider than the screen.
    expect(page.locator(".navbar-toggler")).to_be_visible()
    expect(page.locator("#nav")).to_be_hidden()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways on a 375 px phone: scrollWidth {width}"

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "supervisor-home.png", full_page=True)

    # Bootstrap's JS opens the menu, and the open menu still fits the screen.
    page.locator(".navbar-toggler").click()
    menu = page.locator("#nav")
    expect(menu).to_have_class(re.compile(r"\bshow\b"))  # Bootstrap's transition has ended
    expect(menu).to_be_visible()
    expect(menu.locator("button[name=language]")).to_have_count(len(settings.LANGUAGES))
    for button in menu.locator("button[name=language]").all():
        expect(button).to_be_in_viewport()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the open menu is wider than a 375 px phone: scrollWidth {width}"
    page.screenshot(path=SCREENSHOTS / "supervisor-home-menu.png", full_page=True)


@pytest.mark.browser
def test_wrong_password_keeps_the_username(site):
    from playwright.sync_api import expect

    phone = site(**PHONE)
    page = phone.sign_in("supervisor", password="not-the-password")
    expect(page).to_have_url(phone.base_url + "/accounts/login/")
    phone.assert_styled()

    error = page.locator("main form .alert-danger")
    expect(error).to_be_visible()
    expect(error).to_contain_text(invalid_login_message("zh-hans"))
    expect(page.locator("main input[name=username]")).to_have_value("supervisor")
    expect(page.locator("main input[name=password]")).to_have_value("")


@pytest.mark.browser
def test_language_switcher_changes_the_page(site):
    from playwright.sync_api import expect

    desktop = site(**DESKTOP)
    page = desktop.sign_in("technician")
    expect(page).to_have_url(desktop.base_url + "/")
    desktop.assert_styled()
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "zh-hans")

    page.get_by_role("button", name="繁體中文").click()
    expect(html).to_have_attribute("lang", "zh-hant")
    expect(page).to_have_url(desktop.base_url + "/")
    expect(page.get_by_role("button", name="繁體中文")).to_have_attribute("aria-current", "true")

    # Found by its value: its label is translated ("英語" on the Traditional Chinese page).
    english = page.locator("nav button[name=language][value=en]")
    english.click()
    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(desktop.base_url + "/")
    expect(english).to_have_attribute("aria-current", "true")
