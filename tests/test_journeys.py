"""Each role's day, end to end, in Debian's Chromium: one journey per role, in Chinese.

Every journey starts at the sign-in page and from there only clicks what the person sees
(the top menu, the pages' own links and buttons) and fills forms by their labels; the
outcome is read off the page, then checked in the database. The supervisor works on a
phone, everyone else at a desktop. The last page of each journey is kept as a full-page
screenshot in ``var/screenshots/journeys/<role>.png``.

Labels are looked up through the simplified Chinese catalogue (``zh``), so a journey finds
exactly the words the person reads, and keeps finding them when a wording is improved.
"""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.text import capfirst

from attendance.demo import seed_floor
from attendance.models import (
    Area,
    Attendance,
    AttendancePolicy,
    AttendanceTalk,
    ConsumableIssue,
    ConsumableItem,
    GroomingCheck,
    GroomingItem,
    HygieneCheck,
    MonthLock,
    RosterEntry,
    Status,
)
from kernel.months import last_months, month_start, previous_month
from attendance.services.consumables import receive
from duties.jobs import create_due_checklists
from duties.models import ChecklistItem
from meetings.jobs import create_due_meetings
from meetings.models import ActionItem, Attendee, Meeting, Report
from reports.selectors import clubs_with_first_month
from reports.snapshots import snapshots_for
from staff.demo import DEMO_PASSWORD, seed_demo
from staff.models import Club, Person
from tests.browser import DESKTOP, PHONE, SCREENSHOTS, TIMEOUT_MS
from training.models import RewardPenalty, SessionAttendance
from training.tests import factories as training_factories

# Every journey runs on a Wednesday afternoon in Shanghai: the day's meetings have been made and are
# listed, and a late arrival typed (the shift's start + 20 minutes) is already past — the team screen
# refuses arrivals later than now. At real time the journeys failed between midnight and late morning.
pytestmark = pytest.mark.clock("2026-12-02T16:00:00+08:00")

JOURNEYS = SCREENSHOTS / "journeys"


def shown_in_zh(value, words="meetings.defaults.WORDS"):
    """A system word read from a row (a default meeting title, kept as a message id) as a simplified
    Chinese page shows it. The row was read in whatever language the test thread had active (the last
    request's), so the word is mapped back to its id first."""
    from kernel.wording import as_stored

    with translation.override("zh-hans"):
        return str(translation.gettext(as_stored(str(value), words)))


def zh(message, context=None):
    """``message`` as the simplified Chinese page shows it."""
    with translation.override("zh-hans"):
        if context:
            return str(translation.pgettext(context, message))
        return str(translation.gettext(message))


def in_zh(text):
    """A lazily translated text (a model's label, a choice) as the simplified Chinese page shows it."""
    with translation.override("zh-hans"):
        return str(text)


def field_label(model, name):
    """A model form's label of ``model.name``, in simplified Chinese."""
    with translation.override("zh-hans"):
        return str(capfirst(model._meta.get_field(name).verbose_name))


class Visit:
    """One person's browser on the live server: sign in, use the menu, keep the last page."""

    def __init__(self, browser, base_url, role, options):
        self.role, self.base_url = role, base_url
        self.context = browser.new_context(accept_downloads=True, **options)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.page = self.context.new_page()
        self.phone = options.get("is_mobile", False)

    def sign_in(self, username):
        page = self.page
        page.goto(self.base_url + "/accounts/login/")
        with translation.override("zh-hans"):
            username_label = str(capfirst(get_user_model()._meta.get_field("username").verbose_name))
        page.locator("main").get_by_label(username_label).fill(username)
        page.locator("main").get_by_label(zh("Password")).fill(DEMO_PASSWORD)
        page.locator("main").get_by_role("button", name=zh("Sign in")).click()
        page.wait_for_url(self.base_url + "/")
        return page

    def menu(self, *path):
        """Follow the top menu: ``menu("Floor", "Team screen")`` opens the dropdown, then the link."""
        from playwright.sync_api import expect

        page = self.page
        toggler = page.locator(".navbar-toggler")
        if toggler.is_visible():
            toggler.click()
            expect(page.locator("#nav")).to_have_class(re.compile(r"\bshow\b"))
        nav = page.locator("#nav")
        *menus, link = path
        for label in menus:
            nav.get_by_role("button", name=zh(label), exact=True).click()
        with page.expect_navigation():
            nav.get_by_role("link", name=zh(link), exact=True).click()
        return page

    def click(self, locator):
        """Click a link or button that loads a page, and wait for it."""
        with self.page.expect_navigation():
            locator.click()
        return self.page

    def finish(self):
        """Keep the last page as a full-page screenshot, and close the browser."""
        JOURNEYS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(JOURNEYS / f"{self.role}.png"), full_page=True)
        self.context.close()


@pytest.fixture
def visit(browser, transactional_db, live_server):
    """``visit(role, username, PHONE|DESKTOP)``: a browser signed in as ``username``."""
    opened = []

    def start(role, username, options):
        v = Visit(browser, live_server.url, role, options)
        opened.append(v)
        v.sign_in(username)
        return v

    yield start
    for v in opened:
        v.context.close()


@pytest.fixture
def club(transactional_db, live_server):
    """The demo chain, in the database the live server reads; club 1 (静安旗舰店) is where the day happens."""
    seed_demo()
    return Club.objects.get(code="sh-jingan")


def today_of(club):
    return timezone.localdate(timezone=club.zone)


def alert(page):
    return page.locator("main .alert-success")


# --- 1. supervisor, on a phone --------------------------------------------------------------------


@pytest.mark.browser
def test_supervisors_day_on_a_phone(club, visit):
    """Team attendance and grooming, an area's hygiene, towels handed out; the page shows what was saved."""
    from playwright.sync_api import expect

    from attendance.demo_floor_extras import seed as seed_floor_extras

    today = today_of(club)
    seed_floor(today=today, days=2)
    seed_floor_extras(club=club, today=today, days=2)
    supervisor = Person.objects.get(user__username="supervisor")
    team = list(Person.objects.filter(team__supervisor=supervisor, status="active").order_by("name"))
    late, groomed = team[0], team[1]
    # Both work the early shift today, whatever the demo roster says.
    shift = RosterEntry.objects.filter(person__club=club, shift__isnull=False).order_by("shift__start").first().shift
    for person in (late, groomed):
        RosterEntry.objects.update_or_create(person=person, date=today, defaults={"shift": shift})
    late_time = (datetime.datetime.combine(today, shift.start) + datetime.timedelta(minutes=20)).strftime("%H:%M")
    nails = in_zh(GroomingItem.objects.get(club=club, key="nails").label)
    area = Area.objects.filter(club=club, is_active=True, responsible__team__supervisor=supervisor).order_by(
        "order", "name").first()
    HygieneCheck.objects.filter(area=area, date=today).delete()
    towels = ConsumableItem.objects.get(club=club, name="毛巾")
    store_manager = Person.objects.get(user__username="storemanager")
    receive(item=towels, quantity=200, received_on=today, by=store_manager, note="本周到货")
    towels.refresh_from_db()
    stock_before = towels.stock

    v = visit("supervisor", "supervisor", PHONE)
    page = v.page
    expect(page.get_by_test_id("my-team").get_by_text(late.name, exact=True)).to_be_visible()

    # The team screen: one late arrival, one failed grooming item, everyone else as they are.
    v.menu("Floor", "Team screen")
    late_row = page.locator(".team-row", has=page.get_by_text(late.name, exact=True))
    late_row.get_by_label(zh("Arrived")).fill(late_time)
    groomed_row = page.locator(".team-row", has=page.get_by_text(groomed.name, exact=True))
    groomed_row.get_by_text(nails, exact=True).click()
    groomed_row.get_by_placeholder(zh("Grooming: what was wrong")).fill("指甲过长")
    v.click(page.get_by_role("button", name=zh("Save the whole team")))
    expect(alert(page)).to_be_visible()
    expect(late_row.get_by_test_id("saved-status")).to_contain_text(zh("Late"))
    expect(late_row.get_by_test_id("saved-status")).to_contain_text("20")
    expect(groomed_row.get_by_label(nails, exact=True)).not_to_be_checked()
    expect(groomed_row.get_by_placeholder(zh("Grooming: what was wrong"))).to_have_value("指甲过长")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # Area hygiene: the floor of one of the team's areas is wet.
    v.menu("Floor", "Area hygiene")
    area_row = page.locator(".area-row", has=page.get_by_text(area.name, exact=True))
    floor_item = area_row.locator(".groom label").first
    floor_label = floor_item.inner_text().strip()
    floor_item.click()
    area_row.get_by_placeholder(zh("What was wrong")).fill("地面有水渍")
    v.click(page.get_by_role("button", name=zh("Save all areas")))
    expect(alert(page)).to_be_visible()
    expect(area_row.get_by_test_id("saved-result")).to_have_text(zh("failed"))
    expect(area_row.get_by_label(floor_label, exact=True)).not_to_be_checked()

    # Towels for the late one, from the stock page the hygiene page links to.
    v.click(page.get_by_test_id("floor-care-nav").get_by_role("link", name=zh("Consumables")))
    issue = page.get_by_test_id("issue-form")
    issue.get_by_label(zh("Consumable")).select_option(label=f"{towels.name} ({towels.stock} {towels.unit})")
    issue.get_by_label(zh("Technician")).select_option(label=f"{late.name} · {late.team.name}")
    issue.get_by_label(zh("Quantity")).fill("4")
    v.click(issue.get_by_role("button", name=zh("Issue"), exact=True))
    expect(alert(page)).to_be_visible()
    towel_row = page.get_by_test_id("stock").locator("tr", has=page.get_by_text(towels.name, exact=True))
    expect(towel_row.get_by_test_id("stock-count")).to_have_text(f"{stock_before - 4} {towels.unit}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    v.finish()

    saved = Attendance.objects.get(person=late, date=today)
    assert (saved.status, saved.late_minutes, saved.recorded_by) == (Status.LATE, 20, supervisor)
    check = GroomingCheck.objects.get(person=groomed, date=today)
    assert not check.passed and check.failures.get().note == "指甲过长"
    assert Attendance.objects.filter(date=today, person__in=team).count() == len(team)
    hygiene = HygieneCheck.objects.get(area=area, date=today)
    assert not hygiene.passed and hygiene.checked_by == supervisor
    issued = ConsumableIssue.objects.get(item=towels, technician=late)
    assert issued.quantity == 4


# --- 2. technical manager --------------------------------------------------------------------------


def frequently_late(person, *, today, times, shift):
    """``person`` late ``times`` times in a month that has enough days behind it; returns that month.

    Late today in any case (the daily figures show it); when this month is too young for
    ``times`` late arrivals, the earlier ones fall at the end of last month.
    """
    if today.day >= times:
        days = [today - datetime.timedelta(days=n) for n in range(times)]
    else:
        end = month_start(today) - datetime.timedelta(days=1)
        days = [today] + [end - datetime.timedelta(days=n) for n in range(times)]
    for n, day in enumerate(days):
        Attendance.objects.update_or_create(
            person=person, date=day,
            defaults={"club": person.club, "status": Status.LATE, "late_minutes": 15 + 5 * n, "shift": shift,
                      "note": "地铁延误"},
        )
    return month_start(days[-1])


@pytest.mark.browser
def test_technical_managers_day(club, visit):
    """Daily figures, a talk with the technician who keeps coming late, a training session's attendance."""
    from playwright.sync_api import expect

    today = today_of(club)
    seed_floor(today=today, days=2)
    manager = Person.objects.get(user__username="techmanager")
    team = list(Person.objects.filter(team__supervisor__user__username="supervisor", status="active").order_by("pk"))
    late = team[0]
    shift = RosterEntry.objects.filter(person=late, shift__isnull=False).first().shift
    for person in team[1:]:  # the supervisor recorded the team this morning
        Attendance.objects.update_or_create(person=person, date=today, defaults={"club": club, "status": Status.PRESENT})
    policy = AttendancePolicy.for_club(club)
    talk_month = frequently_late(late, today=today, times=policy.talk_after_late_count, shift=shift)
    plan = training_factories.plan(club, manager, topic="technique", title="足部反射区手法提升",
                                   starts_on=month_start(today), ends_on=today + datetime.timedelta(days=60))
    session = training_factories.session(plan, manager, team, date=today, subject="足部反射区：定位与力度",
                                         start="09:00", end="10:30", place="培训室")
    trainee_late, trainee_absent = team[1], team[2]

    v = visit("technical-manager", "techmanager", DESKTOP)
    page = v.page

    # The day's figures: the late arrival shows in the total and on the person's line.
    v.menu("Floor", "Attendance figures")
    figures = page.get_by_test_id("day-figures")
    expect(figures).to_be_visible()
    total = figures.locator("tr.fw-bold")
    assert int(total.locator('td[data-column="late"]').inner_text()) >= 1
    v.click(figures.get_by_role("link", name=late.team.name, exact=True))  # the team's own lines
    person_line = page.get_by_test_id("day-people").locator("li").filter(has_text=late.name)
    expect(person_line.get_by_test_id("day-status")).to_contain_text(zh("Late"))

    # Follow-up: the frequently late technician needs a talk; record it.
    v.click(page.get_by_test_id("floor-nav").get_by_role("link", name=zh("Follow-up"), exact=True))
    if talk_month != month_start(today):
        v.click(page.get_by_role("link", name=zh("Previous month")))
    needs = page.get_by_test_id("needs-talk").locator("li", has=page.get_by_text(late.name, exact=True))
    expect(needs).to_contain_text(zh("No talk recorded yet."))
    v.click(needs.get_by_role("link", name=zh("Record the talk")))
    expect(page.get_by_role("heading", level=1)).to_contain_text(late.name)
    page.get_by_label(field_label(AttendanceTalk, "cause")).fill("孩子上学，早上送完再赶地铁，经常晚到。")
    page.get_by_label(field_label(AttendanceTalk, "help_agreed")).fill("改排中班两周，两周后再谈。")
    page.get_by_label(field_label(AttendanceTalk, "follow_up_on")).fill(
        (today + datetime.timedelta(days=14)).isoformat())
    v.click(page.get_by_role("button", name=zh("Save the talk")))
    expect(alert(page)).to_be_visible()
    needs = page.get_by_test_id("needs-talk").locator("li", has=page.get_by_text(late.name, exact=True))
    expect(needs.get_by_test_id("talk")).to_contain_text(zh("Talk held"))
    expect(needs.get_by_test_id("talk")).to_contain_text("改排中班两周")

    # Today's training session: one came late, one did not come.
    v.menu("Training", "Training calendar")
    v.click(page.get_by_test_id("session").filter(has_text=session.subject))
    form = page.get_by_test_id("attendance-form")
    form.locator("[data-person]", has=page.get_by_text(trainee_late.name, exact=True)).get_by_text(
        in_zh(SessionAttendance.Status.LATE.label), exact=True).click()
    absent_card = form.locator("[data-person]", has=page.get_by_text(trainee_absent.name, exact=True))
    absent_card.get_by_text(in_zh(SessionAttendance.Status.ABSENT.label), exact=True).click()
    absent_card.get_by_placeholder(zh("Note")).fill("病假")
    v.click(page.get_by_role("button", name=zh("Save attendance")))
    expected = zh("%(expected)s expected · %(present)s present · %(late)s late · %(absent)s absent") % {
        "expected": len(team), "present": len(team) - 2, "late": 1, "absent": 1}
    expect(page.get_by_test_id("counts")).to_have_text(expected)
    v.finish()

    talk = AttendanceTalk.objects.get(person=late, month=talk_month)
    assert talk.held_by == manager and "中班" in talk.help_agreed
    session.refresh_from_db()
    assert session.status == "held"
    assert SessionAttendance.objects.get(session=session, person=trainee_late).status == "late"
    assert SessionAttendance.objects.get(session=session, person=trainee_absent).note == "病假"


# --- 3. technician department manager ---------------------------------------------------------------


def meetings_made(club, today):
    """The club's meetings as the daily job makes them: from the 20th of last month and from this week's Monday."""
    monday = today - datetime.timedelta(days=today.weekday())
    for day in (previous_month(month_start(today)).replace(day=20), monday):
        midnight = timezone.make_aware(datetime.datetime.combine(day, datetime.time()), club.zone)
        create_due_meetings(now=midnight, day=day, clubs=[club])
    return monday


def mark_everyone(page, present_label):
    rows = page.get_by_test_id("attendee-row")
    for n in range(rows.count()):
        rows.nth(n).get_by_text(present_label, exact=True).click()
    return rows


@pytest.mark.browser
def test_technician_managers_weekly_meeting(club, visit):
    """The weekly department meeting: attendance, minutes, an action item with an owner and a due date."""
    from playwright.sync_api import expect

    today = today_of(club)
    meetings_made(club, today)
    meeting = Meeting.objects.filter(series__club=club, series__key="massage-weekly", occurrence__lte=today).latest(
        "occurrence")
    supervisor = Person.objects.get(user__username="supervisor")
    away = Person.objects.filter(team__supervisor=supervisor, status="active").order_by("name").first()
    due = today + datetime.timedelta(days=7)

    v = visit("technician-manager", "deptmanager", DESKTOP)
    page = v.page
    v.menu("Meetings", "Meetings")
    v.click(page.locator("main").get_by_role("link").filter(has_text=shown_in_zh(meeting.title))
            .filter(has_text=f"{meeting.occurrence:%m-%d}"))
    expect(page.get_by_role("heading", level=1)).to_have_text(shown_in_zh(meeting.title))

    v.click(page.get_by_role("link", name=zh("Take attendance")))
    rows = mark_everyone(page, in_zh(Attendee.Status.PRESENT.label))
    assert rows.count() >= 20  # the department: supervisors and their technicians
    away_row = rows.filter(has=page.get_by_text(away.name, exact=True))
    away_row.get_by_text(in_zh(Attendee.Status.EXCUSED.label), exact=True).click()
    away_row.get_by_placeholder(zh("Note")).fill("事假")
    v.click(page.get_by_role("button", name=zh("Save attendance")))
    expect(page.get_by_test_id("attendance")).to_contain_text("事假")

    page.get_by_label(zh("Write the minutes")).fill("传达公司本月目标；上周两起客诉均与力度有关；本周安排手法复训。")
    v.click(page.get_by_role("button", name=zh("Save the minutes")))
    expect(page.get_by_label(zh("Write the minutes"))).to_have_value(re.compile("手法复训"))

    item_form = page.get_by_test_id("item-form")
    item_form.get_by_label(zh("New action item: what is to be done")).fill("A组全员完成力度标准复训")
    item_form.get_by_label(zh("Owner", "action item")).select_option(label=supervisor.name)
    item_form.get_by_label(zh("Due")).fill(due.isoformat())
    v.click(item_form.get_by_role("button", name=zh("Add the action item")))
    raised = page.get_by_test_id("raised-items")
    expect(raised).to_contain_text("A组全员完成力度标准复训")
    expect(raised).to_contain_text(supervisor.name)

    # The series page lists it among the open action items.
    v.click(page.get_by_test_id("meeting-when").get_by_role("link"))
    expect(page.locator("main")).to_contain_text(f"A组全员完成力度标准复训 · {supervisor.name} · ")
    expect(page.locator("main")).to_contain_text(f"{due:%Y-%m-%d}")
    v.finish()

    meeting.refresh_from_db()
    assert meeting.status == "held" and "手法复训" in meeting.minutes
    assert Attendee.objects.get(meeting=meeting, person=away).status == "excused"
    item = ActionItem.objects.get(meeting=meeting)
    assert (item.owner, item.due, item.status) == (supervisor, due, "open")


# --- 4. marketing director ---------------------------------------------------------------------------


@pytest.mark.browser
def test_marketing_directors_day(club, visit):
    """The daily meeting's minutes, then last month's summary report submitted to the owner."""
    from playwright.sync_api import expect

    today = today_of(club)
    meetings_made(club, today)
    daily = Meeting.objects.get(series__club=club, series__key="marketing-daily", occurrence=today)
    month_end = Meeting.objects.filter(
        series__club=club, series__key="marketing-month-end", occurrence__lt=month_start(today)
    ).latest("occurrence")
    owner = Person.objects.get(user__username="owner")

    v = visit("marketing-director", "marketing", DESKTOP)
    page = v.page
    v.menu("Meetings", "Meetings")
    v.click(page.locator("main").get_by_role("link").filter(has_text=shown_in_zh(daily.title)).filter(has_text=f"{today:%m-%d}"))
    v.click(page.get_by_role("link", name=zh("Take attendance")))
    mark_everyone(page, in_zh(Attendee.Status.PRESENT.label))
    v.click(page.get_by_role("button", name=zh("Save attendance")))
    page.get_by_label(zh("Write the minutes")).fill("昨日接待 42 位会员；今日重点：VIP 生日回访。")
    v.click(page.get_by_role("button", name=zh("Save the minutes")))
    expect(alert(page)).to_be_visible()
    expect(page.get_by_label(zh("Write the minutes"))).to_have_value(re.compile("VIP 生日回访"))

    # Month-end: the summary meeting of last month, its report to the owner.
    v.menu("Meetings", "Meeting series")
    v.click(page.get_by_role("link", name=shown_in_zh(month_end.series.title)))
    v.click(page.get_by_test_id("past").get_by_role("link").filter(has_text=f"{month_end.occurrence:%Y-%m-%d}"))
    v.click(page.get_by_test_id("report-link"))
    expect(page.locator("main")).to_contain_text(owner.name)
    page.get_by_label(zh("Analysis")).fill("本月新增会员 36 人，回访率 92%；两起投诉已处理。")
    page.get_by_label(zh("Plan")).fill("下月开展会员答谢活动，回访率目标 95%。")
    v.click(page.get_by_role("button", name=zh("Submit to the superior")))
    expect(page.get_by_test_id("report-status")).to_have_text(in_zh(Report.Status.SUBMITTED.label))

    v.menu("Meetings", "Summary reports")
    mine = page.get_by_test_id("reports-mine").get_by_role("link").filter(has_text=shown_in_zh(month_end.title))
    expect(mine).to_contain_text(in_zh(Report.Status.SUBMITTED.label))
    expect(mine).to_contain_text(owner.name)
    v.finish()

    daily.refresh_from_db()
    assert "VIP 生日回访" in daily.minutes
    report = Report.objects.get(meeting=month_end)
    assert (report.status, report.to, report.author.user.username) == ("submitted", owner, "marketing")


# --- 5. store manager -------------------------------------------------------------------------------


@pytest.mark.browser
def test_store_managers_day(club, visit):
    """A duty ticked off, last month locked, a proposed penalty approved."""
    from playwright.sync_api import expect

    today = today_of(club)
    create_due_checklists()
    last_month = previous_month(month_start(today))
    supervisor = Person.objects.get(user__username="supervisor")
    technician = Person.objects.get(user__username="technician")
    penalty = RewardPenalty.objects.create(
        club=club, person=technician, date=today, kind="penalty", category="attendance",
        reason="本月迟到三次，未提前请假", points=2, amount=50, proposed_by=supervisor,
    )

    v = visit("store-manager", "storemanager", DESKTOP)
    page = v.page
    v.menu("Duties", "My checklists")
    item = page.locator('section[data-testid^="checklist-"] li.list-group-item').first
    item_id = item.get_attribute("id")
    item.get_by_placeholder(zh("Note")).fill("晨会已开，人员到齐")
    v.click(item.get_by_role("button", name=zh("Done"), exact=True))
    item = page.locator(f"#{item_id}")
    expect(item.get_by_test_id("item-state")).to_have_text(in_zh(ChecklistItem.State.DONE.label))
    expect(item).to_contain_text("晨会已开，人员到齐")

    v.menu("Club", "Month lock")
    month_row = page.get_by_test_id("months").locator("li").filter(
        has=page.get_by_text(f"{last_month:%Y-%m}", exact=True))
    month_row.get_by_role("checkbox").check()
    v.click(month_row.get_by_role("button", name=zh("Lock %(month)s") % {"month": f"{last_month:%Y-%m}"}))
    expect(alert(page)).to_be_visible()
    expect(month_row.get_by_test_id("locked")).to_be_visible()

    v.menu("Training", "Rewards and penalties")
    record = page.get_by_test_id("record").filter(has_text=penalty.reason)
    expect(record).to_contain_text(in_zh(RewardPenalty.Status.PROPOSED.label))
    v.click(record.get_by_role("button", name=zh("Approve"), exact=True))
    record = page.get_by_test_id("record").filter(has_text=penalty.reason)
    expect(record).to_contain_text(in_zh(RewardPenalty.Status.APPROVED.label))
    expect(page.get_by_test_id("per-person")).to_contain_text(technician.name)
    v.finish()

    store_manager = Person.objects.get(user__username="storemanager")
    ticked = ChecklistItem.objects.get(note="晨会已开，人员到齐")
    assert (ticked.state, ticked.ticked_by, ticked.checklist.person) == ("done", store_manager, store_manager)
    assert MonthLock.objects.get(club=club, month=last_month).locked_by == store_manager
    penalty.refresh_from_db()
    assert (penalty.status, penalty.decided_by) == ("approved", store_manager)


# --- 6. owner -----------------------------------------------------------------------------------------


@pytest.mark.browser
def test_owners_monthly_report(club, visit):
    """Last month's report of the chain, a figure followed to its records, the PDF downloaded."""
    from playwright.sync_api import expect

    today = today_of(club)
    month = previous_month(month_start(today))
    seed_floor(today=today, days=(today - month).days + 1)
    clubs = clubs_with_first_month(Club.objects.all())
    snapshots_for(clubs, last_months(month, 12))  # what the job on the 1st has built

    v = visit("owner", "owner", DESKTOP)
    v.context.set_default_timeout(TIMEOUT_MS * 3)
    page = v.page
    v.menu("Monthly report")
    v.click(page.get_by_test_id("months").get_by_role("link").filter(has_text=f"{month:%Y-%m}"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{month:%Y-%m}")
    assert page.get_by_test_id("charts").locator("svg").count() >= 4

    late_row = page.locator("tr").filter(has=page.get_by_text(zh("Late arrivals"), exact=True)).filter(
        has=page.get_by_role("link"))
    figure = late_row.get_by_role("link").first
    shown = int(figure.inner_text())
    assert shown > 0, "a month of the demo floor has late arrivals"
    v.click(figure)
    expect(page.get_by_test_id("record-count")).to_contain_text(str(shown))
    rows = page.get_by_test_id("records").locator("tbody tr")
    assert rows.count() == min(shown, 100)
    expect(rows.first).to_contain_text(in_zh(Status.LATE.label))

    page.go_back()
    with page.expect_download() as download:
        page.get_by_role("link", name=zh("PDF"), exact=True).click()
    with open(download.value.path(), "rb") as pdf:
        content = pdf.read()
    assert content.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page\b", content))
    assert pages > 1, f"the monthly report's PDF has {pages} page(s)"
    assert download.value.suggested_filename == f"report-chain-{month:%Y-%m}.pdf"
    v.finish()
