"""Checking in and out on one's own phone, with the server's clock."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from attendance.checkin import check_in_or_out
from attendance.models import Attendance, AttendancePolicy, RosterEntry, ShiftTemplate, Status

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def self_check_in(world):
    AttendancePolicy.objects.create(club=world.club1, self_check_in=True)


def test_it_is_off_unless_the_club_allows_it(client_as, world):
    client = client_as(world.customer_manager)
    assert 'data-testid="my-day"' not in client.get("/").content.decode()
    response = client.post(reverse("attendance:check_in"), {"action": "in"}, follow=True)
    assert "Your club does not use self check-in." in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_phone_cannot_choose_the_time(client_as, world, self_check_in):
    client = client_as(world.customer_manager)
    assert 'data-testid="my-day"' in client.get("/").content.decode()
    client.post(reverse("attendance:check_in"), {"action": "in", "time": "09:00", "arrived_at": "2020-01-01T09:00"})
    record = Attendance.objects.get(person=world.customer_manager)
    assert abs((record.arrived_at - datetime.datetime.now(datetime.timezone.utc)).total_seconds()) < 60


def test_a_late_check_in_and_a_night_shift_check_out_after_midnight(world, self_check_in):
    night = ShiftTemplate.objects.create(club=world.club1, name="Night", start="18:00", end="02:00")
    day = datetime.date(2026, 11, 20)
    RosterEntry.objects.create(person=world.customer_manager, date=day, shift=night)
    arrive = datetime.datetime(2026, 11, 20, 18, 20, tzinfo=SHANGHAI)
    assert check_in_or_out(person=world.customer_manager, action="in", now=arrive) is None
    assert check_in_or_out(person=world.customer_manager, action="in", now=arrive) == "You have already checked in today."
    leave = datetime.datetime(2026, 11, 21, 1, 40, tzinfo=SHANGHAI)
    assert check_in_or_out(person=world.customer_manager, action="out", now=leave) is None
    record = Attendance.objects.get(person=world.customer_manager)
    assert (record.date, record.status, record.late_minutes, record.early_minutes) == (
        day, Status.LATE_AND_LEFT_EARLY, 20, 20
    )
