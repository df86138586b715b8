"""On a phone, the store manager downloads the import template, imports it with one bad row (a clear error,
nothing imported), then the corrected file, and reads the figures on the month's page."""

import re

import pytest
from django.utils import timezone

from business.models import ClubDay, Entry, TechnicianDay
from staff.demo import seed_demo
from staff.models import Person
from tests.browser import PHONE, SCREENSHOTS, sign_in

from .conftest import zh

pytestmark = pytest.mark.clock("2026-11-20T15:00:00+08:00")


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.mark.browser
def test_the_store_manager_imports_a_file_after_fixing_its_bad_row(browser, transactional_db, live_server, tmp_path):
    from openpyxl import load_workbook
    from playwright.sync_api import expect

    seed_demo()
    manager = Person.objects.get(user__username="storemanager")
    yesterday = timezone.localdate(timezone=manager.club.zone) - timezone.timedelta(days=1)
    ctx, page = sign_in(browser, live_server.url, "storemanager", accept_downloads=True, **PHONE)
    page.goto(f"{live_server.url}/business/import/")
    no_sideways_scroll(page)
    with page.expect_download() as download:
        page.get_by_test_id("template-xlsx").click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)

    book = load_workbook(template)
    sheet = book.worksheets[0]
    assert sheet["A2"].value == yesterday.isoformat() and sheet["C3"].value  # the club's row, then technicians
    sheet["D2"], sheet["E2"] = 84, 25600.5  # customers served, revenue
    sheet["J3"], sheet["K3"] = 6, 2  # the first technician's services and requested services
    sheet["J4"] = "六个"  # not a number: row 4
    bad = tmp_path / "bad.xlsx"
    book.save(bad)

    page.get_by_label(zh("File (XLSX or CSV)")).set_input_files(str(bad))
    page.get_by_test_id("import-submit").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_be_visible()
    expect(errors).to_contain_text("六个")
    expect(errors).to_contain_text(zh("“%(value)s” is not a number.") % {"value": "六个"})
    row_4 = zh("Row %(row)s, column “%(column)s”: %(message)s").split("%(row)s")[0]
    expect(errors).to_contain_text(row_4)
    assert not ClubDay.objects.exists() and not TechnicianDay.objects.exists() and not Entry.objects.exists()
    no_sideways_scroll(page)

    sheet["J4"] = 5.5
    good = tmp_path / "good.xlsx"
    book.save(good)
    page.get_by_label(zh("File (XLSX or CSV)")).set_input_files(str(good))
    page.get_by_test_id("import-submit").click()
    page.wait_for_url(f"{live_server.url}/business/?month={yesterday:%Y-%m}")
    expect(page.locator("main .alert-success")).to_be_visible()
    expect(page.get_by_test_id("days")).to_contain_text(re.compile(r"25,?600\.50"))
    people = page.get_by_test_id("people")
    expect(people).to_contain_text(sheet["C3"].value)
    expect(people).to_contain_text(sheet["C4"].value)
    day = ClubDay.objects.get(club=manager.club, date=yesterday)
    assert (int(day.customers_served), str(day.revenue)) == (84, "25600.50")
    assert TechnicianDay.objects.filter(day=day).count() == 2
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "business-figures-phone.png"), full_page=True)

    # The day's form shows what the file brought, on the phone, without scrolling sideways.
    with page.expect_navigation():
        page.get_by_test_id("days").get_by_role("link", name=re.compile(f"^{yesterday:%m-%d}")).click()
    form = page.get_by_test_id("day-form")
    expect(form.locator("input[name=revenue]")).to_have_value("25600.50")
    first = Person.objects.get(club=manager.club, name=sheet["C3"].value)
    expect(form.locator(f"input[name=s{first.pk}]")).to_have_value("6")
    expect(page.get_by_test_id("entered-before")).to_contain_text("good.xlsx")
    no_sideways_scroll(page)
    page.screenshot(path=str(SCREENSHOTS / "business-day-phone.png"), full_page=True)
    ctx.close()
