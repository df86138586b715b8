"""The team screen tells the supervisor which rows to fix, and folds the rows with nothing to record."""

import datetime
import re

import pytest
from django.utils import timezone

from attendance.models import Attendance, RosterEntry, ShiftTemplate

from .test_team_day import row, team_post

pytestmark = pytest.mark.clock("2026-11-20T10:00:00+08:00")


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def day_shift(world):
    today = timezone.localdate(timezone=world.club1.zone)
    shift = ShiftTemplate.objects.create(club=world.club1, name="Early", start=datetime.time(9), end=datetime.time(17))
    for person in world.team_a.members.all():
        RosterEntry.objects.create(person=person, date=today, shift=shift)
    return shift


def card(content, person):
    """The HTML of one person's card on the page."""
    start = content.index(f'id="row-{person.pk}"')
    end = content.find('id="row-', start + 1)
    return content[start:end if end != -1 else len(content)]


def banner(content):
    """The refusal's banner, as text."""
    start = content.index(">", content.index('data-testid="rows-to-check"')) + 1
    return " ".join(re.sub(r"<[^>]+>", "", content[start:content.index("</div>", start)]).split())


def test_it_names_the_rows_to_check_and_links_to_them(client_as, world, day_shift):
    url, data = team_post(
        world,
        row(world.technician, world.club1, presence="leave"),
        row(world.technician_a2, world.club1, failed=["nails"]),
    )
    content = client_as(world.supervisor_a).post(url, data).content.decode()
    assert "Check the rows of Tech A1, Tech A2; nothing was saved yet" in banner(content)
    links = re.findall(r'href="#row-(\d+)">([^<]+)</a>', content)
    assert links == [(str(world.technician.pk), "Tech A1"), (str(world.technician_a2.pk), "Tech A2")]
    assert f'id="row-{world.technician.pk}"' in content
    assert not Attendance.objects.exists()


def test_it_explains_a_leave_without_its_kind(client_as, world, day_shift):
    url, data = team_post(world, row(world.technician, world.club1, presence="leave"), row(world.technician_a2, world.club1))
    content = client_as(world.supervisor_a).post(url, data).content.decode()
    assert "Leave type: Leave is chosen: choose which kind of leave, e.g. sick leave." in content


def test_it_refuses_an_arrival_later_than_now(client_as, world, day_shift):
    url, data = team_post(
        world,
        row(world.technician, world.club1, arrived="10:30"),
        row(world.technician_a2, world.club1, arrived="09:20"),
    )
    content = client_as(world.supervisor_a).post(url, data).content.decode()
    assert "Check the rows of Tech A1;" in banner(content)
    assert "Arrived: 10:30 has not come yet (it is 10:00 now); enter the time it really was." in card(content, world.technician)
    assert "has not come yet" not in card(content, world.technician_a2)
    assert 'value="10:30"' in content
    assert '<details class="row-detail" open>' in card(content, world.technician_a2)  # a worked row shows its fields
    assert not Attendance.objects.exists()


def test_it_accepts_an_arrival_a_moment_ago(client_as, world, day_shift):
    url, data = team_post(world, row(world.technician, world.club1, arrived="09:59"), row(world.technician_a2, world.club1))
    client_as(world.supervisor_a).post(url, data)
    assert Attendance.objects.get(person=world.technician).late_minutes == 59


def test_a_day_off_and_a_leave_fold_to_their_summary(client_as, world, day_shift):
    today = timezone.localdate(timezone=world.club1.zone)
    RosterEntry.objects.filter(person=world.technician, date=today).update(shift=None)
    Attendance.objects.create(person=world.technician_a2, club=world.club1, date=today, status="leave", leave_type="sick")
    content = client_as(world.supervisor_a).get(f"/attendance/team/?team={world.team_a.pk}").content.decode()
    for person in (world.technician, world.technician_a2):
        assert '<details class="row-detail">' in card(content, person)
    # The leave type is outside the folded part, so it can be chosen without opening it.
    leave = card(content, world.technician_a2)
    assert leave.index('data-testid="leave-type"') < leave.index('<details class="row-detail">')


def test_a_refused_leave_stays_folded_but_a_day_off_with_a_time_opens(client_as, world, day_shift):
    url, data = team_post(
        world,
        row(world.technician, world.club1, presence="leave"),  # the kind is missing: asked outside the fold
        row(world.technician_a2, world.club1, presence="day_off", arrived="09:30"),  # the time is inside it
    )
    content = client_as(world.supervisor_a).post(url, data).content.decode()
    leave, off = card(content, world.technician), card(content, world.technician_a2)
    assert '<details class="row-detail">' in leave and "Leave type: Leave is chosen" in leave
    assert leave.index('data-testid="leave-type"') < leave.index('<details class="row-detail">')
    assert '<details class="row-detail" open>' in off and 'value="09:30"' in off
    assert not Attendance.objects.exists()


def test_a_saved_leave_shows_its_kind_on_the_head_line(client_as, world, day_shift):
    today = timezone.localdate(timezone=world.club1.zone)
    Attendance.objects.create(person=world.technician, club=world.club1, date=today, status="leave", leave_type="sick")
    content = client_as(world.supervisor_a).get(f"/attendance/team/?team={world.team_a.pk}").content.decode()
    head = card(content, world.technician)
    head = head[:head.index('class="btn-group presence')]
    assert '<span class="leave-kind">Sick leave · </span>' in head
