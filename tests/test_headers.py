"""Security headers on every page, and the pages of each role in Chromium without one CSP violation.

The Content-Security-Policy allows scripts, styles, fonts and images only from ClubOps itself:
no inline script, no ``style=""`` attribute, no ``javascript:`` link. The browser test opens
the main pages of each role and fails on anything Chromium refused under that policy.
"""

import datetime
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.browser import DESKTOP, PHONE, SCREENSHOTS

pytestmark = pytest.mark.timeless  # reads no clock: a --clock replay leaves it out

ROOT = Path(__file__).resolve().parent.parent


def directives(response):
    header = response.headers.get("Content-Security-Policy", "")
    result = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            result[words[0]] = words[1:]
    return result


@pytest.mark.parametrize("persona, name", [
    ("anonymous", "login"),
    ("supervisor_a", "home"),
    ("supervisor_a", "attendance:team_day"),
    ("owner", "reports:index"),
])
def test_every_page_carries_the_security_headers(client, world, persona, name):
    if persona != "anonymous":
        client.force_login(getattr(world, persona).user)
    response = client.get(reverse(name))
    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"], "scripts only from ClubOps' own files"
    assert policy["style-src"] == ["'self'"], "styles only from ClubOps' own files"
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_no_template_has_inline_script_or_style():
    """What the policy refuses is not in the templates in the first place (e-mails aside: no CSP there)."""
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        if path.name.startswith("email") or "/email" in str(path):
            continue
        text = path.read_text(encoding="utf-8")
        for pattern, what in [
            (r"<script(?![^>]*\bsrc=)[^>]*>", "inline <script>"),
            (r"\son[a-z]+\s*=", "inline event handler"),
            (r"javascript:", "javascript: URL"),
            (r"\sstyle\s*=", "style attribute"),
            (r"<style", "<style> element"),
        ]:
            if re.search(pattern, text, re.IGNORECASE):
                found.append(f"{path.relative_to(ROOT)}: {what}")
    assert found == []


def test_production_settings_turn_on_https_only_cookies_and_hsts(tmp_path):
    keep = {k: v for k, v in os.environ.items()
            if not k.startswith(("SECURE_", "SESSION_", "CSRF_", "DJANGO_")) and k not in ("DEBUG", "SECRET_KEY")}
    keep.update(DEBUG="0", SECRET_KEY="z8#Qv!pL2m@Xr7&Tn4^Wc9*Hs6(Jb3)Fk1_Gd5+Ye0=Ua", ALLOWED_HOSTS="clubops.example.com",
                CLUBOPS_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="clubops.settings")
    code = ("import json; from django.conf import settings as s; print(json.dumps([s.SECURE_HSTS_SECONDS, "
            "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_HTTPONLY, "
            "'csp.middleware.CSPMiddleware' in s.MIDDLEWARE, s.LANGUAGE_COOKIE_SECURE]))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=keep, capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    hsts, session_secure, csrf_secure, redirect, httponly, csp, language_secure = json.loads(result.stdout)
    assert hsts >= 31536000 and session_secure and csrf_secure and redirect and httponly and csp
    assert language_secure, "the language cookie is sent over HTTPS only too"


# --- In Chromium: the main pages of each role, with no CSP violation ----------------------------


@pytest.fixture
def demo(transactional_db, live_server):
    from django.core.management import call_command

    call_command("seed_demo", days=35, stdout=open(os.devnull, "w"))  # last month in full, for the report
    return live_server


def _pages(role):
    """The pages a role works with, as paths on the demo chain."""
    from kernel.months import month_start, previous_month
    from duties.models import Checklist
    from meetings.models import Meeting
    from staff.models import Person
    from training.models import TrainingSession

    club = Person.objects.get(user__username="storemanager").club
    last_month = f"{previous_month(month_start(datetime.date.today())):%Y-%m}"
    session = TrainingSession.objects.filter(club=club).order_by("-date").first()
    meeting = Meeting.objects.filter(club=club, department__kind="marketing").order_by("-starts_at").first()
    checklist = Checklist.objects.filter(club=club).order_by("-period_start").first()
    technician = Person.objects.filter(user__username="technician").first()
    pages = {
        "supervisor": ["/", reverse("attendance:team_day"), reverse("duties:my_checklists"),
                       reverse("attendance:hygiene_day"), reverse("attendance:consumable_issue"),
                       reverse("training:calendar"), reverse("meetings:home")],
        "technician": ["/", reverse("duties:my_checklists"), reverse("training:calendar"),
                       reverse("attendance:quality"), reverse("reports:scorecard", args=[technician.pk])],
        "techmanager": [reverse("attendance:stats_daily"), reverse("attendance:followup"),
                        reverse("training:session_detail", args=[session.pk]), reverse("training:level_settings")],
        "marketing": [reverse("meetings:home"), reverse("meetings:meeting_detail", args=[meeting.pk]),
                      reverse("meetings:report_list")],
        "storemanager": [reverse("duties:review"), reverse("duties:checklist_detail", args=[checklist.pk]),
                         reverse("attendance:month_lock"), reverse("attendance:roster_week"),
                         reverse("reports:monthly", args=[last_month]),
                         reverse("staff:record_history", args=["duties.checklist", checklist.pk])],
        "owner": [reverse("reports:monthly", args=[last_month]),
                  reverse("reports:club_monthly", args=[last_month, club.pk]),
                  reverse("staff:person_detail", args=[technician.pk]), reverse("staff:club_detail", args=[club.pk]),
                  reverse("training:competition_list"), reverse("admin:index"),
                  reverse("admin:staff_person_change", args=[technician.pk]),
                  reverse("admin:attendance_attendance_changelist")],
    }
    return pages[role]


@pytest.mark.browser
def test_no_page_of_any_role_breaks_the_content_security_policy(browser, demo):
    from staff.demo import DEMO_PASSWORD

    refused, visited = [], []
    for role, context_options in [("supervisor", PHONE), ("technician", PHONE), ("techmanager", DESKTOP),
                                  ("marketing", DESKTOP), ("storemanager", DESKTOP), ("owner", DESKTOP)]:
        context = browser.new_context(**context_options)
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.on("console", lambda message, role=role: (
            "Content Security Policy" in message.text or "Content-Security-Policy" in message.text
        ) and refused.append(f"{role} {page.url}: {message.text}"))
        page.on("pageerror", lambda error, role=role: refused.append(f"{role} {page.url}: script error {error}"))
        page.goto(demo.url + "/accounts/login/")
        page.locator("main input[name=username]").fill(role)
        page.locator("main input[name=password]").fill(DEMO_PASSWORD)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        for path in _pages(role):
            response = page.goto(demo.url + path)
            assert response is not None and response.status == 200, f"{role} {path}: {response and response.status}"
            page.wait_for_load_state("load")
            if not path.startswith("/admin/"):  # Django's admin has its own scripts
                assert page.evaluate("typeof window.bootstrap === 'object'"), f"{role} {path}: Bootstrap's JS did not run"
            if "/reports/monthly/" in path:
                assert page.locator("svg.report-chart").count() > 0, f"{path}: the charts are missing"
            visited.append(path)
            if role == "owner" and "/reports/monthly/" in path:
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=SCREENSHOTS / "csp-owner-report.png", full_page=True)
        # The phone's menu opens (Bootstrap's JS under the policy).
        if context_options is PHONE:
            page.locator(".navbar-toggler").click()
            page.locator("#nav.show").wait_for()
        context.close()
    assert len(visited) > 25
    assert refused == []


@pytest.mark.browser
def test_the_browser_reports_an_inline_script_as_a_violation(browser, transactional_db, live_server):
    """The check itself: a page that adds an inline script and style is refused, and the test hears of it (the
    sign-in page needs no demo chain)."""
    demo = live_server
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(demo.url + "/accounts/login/")
    page.evaluate("""() => {
        const s = document.createElement('script'); s.textContent = 'window.injected = 1'; document.body.append(s);
        document.body.insertAdjacentHTML('beforeend', '<p style="color: red">x</p>');
    }""")
    page.wait_for_timeout(300)
    context.close()
    assert any("Content Security Policy" in text for text in messages), messages
