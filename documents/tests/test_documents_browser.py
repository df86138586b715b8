"""In Chromium: the technician department manager publishes a rule everyone of the massage floor must confirm;
two technicians confirm it on their phones; a new version asks them again; the manager's list of who has not
confirmed is right at each step."""

import re

import pytest
from django.utils import translation

from documents.models import Acknowledgement, Document
from documents.tests.factories import zh
from staff.models import Department, Person, Role
from tests.browser import DESKTOP, PHONE, SCREENSHOTS, sign_in
from tests.factories import PASSWORD, ClubFactory, PersonFactory, TeamFactory, UserFactory, department

pytestmark = pytest.mark.clock("2026-11-20T15:00:00+08:00")

# A shared two-core machine under load can take seconds for a page: wait longer than the default.
SLOW_MS = 30_000


@pytest.fixture(autouse=True)
def patient_expect():
    from playwright.sync_api import expect

    expect.set_options(timeout=SLOW_MS)
    yield
    expect.set_options(timeout=5_000)


def in_zh(text):
    with translation.override("zh-hans"):
        return str(text)


def _person(username, **fields):
    return PersonFactory(user=UserFactory(username=username), name=fields.pop("name", username), **fields)


@pytest.fixture
def floor(transactional_db):
    club = ClubFactory(name="静安旗舰店", code="sh-jingan")
    massage = department(club, Department.Kind.MASSAGE)
    store_manager = _person("storemanager", name="周店长", position=Role.STORE_MANAGER, club=club,
                            department=department(club, Department.Kind.ADMIN))
    manager = _person("deptmanager", name="陈经理", position=Role.TECHNICIAN_MANAGER, club=club, department=massage,
                      reports_to=store_manager)
    supervisor = _person("supervisor", name="林主管", position=Role.SUPERVISOR, club=club, department=massage)
    team = TeamFactory(club=club, name="A组", supervisor=supervisor)
    first = _person("tech1", name="王丽娜", club=club, department=massage, team=team)
    second = _person("tech2", name="李婷婷", club=club, department=massage, team=team)
    third = PersonFactory(name="张雅琴", club=club, department=massage, team=team)
    PersonFactory(name="刘离职", club=club, department=massage, status=Person.Status.LEFT, left_on="2026-10-01")
    _person("customer", name="赵客服", position=Role.CUSTOMER_MANAGER, club=club,
            department=department(club, Department.Kind.MARKETING))
    return {"club": club, "manager": manager, "first": first, "second": second, "third": third}


def not_confirmed(page):
    return page.get_by_test_id("not-confirmed").inner_text()


def confirm_on_a_phone(browser, base, username, title, number):
    from playwright.sync_api import expect

    ctx, page = sign_in(browser, base, username, password=PASSWORD, timeout_ms=SLOW_MS, **PHONE)
    panel = page.get_by_test_id("today-documents")
    expect(panel).to_contain_text(title)
    panel.get_by_test_id("today-document-to-confirm").filter(has_text=title).click()
    page.wait_for_url(re.compile(r"/documents/\d+/$"))
    expect(page.get_by_test_id("document-text")).to_be_visible()
    page.get_by_test_id("confirm").click()
    expect(page.locator("main .alert-success[role=alert]")).to_contain_text(
        zh("Thank you: you confirmed version %(number)s.", number=number))
    expect(page.get_by_test_id("confirmed")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"documents-confirmed-{username}.png"), full_page=True)
    page.goto(base + "/")
    expect(page.get_by_test_id("today-documents")).to_have_count(0)
    ctx.close()


@pytest.mark.browser
def test_a_rule_is_published_confirmed_on_phones_and_asked_again(browser, floor, live_server):
    from playwright.sync_api import expect

    base, title = live_server.url, "仪容仪表规范"
    manager = floor["manager"]

    # The department manager writes the rule and, as its approver, publishes it.
    ctx, page = sign_in(browser, base, "deptmanager", password=PASSWORD, timeout_ms=SLOW_MS, **DESKTOP)
    page.goto(base + "/documents/new/")
    form = page.get_by_test_id("document-form")
    form.get_by_label(zh("Title")).fill(title)
    form.get_by_label(zh("Kind", "document")).select_option("standard")
    form.get_by_label(zh("Department"), exact=True).select_option(label=in_zh(Department.Kind.MASSAGE.label))
    form.get_by_label(zh("Approver")).select_option(label=f"{manager.name} · {in_zh(Role.TECHNICIAN_MANAGER.label)}")
    form.locator("input[name=requires_acknowledgement]").check()
    form.locator("input[name=positions][value=technician]").check()
    form.locator("input[name=department_kinds][value=massage]").check()
    form.locator("textarea[name=body]").fill("# 仪容仪表规范\n\n1. 工服整洁\n2. 指甲不超过指尖\n\n<script>alert(1)</script>")
    form.get_by_test_id("save-document").click()
    page.wait_for_url(re.compile(r"/documents/\d+/$"))
    document = Document.objects.get(title=title)
    page.get_by_test_id("publish").click()
    expect(page.locator("main .alert-success[role=alert]")).to_contain_text(
        zh("Version %(number)s was published; %(count)s people were asked to confirm it.", number=1, count=3))
    expect(page.get_by_test_id("document-text")).to_contain_text("指甲不超过指尖")
    assert "<script" not in page.get_by_test_id("document-text").inner_html()
    missing = not_confirmed(page)
    assert all(name in missing for name in ("王丽娜", "李婷婷", "张雅琴"))
    assert "刘离职" not in missing and "林主管" not in missing and "赵客服" not in missing

    # Two technicians confirm on their phones, from their Today page.
    confirm_on_a_phone(browser, base, "tech1", title, 1)
    confirm_on_a_phone(browser, base, "tech2", title, 1)
    page.reload()
    expect(page.get_by_test_id("confirmations")).to_contain_text(zh("Confirmed: %(done)s of %(asked)s", done=2, asked=3))
    missing = not_confirmed(page)
    assert "张雅琴" in missing and "王丽娜" not in missing and "李婷婷" not in missing
    assert set(Acknowledgement.objects.values_list("person__name", flat=True)) == {"王丽娜", "李婷婷"}

    # A new version: the manager changes the text and publishes it; it asks everyone again.
    page.get_by_test_id("new-version").click()
    page.wait_for_url(re.compile(r"/documents/\d+/edit/$"))
    body = page.locator("textarea[name=body]")
    body.fill(body.input_value() + "\n3. 上岗不佩戴戒指、手链")
    page.locator("input[name=note]").fill("新增第三条：饰品")
    page.get_by_test_id("save-document").click()
    page.wait_for_url(re.compile(r"/documents/\d+/$"))
    page.get_by_test_id("publish").click()
    expect(page.locator("main .alert-success[role=alert]")).to_contain_text(
        zh("Version %(number)s was published; %(count)s people were asked to confirm it.", number=2, count=3))
    expect(page.get_by_test_id("confirmations")).to_contain_text(zh("Confirmed: %(done)s of %(asked)s", done=0, asked=3))
    missing = not_confirmed(page)
    assert all(name in missing for name in ("王丽娜", "李婷婷", "张雅琴"))
    expect(page.get_by_test_id("versions")).to_contain_text("新增第三条：饰品")
    page.goto(base + "/")
    expect(page.get_by_test_id("today-document-outstanding")).to_contain_text(
        zh("%(missing)s of %(asked)s not confirmed", missing=3, asked=3))

    confirm_on_a_phone(browser, base, "tech1", title, 2)
    page.goto(base + f"/documents/{document.pk}/")
    expect(page.get_by_test_id("confirmations")).to_contain_text(zh("Confirmed: %(done)s of %(asked)s", done=1, asked=3))
    missing = not_confirmed(page)
    assert "李婷婷" in missing and "张雅琴" in missing and "王丽娜" not in missing
    page.screenshot(path=str(SCREENSHOTS / "documents-manager-confirmations.png"), full_page=True)
    ctx.close()
