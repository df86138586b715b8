"""Shifts, the weekly roster with "copy last week", and the holiday calendar."""

import datetime

import pytest
from django.urls import reverse

from attendance.models import RosterEntry, ShiftTemplate
from staff.models import Holiday
from attendance.roster import OFF, holidays_prefill, is_working_day, week_start


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


MONDAY = datetime.date(2026, 11, 23)


def cell(person, day):
    return f"c-{person.pk}-{day:%Y%m%d}"


def test_a_supervisor_plans_the_week_and_copies_it_to_the_next(client_as, world):
    client = client_as(world.supervisor_a)
    url = reverse("attendance:roster_week") + f"?team={world.team_a.pk}&week={MONDAY}"
    data = {cell(world.technician, MONDAY + datetime.timedelta(days=n)): str(world.shift_1.pk) for n in range(5)}
    data[cell(world.technician, MONDAY + datetime.timedelta(days=5))] = OFF
    data["action"] = "save"
    assert client.post(url, data).status_code == 302
    assert RosterEntry.objects.filter(person=world.technician).count() == 6
    next_week = MONDAY + datetime.timedelta(days=7)
    client.post(reverse("attendance:roster_week") + f"?team={world.team_a.pk}&week={next_week}", {"action": "copy"})
    copied = RosterEntry.objects.filter(person=world.technician, date__gte=next_week)
    assert copied.count() == 6
    assert copied.get(date=next_week + datetime.timedelta(days=5)).is_day_off


def test_saving_the_same_week_twice_changes_nothing(client_as, world):
    client = client_as(world.supervisor_a)
    url = reverse("attendance:roster_week") + f"?team={world.team_a.pk}&week={MONDAY}"
    data = {cell(world.technician, MONDAY): str(world.shift_1.pk), "action": "save"}
    client.post(url, data)
    response = client.post(url, data, follow=True)
    assert "0 days changed" in response.content.decode()
    assert RosterEntry.objects.count() == 1


def test_a_shift_of_another_club_is_refused(client_as, world):
    url = reverse("attendance:roster_week") + f"?team={world.team_a.pk}&week={MONDAY}"
    response = client_as(world.supervisor_a).post(url, {cell(world.technician, MONDAY): str(world.shift_2.pk), "action": "save"})
    assert "nothing was saved" in response.content.decode()
    assert not RosterEntry.objects.exists()


def test_a_store_manager_adds_a_night_shift(client_as, world):
    client = client_as(world.store_manager)
    client.post(reverse("attendance:shift_list"), {"name": "Night", "start": "18:00", "end": "02:00"})
    assert ShiftTemplate.objects.get(club=world.club1, name="Night").crosses_midnight


def test_a_duplicate_shift_name_is_a_form_error_that_keeps_the_input(client_as, world):
    response = client_as(world.store_manager).post(
        reverse("attendance:shift_list"), {"name": "Day", "start": "09:30", "end": "17:30"}
    )
    content = response.content.decode()
    assert "This club already has a shift of this name." in content and 'value="09:30"' in content


def test_the_known_holidays_fill_in_once(world):
    added = holidays_prefill(club=world.club1, year=2026)
    assert added > 20
    assert holidays_prefill(club=world.club1, year=2026) == 0
    assert Holiday.objects.get(club=world.club1, date="2026-02-28").kind == Holiday.Kind.WORKDAY


def test_working_days_follow_holidays_and_make_up_days(world):
    holidays_prefill(club=world.club1, year=2026)
    assert not is_working_day(world.club1, datetime.date(2026, 10, 2))  # National Day, a Friday
    assert is_working_day(world.club1, datetime.date(2026, 10, 10))  # make-up Saturday
    assert is_working_day(world.club1, datetime.date(2026, 11, 27))  # an ordinary Friday
    assert not is_working_day(world.club1, datetime.date(2026, 11, 28))  # an ordinary Saturday


def test_week_start_is_monday():
    assert week_start(datetime.date(2026, 11, 29)) == MONDAY
