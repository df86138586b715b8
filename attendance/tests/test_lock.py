"""The month lock: the store manager locks a checked month; changing it later needs them and a reason."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from attendance import locks
from attendance.models import JobRun, MonthLock, Status
from kernel.months import month_start, previous_month

from .figures import messages_of, record, shows

URL = reverse("attendance:month_lock")


@pytest.fixture
def this_month(world):
    return month_start(timezone.localdate(timezone=world.club1.zone))


@pytest.fixture
def last_month(this_month):
    return previous_month(this_month)


def months_listed(response):
    return re.findall(r'data-month="(\d{4}-\d{2})"', response.content.decode())


def test_it_lists_the_last_twelve_months_with_their_state(client_as, world, this_month, last_month):
    record(world.technician, last_month.replace(day=2), Status.NOT_RECORDED)
    record(world.technician, last_month.replace(day=3), Status.PRESENT)
    MonthLock.objects.create(club=world.club1, month=last_month, locked_by=world.store_manager)
    JobRun.objects.create(club=world.club1, job=JobRun.Job.CLOSE_DAY, period=last_month.replace(day=2))

    response = client_as(world.store_manager).get(URL)

    listed = months_listed(response)
    assert len(listed) == 12 and listed[0] == f"{this_month:%Y-%m}" and listed[1] == f"{last_month:%Y-%m}"
    assert shows(response, f"{last_month:%Y-%m} 🔒 Locked")
    assert shows(response, "2 records · 1 day not recorded · 1 of")


def test_the_store_manager_locks_a_checked_month(client_as, world, last_month):
    response = client_as(world.store_manager).post(URL, {"month": f"{last_month:%Y-%m}", "confirm": "on"}, follow=True)

    assert messages_of(response) == [f"{last_month:%Y-%m} is locked."]
    lock = MonthLock.objects.get()
    assert (lock.club, lock.month, lock.locked_by) == (world.club1, last_month, world.store_manager)


def test_it_needs_the_check_confirmed(client_as, world, last_month):
    response = client_as(world.store_manager).post(URL, {"month": f"{last_month:%Y-%m}"})

    assert response.status_code == 200
    assert messages_of(response) == ["Tick the box to confirm you have checked the month."]
    assert not MonthLock.objects.exists()


def test_the_running_month_cannot_be_locked(client_as, world, this_month):
    response = client_as(world.store_manager).post(URL, {"month": f"{this_month:%Y-%m}", "confirm": "on"})

    assert messages_of(response) == [f"{this_month:%Y-%m} is not over yet; a month is locked after its last day."]
    assert not MonthLock.objects.exists()


def test_a_month_outside_the_list_cannot_be_locked(client_as, world):
    response = client_as(world.store_manager).post(URL, {"month": "2001-01", "confirm": "on"})

    assert messages_of(response) == ["Choose one of the months listed."]
    assert not MonthLock.objects.exists()


def test_locking_twice_keeps_one_lock(client_as, world, last_month):
    client = client_as(world.store_manager)
    client.post(URL, {"month": f"{last_month:%Y-%m}", "confirm": "on"}, follow=True)
    response = client.post(URL, {"month": f"{last_month:%Y-%m}", "confirm": "on"})

    assert messages_of(response) == [f"{last_month:%Y-%m} is already locked."]
    assert MonthLock.objects.count() == 1


def test_no_unlock_is_offered(client_as, world, last_month):
    MonthLock.objects.create(club=world.club1, month=last_month, locked_by=world.store_manager)

    response = client_as(world.store_manager).get(URL)

    assert f'name="month" value="{last_month:%Y-%m}"' not in response.content.decode()
    assert not shows(response, "Unlock")


def test_the_owner_locks_any_club_and_a_store_manager_only_their_own(client_as, world, last_month):
    body = {"month": f"{last_month:%Y-%m}", "confirm": "on"}
    client_as(world.owner).post(f"{URL}?club={world.club2.pk}", body)
    assert MonthLock.objects.get().club == world.club2

    assert client_as(world.store_manager).post(f"{URL}?club={world.club2.pk}", body).status_code == 404
    assert client_as(world.tech_manager).post(URL, body).status_code == 403
    assert MonthLock.objects.count() == 1


def test_ensure_can_change_is_the_one_rule_for_a_locked_month(world, last_month):
    day = last_month.replace(day=5)
    assert locks.ensure_can_change(world.supervisor_a, world.club1, day) is None  # not locked

    MonthLock.objects.create(club=world.club1, month=last_month, locked_by=world.store_manager)

    with pytest.raises(PermissionDenied):
        locks.ensure_can_change(world.supervisor_a, world.club1, day, "a reason")
    with pytest.raises(PermissionDenied):
        locks.ensure_can_change(world.store_manager_2, world.club1, day, "a reason")
    assert locks.ensure_can_change(world.store_manager, world.club1, day, " ") == (
        "This month is locked: give a reason for the change."
    )
    assert locks.ensure_can_change(world.store_manager, world.club1, day, "Late sick note") is None
    assert locks.ensure_can_change(world.owner, world.club1, day, "Late sick note") is None
    assert locks.ensure_can_change(world.supervisor_a, world.club1, day + datetime.timedelta(days=40)) is None


def test_its_query_count_does_not_grow_with_locks_and_records(client_as, world, last_month):
    client = client_as(world.store_manager)
    with CaptureQueriesContext(connection) as before:
        client.get(URL)
    month = last_month
    for _ in range(6):
        record(world.technician, month.replace(day=3), Status.NOT_RECORDED)
        MonthLock.objects.create(club=world.club1, month=month, locked_by=world.store_manager)
        month = previous_month(month)
    with CaptureQueriesContext(connection) as after:
        client.get(URL)

    assert len(after) == len(before) <= 12  # measured: 9
