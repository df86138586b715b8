"""The Today page: who one is, and what needs one now — each item a link to where it is done.

The clock is pinned to Wednesday 2 December 2026, 10:00 in Shanghai (the clubs' zone): the latest
finished month is November, the month before October.
"""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from staff.models import Level, Notice, Role

from .conftest import add_technicians, page_text, shows

pytestmark = pytest.mark.clock("2026-12-02T10:00:00+08:00")

TODAY = datetime.date(2026, 12, 2)
YESTERDAY = TODAY - datetime.timedelta(days=1)

# persona -> what their Today page says about who they are
WHO = {
    "owner": "Hello, owner Owner",
    "store_manager": "Hello, store_manager Store manager · Club One · Administration",
    "marketing": "Hello, marketing Marketing director · Club One · Marketing / front office",
    "care_manager": "Hello, care_manager Health-care manager · Club One · Health care",
    "tech_manager": "Hello, tech_manager Technical manager · Club One · Health care",
    "dept_manager": "Hello, dept_manager Technician department manager · Club One · Massage technicians",
    "customer_manager": "Hello, customer_manager Customer manager · Club One · Marketing / front office",
    "supervisor_a": "Hello, supervisor_a Supervisor · Club One · Massage technicians",
    "technician": "Hello, Tech A1 Technician · Club One · Massage technicians · team Team A (supervisor: supervisor_a)",
    "store_manager_2": "Hello, Manager Two Store manager · Club Two · Administration",
}


# --- Helpers: records that ask something of someone ----------------------------------------------


def duty(club, position, text, key=None):
    from duties.models import Duty, DutyVersion

    d = Duty.objects.create(club=club, position=position, key=key or text[:40], order=1)
    d.current = DutyVersion.objects.create(duty=d, number=1, cadence="daily", text_en=text)
    d.save()
    return d


def checklist_item(person, the_duty, start, end=None, cadence="daily", state="open"):
    from duties.models import Checklist, ChecklistItem

    checklist, _ = Checklist.objects.get_or_create(
        person=person, cadence=cadence, period_start=start, defaults={"club": person.club, "period_end": end or start})
    return ChecklistItem.objects.create(checklist=checklist, duty=the_duty, duty_version=the_duty.current, state=state)


def panel(response, testid):
    """The HTML of the Today panel ``data-testid=testid``, or "" when the page leaves it out."""
    body = response.content.decode()
    found = re.search(rf'<section[^>]*data-testid="{testid}".*?</section>', body, re.S)
    return found.group(0) if found else ""


def links(html):
    return re.findall(r'href="([^"]+)"', html)


def text_of(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def my_team(response):
    block = response.content.decode().split('data-testid="my-team"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="/people/\d+/">([^<]+)</a>', block)


# --- Who one is; the team and the clubs for reference ----------------------------------------------


@pytest.mark.parametrize("persona", sorted(WHO))
def test_it_tells_each_person_who_they_are(world, client_as, persona):
    response = client_as(getattr(world, persona)).get("/")

    assert response.status_code == 200
    assert shows(response, WHO[persona])
    assert shows(response, "My record")


def test_it_shows_a_supervisor_their_own_teams_technicians(world, client_as):
    response = client_as(world.supervisor_a).get("/")

    assert shows(response, "My team Team A: 2 technicians")
    assert my_team(response) == ["Tech A1", "Tech A2"]
    assert "Tech B1" not in page_text(response)


def test_it_leaves_people_who_left_out_of_a_supervisors_team(world, client_as):
    left = add_technicians(world.team_a, 1, name="Tech A3 gone", status="left", left_on="2024-06-01")[0]

    response = client_as(world.supervisor_a).get("/")

    assert left.name not in my_team(response)
    assert shows(response, "My team Team A: 2 technicians")


def test_it_tells_a_supervisor_without_a_team_to_ask_for_one(world, client_as):
    world.team_b.supervisor = None
    world.team_b.save()

    response = client_as(world.supervisor_b).get("/")

    assert shows(response, "You do not lead a team yet; ask your department manager.")


def test_it_shows_the_owner_every_club_and_a_store_manager_only_theirs(world, client_as):
    owner = text_of(panel(client_as(world.owner).get("/"), "today-chain"))
    manager = page_text(client_as(world.store_manager).get("/"))

    assert "Club One" in owner and "Club Two" in owner
    assert "Club One" in manager
    assert "Club Two" not in manager


def test_it_welcomes_a_login_that_is_nobody_of_the_chain(db, client):
    client.force_login(get_user_model().objects.create_user("admin-only", password="x-long-password-1"))

    response = client.get("/")

    assert response.status_code == 200
    assert shows(response, "This login is not linked to a person of the chain")


# --- Nothing needs you now ---------------------------------------------------------------------------


def test_a_person_with_nothing_to_do_is_told_so_and_sees_no_empty_panels(world, client_as):
    response = client_as(world.customer_manager).get("/")

    assert shows(response, "Nothing needs you now.")
    for testid in ("today-duties", "today-training", "today-meetings", "today-notices", "today-report"):
        assert panel(response, testid) == ""


def test_the_page_stops_saying_all_is_clear_once_something_needs_the_person(world, client_as):
    checklist_item(world.customer_manager, duty(world.club1, Role.CUSTOMER_MANAGER, "Greet every guest"), TODAY)

    response = client_as(world.customer_manager).get("/")

    assert not shows(response, "Nothing needs you now.")
    assert "Greet every guest" in text_of(panel(response, "today-duties"))


# --- Duties ------------------------------------------------------------------------------------------


def test_a_technician_sees_todays_open_items_as_links_to_the_item_not_as_overdue(world, client_as):
    mine = duty(world.club1, Role.TECHNICIAN, "Clean my massage bed")
    item = checklist_item(world.technician, mine, TODAY)
    checklist_item(world.technician, duty(world.club1, Role.TECHNICIAN, "Fold towels"), TODAY, state="done")

    response = client_as(world.technician).get("/")

    duties = panel(response, "today-duties")
    assert "Clean my massage bed" in text_of(duties)
    assert "Fold towels" not in text_of(duties)  # done: nothing to do
    assert f"/duties/#item-{item.pk}" in links(duties)
    assert "overdue" not in text_of(duties)
    assert f'id="item-{item.pk}"' in client_as(world.technician).get("/duties/").content.decode()


def test_a_technician_sees_their_overdue_items_once_the_period_has_ended(world, client_as):
    checklist_item(world.technician, duty(world.club1, Role.TECHNICIAN, "Clean my massage bed"), YESTERDAY)
    monday = TODAY - datetime.timedelta(days=TODAY.weekday())
    checklist_item(world.technician, duty(world.club1, Role.TECHNICIAN, "Weekly stock count"), monday,
                   monday + datetime.timedelta(days=6), cadence="weekly")

    duties = panel(client_as(world.technician).get("/"), "today-duties")

    assert "1 of my items overdue" in text_of(duties)
    assert "1 open this week or month" in text_of(duties)  # the week's item is not overdue before Sunday
    assert "/duties/" in links(duties)


def test_a_store_manager_sees_the_overdue_items_of_the_people_they_lead_and_the_review_shows_them(world, client_as):
    job = duty(world.club1, Role.SUPERVISOR, "Check the area hygiene")
    checklist_item(world.supervisor_a, job, YESTERDAY)
    checklist_item(world.supervisor_a, job, TODAY)  # due today: not overdue yet
    checklist_item(world.supervisor_2, duty(world.club2, Role.SUPERVISOR, "Other club"), YESTERDAY)
    client = client_as(world.store_manager)

    duties = panel(client.get("/"), "today-duties")

    assert "1 overdue item of the people I lead" in text_of(duties)
    assert "supervisor_a 1" in text_of(duties)
    assert "Supervisor Two" not in text_of(duties)
    review = next(link for link in links(duties) if link.startswith("/duties/review/"))
    page = client.get(review.replace("&amp;", "&"))
    assert page.status_code == 200
    assert "supervisor_a" in page_text(page)


def test_a_technician_is_not_shown_other_peoples_overdue_items(world, client_as):
    checklist_item(world.technician_a2, duty(world.club1, Role.TECHNICIAN, "Clean my massage bed"), YESTERDAY)

    response = client_as(world.technician).get("/")

    assert panel(response, "today-duties") == ""


def test_a_superior_sees_the_checklists_of_their_reports_waiting_for_sign_off(world, client_as):
    job = duty(world.club1, Role.SUPERVISOR, "Weekly team review")
    last_monday = TODAY - datetime.timedelta(days=TODAY.weekday() + 7)
    item = checklist_item(world.supervisor_a, job, last_monday, last_monday + datetime.timedelta(days=6),
                          cadence="weekly", state="done")
    client = client_as(world.dept_manager)  # supervisor_a reports to the department manager

    duties = panel(client.get("/"), "today-duties")

    assert "Sign off: supervisor_a · Weekly" in text_of(duties)
    detail = f"/duties/checklists/{item.checklist_id}/"
    assert detail in links(duties)
    assert 'name="comment"' in client.get(detail).content.decode()  # the sign-off form
    assert panel(client_as(world.technician).get("/"), "today-duties") == ""


# --- Training ----------------------------------------------------------------------------------------


def test_a_technician_sees_upcoming_sessions_assessments_and_their_level(world, client_as):
    from training.models import LevelAward
    from training.tests import factories as tf

    plan = tf.plan(world.club1, world.tech_manager)
    soon = tf.session(plan, world.tech_manager, [world.technician], date=TODAY + datetime.timedelta(days=1),
                      subject="Foot reflexology, part 2")
    tf.session(plan, world.tech_manager, [world.technician_a2], date=TODAY, subject="Not for me")
    quiz = tf.quiz(plan, title="Theory of the foot")
    world.technician.level = Level.JUNIOR
    world.technician.save()
    LevelAward.objects.create(person=world.technician, club=world.club1, level=Level.JUNIOR, kind="manual",
                              granted_on=datetime.date(2026, 1, 1), expires_on=datetime.date(2026, 12, 20))
    client = client_as(world.technician)

    training = panel(client.get("/"), "today-training")

    text = text_of(training)
    assert "12-03 14:00 · Foot reflexology, part 2" in text
    assert "Not for me" not in text
    assert "Assessment: Theory of the foot" in text
    assert "Level: Junior (初級) · until 2026-12-20 · Re-certification" in text
    assert f"/training/sessions/{soon.pk}/" in links(training)
    assert f"/training/assessments/{quiz.pk}/" in links(training)
    assert client.get(f"/training/sessions/{soon.pk}/").status_code == 200
    assert client.get(f"/training/assessments/{quiz.pk}/").status_code == 200


def test_the_technical_manager_sees_todays_sessions_of_the_departments_they_run(world, client_as):
    from training.tests import factories as tf

    plan = tf.plan(world.club1, world.tech_manager)
    today = tf.session(plan, world.dept_manager, [world.technician], date=TODAY, subject="Shoulder work", start="15:00")

    training = panel(client_as(world.tech_manager).get("/"), "today-training")

    assert "Today 15:00 · Shoulder work" in text_of(training)
    assert f"/training/sessions/{today.pk}/" in links(training)


def test_rewards_waiting_are_shown_to_whoever_decides_them(world, client_as):
    from training.models import RewardPenalty

    RewardPenalty.objects.create(club=world.club1, person=world.technician, date=datetime.date(2026, 11, 28),
                                 kind="reward", category="service", reason="Praised", points=2,
                                 proposed_by=world.supervisor_a)
    client = client_as(world.store_manager)

    training = panel(client.get("/"), "today-training")

    assert "1 reward or penalty waiting for my decision" in text_of(training)
    url = next(link for link in links(training) if link.startswith("/training/rewards/"))
    assert "month=2026-11" in url
    assert "Praised" in page_text(client.get(url.replace("&amp;", "&")))
    assert "waiting for my decision" not in page_text(client_as(world.supervisor_a).get("/"))


# --- Meetings ----------------------------------------------------------------------------------------


def _massage_daily(world):
    from meetings import services
    from meetings.tests.factories import make_series, meeting_on

    series = make_series(world.club1, world.dept_manager.department, world.dept_manager, title="Massage daily",
                         positions=["technician_manager", "supervisor", "technician"], time=datetime.time(11, 0))
    services.meetings_create_ahead(series=series)
    return series, meeting_on(series, TODAY)


def test_todays_meeting_shows_its_open_action_items_and_mine(world, client_as):
    from meetings.models import ActionItem

    series, meeting = _massage_daily(world)
    earlier = ActionItem.objects.create(series=series, meeting=meeting, club=world.club1, what="Order more towels",
                                        owner=world.technician, due=YESTERDAY)
    client = client_as(world.technician)

    meetings = panel(client.get("/"), "today-meetings")

    text = text_of(meetings)
    assert "11:00 · Massage daily" in text
    assert "1 open action item" in text
    assert "1 action item of mine open · 1 overdue" in text
    assert f"/meetings/{meeting.pk}/" in links(meetings)
    assert f"/meetings/action-items/#item-{earlier.pk}" in links(meetings)
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 200
    assert "Order more towels" in page_text(client.get("/meetings/action-items/"))


def test_a_store_manager_sees_every_meeting_of_the_club_today(world, client_as):
    _massage_daily(world)

    assert "Massage daily" in text_of(panel(client_as(world.store_manager).get("/"), "today-meetings"))
    assert panel(client_as(world.customer_manager).get("/"), "today-meetings") == ""


# --- The month's figures ----------------------------------------------------------------------------


def _grooming(person, day, passed):
    from attendance.models import GroomingCheck

    GroomingCheck.objects.create(person=person, date=day, round=1, passed=passed)


def test_a_store_manager_sees_this_month_so_far_against_last_month(world, client_as):
    _grooming(world.technician, datetime.date(2026, 11, 10), True)
    _grooming(world.technician, datetime.date(2026, 12, 1), False)
    _grooming(world.technician_a2, datetime.date(2026, 12, 1), True)
    client = client_as(world.store_manager)

    report = panel(client.get("/"), "today-report")

    text = text_of(report)
    assert "2026-12 so far against 2026-11" in text
    assert "Grooming pass rate 50.0% · 100.0%" in text
    assert "/reports/monthly/2026-12/" in links(report)
    grooming = f"/reports/monthly/2026-12/clubs/{world.club1.pk}/records/grooming/"
    assert grooming in links(report)
    assert client.get(grooming).status_code == 200
    assert panel(client_as(world.dept_manager).get("/"), "today-report") == ""


def test_the_owner_sees_each_clubs_latest_month_with_red_flags_and_links_into_the_report(world, client_as):
    from attendance.models import Attendance, ConsumableItem

    Attendance.objects.create(person=world.technician, club=world.club1, date=datetime.date(2026, 11, 3),
                              status="absent")
    _grooming(world.technician, datetime.date(2026, 10, 5), True)
    _grooming(world.technician, datetime.date(2026, 11, 5), False)
    _grooming(world.technician_a2, datetime.date(2026, 11, 5), True)
    ConsumableItem.objects.create(club=world.club1, name="Massage cream", unit="bottle", stock=2, low_stock_threshold=3)
    client = client_as(world.owner)

    response = client.get("/")

    chain = panel(response, "today-chain")
    text = text_of(chain)
    assert "1 person needs a talk, 0 talked to" in text
    assert "Grooming pass rate fell from 100.0% to 50.0%" in text
    assert "Low stock now: Massage cream" in text
    club1 = f"/reports/monthly/2026-11/clubs/{world.club1.pk}/"
    assert club1 in links(chain)
    assert f"{club1}records/needs_talk/" in links(chain)
    assert client.get(f"{club1}records/needs_talk/").status_code == 200
    assert "Club Two" in text
    assert not shows(response, "Nothing needs you now.")


def test_reading_the_owners_today_page_builds_nothing_and_queues_nothing(world, client_as):
    from outbox.models import OutboxJob
    from reports.models import MonthlySnapshot

    _grooming(world.technician, datetime.date(2026, 11, 5), False)
    Notice.objects.create(person=world.owner, kind="x", date=TODAY, text="Unread")

    response = client_as(world.owner).get("/")

    assert "Club One" in text_of(panel(response, "today-chain"))
    assert MonthlySnapshot.objects.count() == 0  # November is read from the records, not built
    assert OutboxJob.objects.count() == 0
    assert Notice.objects.filter(person=world.owner, read_at__isnull=True).count() == 1  # shown, not marked read


# --- Notices -----------------------------------------------------------------------------------------


def test_a_technician_sees_their_unread_notices_linked_to_where_they_lead(world, client_as):
    Notice.objects.create(person=world.technician, kind="training_session", date=TODAY, text="Training tomorrow 14:00")
    Notice.objects.create(person=world.technician, kind="x", date=YESTERDAY, text="Already read",
                          read_at=timezone.now())
    Notice.objects.create(person=world.technician_a2, kind="x", date=TODAY, text="Someone else's")

    notices = panel(client_as(world.technician).get("/"), "today-notices")

    assert "1 unread notice" in text_of(notices)
    assert "Training tomorrow 14:00" in text_of(notices)
    assert "Already read" not in text_of(notices)
    assert "Someone else" not in text_of(notices)
    assert "/attendance/notices/" in links(notices)


# --- Arrangement -------------------------------------------------------------------------------------


def test_what_is_overdue_comes_before_what_is_calm(world, client_as):
    from training.tests import factories as tf

    plan = tf.plan(world.club1, world.tech_manager)
    tf.session(plan, world.tech_manager, [world.technician], date=TODAY + datetime.timedelta(days=1))
    checklist_item(world.technician, duty(world.club1, Role.TECHNICIAN, "Clean my massage bed"), YESTERDAY)

    body = client_as(world.technician).get("/").content.decode()

    assert body.index('data-testid="today-duties"') < body.index('data-testid="today-training"')


# --- A fixed number of queries -----------------------------------------------------------------------


def grow(world, people):
    """``people`` more technicians in team A, each with what the Today page reads: checklists due and
    overdue, a session, an action item, a notice, a month of attendance and grooming, a reward waiting."""
    from attendance.models import Attendance, ConsumableItem
    from meetings.models import ActionItem
    from training.models import RewardPenalty, SessionAttendance
    from training.tests import factories as tf

    added = add_technicians(world.team_a, people)
    job = duty(world.club1, Role.TECHNICIAN, f"Duty {people}")
    weekly = duty(world.club1, Role.SUPERVISOR, f"Weekly {people}")
    plan = tf.plan(world.club1, world.tech_manager, title=f"Plan {people}")
    session = tf.session(plan, world.tech_manager, [world.technician], date=TODAY)
    series, meeting = _massage_daily(world)
    last_monday = TODAY - datetime.timedelta(days=TODAY.weekday() + 7)
    for n, person in enumerate(added):
        checklist_item(person, job, TODAY)
        checklist_item(person, job, YESTERDAY)
        SessionAttendance.objects.create(session=session, person=person)
        Attendance.objects.create(person=person, club=world.club1, date=datetime.date(2026, 11, 3), status="absent")
        _grooming(person, datetime.date(2026, 11, 4), n % 2 == 0)
        _grooming(person, datetime.date(2026, 12, 1), n % 3 == 0)
        RewardPenalty.objects.create(club=world.club1, person=person, date=datetime.date(2026, 11, 28), kind="reward",
                                     category="service", reason="Praised", points=1, proposed_by=world.supervisor_a)
        ActionItem.objects.create(series=series, meeting=meeting, club=world.club1, what=f"Item {n}", owner=person,
                                  due=YESTERDAY)
    for viewer in (world.technician, world.supervisor_a, world.dept_manager, world.tech_manager, world.store_manager,
                   world.marketing, world.owner):
        for n in range(people // 5):
            if viewer.club_id:
                checklist_item(viewer, duty(world.club1, viewer.position, f"Own {people}-{n}"), TODAY)
                checklist_item(viewer, duty(world.club1, viewer.position, f"Late {people}-{n}"), YESTERDAY)
            Notice.objects.create(person=viewer, kind=f"k{people}-{n}", date=TODAY - datetime.timedelta(days=n),
                                  text=f"Notice {n}")
            ActionItem.objects.create(series=series, meeting=meeting, club=world.club1, what=f"Mine {n}", owner=viewer,
                                      due=TODAY)
    for n in range(people // 5):
        checklist_item(world.supervisor_a, weekly, last_monday - datetime.timedelta(days=7 * n),
                       last_monday - datetime.timedelta(days=7 * n - 6), cadence="weekly")
        ConsumableItem.objects.create(club=world.club1, name=f"Item {people}-{n}", unit="box", stock=1,
                                      low_stock_threshold=2)
    return added


def queries_of(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert response.status_code == 200
    return len(captured), response


ROLES = ["supervisor_a", "technician", "dept_manager", "tech_manager", "store_manager", "owner", "marketing"]


def test_the_today_page_reads_as_many_queries_for_40_people_as_for_10(world):
    """For each role in ROLES (each in its own browser session), the same number of queries with 40 more
    people as with 10. The roles share one growing chain, so it is built once, not once per role."""
    from django.db.models import Q
    from django.test import Client

    from staff.models import Person

    grow(world, 10)
    clients, small = {}, {}
    for persona in ROLES:
        clients[persona] = client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(getattr(world, persona).user)
        client.get("/")  # the session and the caches warm up
        small[persona] = queries_of(client)
    grow(world, 30)
    failures = []
    for persona in ROLES:
        person = getattr(world, persona)
        Person.objects.filter(Q(pk=person.pk)).update(name=person.name)  # nothing changes but the data around
        large, large_page = queries_of(clients[persona])
        (count, small_page) = small[persona]
        if large != count:
            failures.append(f"{persona}: {count} queries with 10 more people, {large} with 40")
        if len(large_page.content) < len(small_page.content):
            failures.append(f"{persona}: the page with 40 more people is shorter than with 10")
    assert failures == []
