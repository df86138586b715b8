"""The floor's panels of the Today page: what needs each role now, each item a link to where it is done.

The clock is pinned at Wednesday 2 December 2026, 15:00 in Shanghai (club 1 and club 2): the
day shift (10:00–18:00) has begun. ``crowd`` puts ``n`` more technicians into team A with a
day's worth of what a supervisor meets: late, absent, failed grooming, areas, last month's absences.
"""

import datetime
import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from attendance import navigation
from attendance.models import (
    Area,
    Attendance,
    AttendanceTalk,
    GroomingCheck,
    GroomingFailure,
    GroomingItem,
    HygieneCheck,
    HygieneItem,
    MonthLock,
    RosterEntry,
    Status,
)
from attendance.tests.conftest import page_text
from staff.models import Person
from tests.factories import PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-12-02T15:00:00+08:00")]

TODAY = datetime.date(2026, 12, 2)
LAST_MONTH = datetime.date(2026, 11, 10)


def crowd(world, n, *, start=0):
    """``n`` more technicians in team A, each on today's day shift with an area; every 5th late, every 7th
    absent, every 4th with a failed grooming check (every 8th re-checked and passed), every 6th absent last month."""
    GroomingItem.ensure_defaults(world.club1)
    HygieneItem.ensure_defaults(world.club1)
    nails = GroomingItem.objects.get(club=world.club1, key="nails")
    people = []
    for i in range(start, start + n):
        person = PersonFactory(name=f"Crowd {i:03d}", club=world.club1, department=world.technician.department,
                               team=world.team_a, reports_to=world.supervisor_a)
        people.append(person)
        RosterEntry.objects.create(person=person, date=TODAY, shift=world.shift_1)
        Area.objects.create(club=world.club1, name=f"Room {i:03d}", responsible=person, order=i)
        if i % 5 == 0:
            Attendance.objects.create(person=person, club=world.club1, date=TODAY, status=Status.LATE,
                                      late_minutes=20, shift=world.shift_1, recorded_by=world.supervisor_a)
        elif i % 7 == 0:
            Attendance.objects.create(person=person, club=world.club1, date=TODAY, status=Status.ABSENT,
                                      recorded_by=world.supervisor_a)
        elif i % 3 == 0:
            Attendance.objects.create(person=person, club=world.club1, date=TODAY, status=Status.PRESENT,
                                      shift=world.shift_1, recorded_by=world.supervisor_a)
        if i % 4 == 0:
            check = GroomingCheck.objects.create(person=person, date=TODAY, round=1, passed=False)
            GroomingFailure.objects.create(check_record=check, item=nails, note="nails too long")
            if i % 8 == 0:
                GroomingCheck.objects.create(person=person, date=TODAY, round=2, passed=True)
        if i % 6 == 0:
            Attendance.objects.create(person=person, club=world.club1, date=LAST_MONTH, status=Status.ABSENT)
    return people


def hrefs(html, testid):
    """The links of the elements marked ``data-testid=testid``."""
    return re.findall(rf'<a\b[^>]*href="([^"]*)"[^>]*data-testid="{testid}"', html)


def panel(name, viewer):
    """A floor panel as the Today page renders it: (context or None, html)."""
    template, build = {
        "week": ("attendance/_today_my_week.html", navigation.my_week),
        "supervisor": ("attendance/_today_supervisor.html", navigation.supervisor_floor),
        "club": ("attendance/_today_club.html", navigation.club_floor),
        "clubs": ("attendance/_today_clubs.html", navigation.clubs_floor),
        "stock": ("attendance/_low_stock.html", navigation.low_stock),
    }[name]
    context = build(viewer)
    if context is None:
        return None, ""
    return context, render_to_string(template, {**context, "viewer": viewer})


def queries(name, viewer):
    viewer = Person.objects.select_related("club").get(pk=viewer.pk)  # as the middleware loads request.person
    with CaptureQueriesContext(connection) as captured:
        panel(name, viewer)
    return len(captured)


# --- Who sees which panel -----------------------------------------------------------------------------


def test_each_role_gets_its_own_floor_panel(world):
    shown = {
        who: [name for name in ("week", "supervisor", "club", "clubs") if panel(name, getattr(world, who))[0]]
        for who in ("technician", "customer_manager", "supervisor_a", "dept_manager", "tech_manager",
                    "store_manager", "marketing", "owner")
    }
    assert shown == {
        "technician": ["week"], "customer_manager": ["week"], "supervisor_a": ["supervisor"],
        "dept_manager": ["club"], "tech_manager": ["club"], "store_manager": ["club"], "marketing": ["club"],
        "owner": ["clubs"],
    }


# --- Supervisor ----------------------------------------------------------------------------------------


def test_the_supervisor_sees_recorded_and_not_yet_and_goes_to_the_team_screen(world, client_as):
    crowd(world, 10)
    context, html = panel("supervisor", world.supervisor_a)
    (team,) = context["floor_supervisor"].teams
    # Crowd 000..009: recorded 0,3,5,6,7,9 (late 0,5; absent 7; present 3,6,9); Tech A1 and A2 have no roster and no record.
    assert (team.recorded, team.not_recorded, team.late, team.absent) == (6, 6, 2, 1)
    assert 'data-recorded="6" data-missing="6"' in html
    assert hrefs(html, "team-screen-button") == [f"/attendance/team/?team={world.team_a.pk}&amp;date=2026-12-02"]
    response = client_as(world.supervisor_a).get(f"/attendance/team/?team={world.team_a.pk}&date=2026-12-02")
    assert response.status_code == 200


def test_the_supervisor_sees_who_is_late_or_absent_and_whose_grooming_failed_each_at_their_row(world, client_as):
    people = {p.name: p for p in crowd(world, 10)}
    context, html = panel("supervisor", world.supervisor_a)
    floor = context["floor_supervisor"]
    assert [(i.person.name, i.code) for i in floor.exceptions] == [
        ("Crowd 007", "absent"), ("Crowd 000", "late"), ("Crowd 005", "late")]
    # Crowd 000 and 008 were re-checked and passed; Crowd 004 is still open.
    assert [i.person.name for i in floor.grooming] == ["Crowd 004"]
    assert "nails too long" in html
    late = people["Crowd 005"]
    assert f"/attendance/team/?team={world.team_a.pk}&amp;date=2026-12-02#row-{late.pk}" in hrefs(html, "today-exception")
    row = client_as(world.supervisor_a).get(f"/attendance/team/?team={world.team_a.pk}&date=2026-12-02")
    assert f'id="row-{late.pk}"' in row.content.decode()


def test_the_supervisor_sees_the_areas_still_to_check_today(world, client_as):
    crowd(world, 3)
    room = Area.objects.get(name="Room 001")
    HygieneCheck.objects.create(area=room, date=TODAY, passed=True, responsible=room.responsible)
    other_club = Area.objects.create(club=world.club2, name="Elsewhere", responsible=world.technician_2)
    context, html = panel("supervisor", world.supervisor_a)
    names = [a.name for a in context["floor_supervisor"].hygiene]
    assert names == ["Room 000", "Room 002"]
    assert other_club.name not in html
    assert hrefs(html, "today-hygiene") == ["/attendance/hygiene/"]
    page = client_as(world.supervisor_a).get("/attendance/hygiene/")
    assert "Room 000" in page_text(page) and "Room 002" in page_text(page)


def test_a_quiet_day_says_so(world):
    _context, html = panel("supervisor", world.supervisor_a)
    assert 'data-testid="today-quiet"' in html


def test_the_supervisors_panel_leads_the_page_until_the_team_is_recorded(world):
    from staff import registry

    context, _html = panel("supervisor", world.supervisor_a)  # Tech A1 and A2: nothing recorded yet
    assert context["today_urgent"] and context["today_needs"]
    assert registry.today_page(world.supervisor_a).templates[0] == "attendance/_today_supervisor.html"
    for tech in (world.technician, world.technician_a2):
        Attendance.objects.create(person=tech, club=world.club1, date=TODAY, status=Status.PRESENT)
    context, html = panel("supervisor", world.supervisor_a)
    assert not context["today_urgent"] and not context["today_needs"]
    assert "✓" in html and 'data-missing="0"' in html


def test_a_supervisor_without_a_team_gets_no_empty_floor_panel(world):
    world.team_b.supervisor = None
    world.team_b.save()
    assert panel("supervisor", world.supervisor_b) == (None, "")


def test_the_technicians_week_and_the_owners_clubs_inform_and_ask_nothing(world):
    assert panel("week", world.technician)[0]["today_needs"] is False
    assert panel("clubs", world.owner)[0]["today_needs"] is False


def test_another_team_is_not_on_the_supervisors_panel(world):
    crowd(world, 5)
    Attendance.objects.create(person=world.technician_b, club=world.club1, date=TODAY, status=Status.ABSENT)
    _context, html = panel("supervisor", world.supervisor_b)
    assert "Crowd" not in html
    assert world.technician_b.name in html


# --- Managers of one club --------------------------------------------------------------------------------


def test_the_store_manager_sees_every_team_recorded_or_not(world, client_as):
    crowd(world, 10)
    Attendance.objects.create(person=world.technician_b, club=world.club1, date=TODAY, status=Status.PRESENT)
    context, html = panel("club", world.store_manager)
    floor = context["floor_club"]
    groups = {g.label: (g.recorded, g.not_recorded) for g in floor.groups}
    assert groups["Team A"] == (6, 6) and groups["Team B"] == (1, 0)
    assert f"/attendance/team/?team={world.team_b.pk}&amp;date=2026-12-02" in hrefs(html, "today-team")
    assert [i.person.name for i in floor.grooming] == ["Crowd 004"]
    assert client_as(world.store_manager).get(f"/attendance/team/?team={world.team_b.pk}").status_code == 200


def test_the_store_manager_is_asked_to_lock_last_month_until_it_is_locked(world, client_as):
    _context, html = panel("club", world.store_manager)
    assert "2026-11" in html and hrefs(html, "today-lock") == ["/attendance/lock/"]
    assert client_as(world.store_manager).get("/attendance/lock/").status_code == 200
    MonthLock.objects.create(club=world.club1, month=datetime.date(2026, 11, 1), locked_by=world.store_manager)
    _context, html = panel("club", world.store_manager)
    assert 'data-testid="today-lock"' not in html
    # A department head does not lock months.
    _context, html = panel("club", world.dept_manager)
    assert 'data-testid="today-lock"' not in html


def test_talks_due_lead_to_the_talk_and_leave_once_it_is_held(world, client_as):
    people = {p.name: p for p in crowd(world, 7)}
    context, html = panel("club", world.tech_manager)
    due = [(t.person.name, t.month) for t in context["floor_club"].talks]
    assert due == [("Crowd 000", datetime.date(2026, 11, 1)), ("Crowd 006", datetime.date(2026, 11, 1))]
    url = f"/attendance/followup/talk/{people['Crowd 006'].pk}/?month=2026-11"
    assert url in hrefs(html, "today-talk")
    assert client_as(world.tech_manager).get(url).status_code == 200
    AttendanceTalk.objects.create(person=people["Crowd 006"], club=world.club1, month=datetime.date(2026, 11, 1),
                                  held_on=TODAY, held_by=world.tech_manager, cause="bus", help_agreed="earlier bus")
    context, _html = panel("club", world.tech_manager)
    assert [t.person.name for t in context["floor_club"].talks] == ["Crowd 000"]


def test_supervisors_have_no_talks_to_hold(world):
    crowd(world, 7)
    _context, html = panel("supervisor", world.supervisor_a)
    assert 'data-testid="today-talk"' not in html


def test_a_head_sees_only_their_department(world):
    """The marketing director sees their customer managers, not the massage floor."""
    crowd(world, 5)
    Attendance.objects.create(person=world.customer_manager, club=world.club1, date=TODAY, status=Status.LATE,
                              late_minutes=12)
    context, html = panel("club", world.marketing)
    floor = context["floor_club"]
    assert [i.person.name for i in floor.exceptions] == ["customer_manager"]
    assert "Crowd" not in html and "Team A" not in html
    assert floor.groups and floor.groups[-1].url.endswith("reports=1&date=2026-12-02")


def test_the_department_manager_sees_their_supervisors_as_direct_reports(world, client_as):
    RosterEntry.objects.create(person=world.supervisor_a, date=TODAY, shift=world.shift_1)
    context, html = panel("club", world.dept_manager)
    reports = context["floor_club"].groups[-1]
    assert reports.url == "/attendance/team/?reports=1&date=2026-12-02" and reports.not_recorded >= 1
    assert client_as(world.dept_manager).get(reports.url).status_code == 200


# --- Owner -------------------------------------------------------------------------------------------------


def test_the_owner_sees_every_club_with_links(world, client_as):
    crowd(world, 10)
    Attendance.objects.create(person=world.technician_2, club=world.club2, date=TODAY, status=Status.ABSENT)
    context, html = panel("clubs", world.owner)
    lines = {line.club.name: line for line in context["floor_clubs"]}
    one, two = lines["Club One"], lines["Club Two"]
    assert (one.counts["recorded"], one.counts["late"], one.counts["absent"], one.grooming) == (6, 2, 1, 1)
    assert one.expected == 6 + one.counts["not_recorded"]
    assert (two.counts["absent"], two.grooming, two.hygiene) == (1, 0, 0)
    assert one.hygiene == 10
    figures = hrefs(html, "today-club-figures")
    assert f"/attendance/stats/daily/?club={world.club2.pk}&amp;date=2026-12-02" in figures
    owner = client_as(world.owner)
    for url in (two.figures_url, one.hygiene_url, one.stock_url):
        assert owner.get(url).status_code == 200, url


def test_each_club_is_counted_on_its_own_day(world):
    """At 15:00 in Shanghai it is still 1 December, 23:00, in Los Angeles: that club shows its 1 December."""
    world.club2.time_zone = "America/Los_Angeles"
    world.club2.save()
    yesterday = TODAY - datetime.timedelta(days=1)
    Attendance.objects.create(person=world.technician_2, club=world.club2, date=TODAY, status=Status.ABSENT)
    Attendance.objects.create(person=world.technician_2, club=world.club2, date=yesterday,
                              status=Status.LATE, late_minutes=5)
    Attendance.objects.create(person=world.technician, club=world.club1, date=yesterday, status=Status.ABSENT)
    lines = {line.club.name: line for line in panel("clubs", world.owner)[0]["floor_clubs"]}
    assert (lines["Club Two"].day, lines["Club One"].day) == (yesterday, TODAY)
    assert (lines["Club Two"].counts["late"], lines["Club Two"].counts["absent"]) == (1, 0)
    assert lines["Club One"].counts["absent"] == 0


# --- Technician ----------------------------------------------------------------------------------------------


def test_the_technician_sees_today_the_week_and_the_month_so_far(world):
    tech = world.technician
    monday = datetime.date(2026, 11, 30)
    for n in range(7):
        RosterEntry.objects.create(person=tech, date=monday + datetime.timedelta(days=n),
                                   shift=None if n == 5 else world.shift_1)
    Attendance.objects.create(person=tech, club=world.club1, date=datetime.date(2026, 11, 30), status=Status.ABSENT)
    Attendance.objects.create(person=tech, club=world.club1, date=datetime.date(2026, 12, 1), status=Status.LATE,
                              late_minutes=9)
    Attendance.objects.create(person=tech, club=world.club1, date=TODAY, status=Status.LEFT_EARLY, early_minutes=30)
    context, html = panel("week", tech)
    week = context["floor_week"]
    assert week.today.shift == world.shift_1 and week.today.is_today
    assert [bool(d.day_off) for d in week.week] == [False] * 5 + [True, False]
    # November's absence is last month; December so far: late once, left early once, no absence.
    assert (week.month["late"], week.month["early"], week.month["absent"], week.month["worked"]) == (1, 1, 0, 2)
    assert html.count('data-testid="week-day"') == 7
    assert hrefs(html, "today-month") == [tech.get_absolute_url()]


def quality_records(world, n, *, start=0):
    """``n`` spot checks of Tech A1 (scores 3 and 4) and ``n`` pieces of feedback, one a day going back from
    ``start`` days before yesterday; the newest is a complaint."""
    from attendance.models import CustomerFeedback, QualityCriterion, ServiceCheck, ServiceCheckScore

    QualityCriterion.ensure_defaults(world.club1)
    technique, pressure = QualityCriterion.objects.filter(club=world.club1).order_by("order")[:2]
    for i in range(start, start + n):
        day = TODAY - datetime.timedelta(days=i + 1)
        check = ServiceCheck.objects.create(club=world.club1, technician=world.technician, date=day,
                                            checked_by=world.supervisor_a, note=f"check {i}")
        ServiceCheckScore.objects.create(check_record=check, criterion=technique, score=3)
        ServiceCheckScore.objects.create(check_record=check, criterion=pressure, score=4)
        kind = "complaint" if i == 0 else "praise"
        CustomerFeedback.objects.create(club=world.club1, technician=world.technician, date=day, kind=kind,
                                        said=f"Said {i}", action="Talked it over" if kind == "complaint" else "")


def test_the_technician_sees_their_latest_spot_check_and_feedback_linked_to_where_they_read_them(world, client_as):
    context, html = panel("week", world.technician)
    assert "No spot check yet" in html and "No customer feedback yet" in html

    quality_records(world, 3)
    context, html = panel("week", world.technician)
    week = context["floor_week"]
    assert week.check.date == datetime.date(2026, 12, 1) and float(week.check.average) == 3.5
    assert week.feedback.said == "Said 0"
    url = f"/attendance/quality/?person={world.technician.pk}"
    assert hrefs(html, "today-spot-check") == [url] and hrefs(html, "today-feedback") == [url]
    with translation.override("en"):
        _context, html = panel("week", world.technician)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Latest spot check · 12-01 score 3.5 of 5" in text
    assert "Latest customer feedback · 12-01 Complaint Said 0" in text
    page = client_as(world.technician).get(url)
    assert page.status_code == 200 and "Said 0" in page_text(page)
    # Another technician's are not theirs.
    assert panel("week", world.technician_a2)[0]["floor_week"].check is None


def test_the_technicians_quality_takes_as_many_queries_for_30_records_as_for_3(world):
    quality_records(world, 3)
    small = queries("week", world.technician)
    quality_records(world, 27, start=3)
    assert queries("week", world.technician) == small <= PINNED["week"]


def test_a_customer_manager_has_no_quality_lines(world):
    _context, html = panel("week", world.customer_manager)
    assert 'data-testid="today-quality"' not in html


# --- The home page shows them ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who, testid", [
    ("supervisor_a", "today-supervisor"), ("technician", "today-my-week"), ("store_manager", "today-club"),
    ("tech_manager", "today-club"), ("owner", "today-clubs"),
])
def test_the_today_page_shows_the_floor_panel(world, client_as, who, testid):
    response = client_as(getattr(world, who)).get("/")
    assert response.status_code == 200
    assert f'data-testid="{testid}"' in response.content.decode()


# --- A constant number of queries however large the club -------------------------------------------------------


@pytest.mark.parametrize("name, who", [
    ("supervisor", "supervisor_a"), ("week", "technician"), ("club", "store_manager"), ("club", "dept_manager"),
    ("club", "tech_manager"), ("clubs", "owner"), ("stock", "supervisor_a"),
])
def test_a_panel_takes_as_many_queries_for_40_people_as_for_10(world, name, who):
    viewer = getattr(world, who)
    for n in range(7):  # the technician's own week and month
        RosterEntry.objects.create(person=world.technician, date=datetime.date(2026, 11, 30) + datetime.timedelta(days=n),
                                   shift=world.shift_1)
        Attendance.objects.create(person=world.technician, club=world.club1, date=datetime.date(2026, 11, 20 + n),
                                  status=Status.LATE, late_minutes=n + 6)
    crowd(world, 10)
    small = queries(name, viewer)
    crowd(world, 30, start=10)
    assert Person.objects.filter(team=world.team_a).count() == 42
    large = queries(name, viewer)
    assert large == small, f"{name} for {who}: {small} queries with 10 people, {large} with 40"
    assert small <= PINNED[name], f"{name} for {who}: {small} queries"


# The most queries each panel may take (measured: see the report); growth beyond means a new query per row.
PINNED = {"supervisor": 6, "week": 5, "club": 15, "clubs": 5, "stock": 1}


# --- Low stock: for those who issue consumables and those who receive them -------------------------------------


def test_low_stock_is_shown_to_who_issues_or_receives_stock_and_leads_to_the_consumables(world, stock, client_as):
    stock["cream"].stock = 2
    stock["cream"].save()
    seen = {who: bool(panel("stock", getattr(world, who))[0])
            for who in ("supervisor_a", "store_manager", "dept_manager", "tech_manager", "marketing", "technician",
                        "owner")}
    assert seen == {"supervisor_a": True, "store_manager": True, "dept_manager": True, "tech_manager": True,
                    "marketing": False, "technician": False, "owner": False}
    _context, html = panel("stock", world.store_manager)
    assert "Massage cream" in html and "Towels" not in html and "Club-two oil" not in html
    assert client_as(world.store_manager).get("/attendance/consumables/").status_code == 200
    # The owner reads it per club on their own panel.
    lines = {line.club.name: line.low_stock for line in panel("clubs", world.owner)[0]["floor_clubs"]}
    assert lines == {"Club One": 1, "Club Two": 0}
