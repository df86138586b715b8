"""The owner opens last month's chain report, follows a figure to its records and downloads the PDF."""

import re

import pytest
from django.utils import timezone

from attendance.demo import seed_floor
from kernel.months import last_months, month_start, previous_month
from duties.catalogue import catalogue_install_defaults
from duties.jobs import demo_history
from reports.selectors import clubs_with_first_month
from reports.snapshots import snapshots_for
from staff.demo import seed_demo
from staff.models import Club
from tests.browser import DESKTOP, PHONE, SCREENSHOTS, TIMEOUT_MS, accessibility_problems
from tests.browser import sign_in as browser_sign_in


def seed_two_months():
    """The demo chain with the records the report reads: two months of floor and checklists (not the other modules')."""
    seed_demo()
    today = timezone.localdate()
    seed_floor(today=today, days=62)
    for club in Club.objects.order_by("pk"):
        catalogue_install_defaults(club=club)
        demo_history(club=club, today=today, days=62)


def sign_in(browser, url, username, **context):
    """Signed in, with downloads accepted and a longer wait (reports draw charts and PDFs)."""
    return browser_sign_in(browser, url, username, accept_downloads=True, timeout_ms=TIMEOUT_MS * 3, **context)


@pytest.mark.browser
def test_the_owner_follows_a_figure_and_downloads_the_pdf(browser, transactional_db, live_server):
    seed_two_months()
    clubs = clubs_with_first_month(Club.objects.all())
    month = previous_month(month_start(timezone.localdate()))
    snapshots_for(clubs, last_months(month, 12))  # what the job on the 1st has built
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    ctx, page = sign_in(browser, live_server.url, "owner", **DESKTOP)
    page.locator('nav a[href="/reports/monthly/"]').click()
    page.locator(f'[data-month="{month:%Y-%m}"]').click()
    page.wait_for_url(f"{live_server.url}/reports/monthly/{month:%Y-%m}/")
    assert page.get_by_test_id("charts").locator("svg").count() >= 5
    late = page.locator('a[data-records="attendance.late"]')
    shown = int(late.inner_text())
    page.screenshot(path=str(SCREENSHOTS / "report-chain-owner.png"), full_page=True)
    assert accessibility_problems(page) == []  # the header's links and the alerts in readable contrast, …
    late.click()
    page.wait_for_url(re.compile(r".*/records/late/$"))
    assert str(shown) in page.get_by_test_id("record-count").inner_text()
    rows = page.get_by_test_id("records").locator("tbody tr")
    assert rows.count() == min(shown, 100) if shown else rows.count() == 1
    page.go_back()
    with page.expect_download() as download:
        page.get_by_test_id("download-pdf").click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download.value.suggested_filename == f"report-chain-{month:%Y-%m}.pdf"
    ctx.close()


@pytest.mark.browser
def test_a_store_managers_report_fits_a_phone(browser, transactional_db, live_server):
    seed_two_months()
    month = previous_month(month_start(timezone.localdate()))
    snapshots_for(clubs_with_first_month(Club.objects.all()), last_months(month, 12))  # the job on the 1st
    ctx, page = sign_in(browser, live_server.url, "storemanager", **PHONE)
    page.goto(f"{live_server.url}/reports/monthly/{month:%Y-%m}/")
    assert page.get_by_test_id("charts").locator("svg").count() >= 4
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert label_overlaps(page) == []
    page.screenshot(path=str(SCREENSHOTS / "report-club-phone.png"), full_page=True)
    assert accessibility_problems(page) == []
    ctx.close()


def label_overlaps(page):
    """The labels under a chart's points (positions, months, kinds of leave) that run into their neighbour."""
    return page.evaluate("""() => [...document.querySelectorAll('svg.report-chart')].flatMap(chart => {
        const boxes = [...chart.querySelectorAll('text[data-axis=x]')].map(t => [t.textContent, t.getBoundingClientRect()]);
        return boxes.slice(1).flatMap(([text, box], i) => box.left < boxes[i][1].right
            ? [`${chart.dataset.chart}: ${boxes[i][0]} | ${text}`] : []);
    })""")


@pytest.mark.browser
@pytest.mark.timeless  # a chart drawn from fixed labels
@pytest.mark.parametrize("count", [4, 8, 12])
def test_the_labels_under_a_chart_stay_apart_on_a_phone(browser, count):
    """Eight positions of a club (the longest is 按摩技师部门经理) or twelve long names under one chart, as the
    report shows it on a 375 px phone: each label is whole, on one or two lines or slanted, and apart."""
    from reports.charts import Chart, Series, svg

    names = ["店长", "营销总监", "保健部经理", "按摩技师部门经理", "技术经理", "主管", "客户经理", "技师",
             "Customer manager", "前台接待员", "保洁与后勤主管", "实习技师"][:count]
    chart = Chart(slug="positions", title="各职位职责清单完成率（%）", kind="bar", labels=names, unit="percent",
                  series=[Series(name="完成率", values=[50.0] * count)])
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_content(f'<html><body style="margin:16px">{svg(chart)}</body></html>')
    assert label_overlaps(page) == []
    shown = page.evaluate("() => [...document.querySelectorAll('text[data-axis=x]')].map(t => t.textContent)")
    assert [text.replace(" ", "") for text in shown] == [name.replace(" ", "") for name in names]
    context.close()

