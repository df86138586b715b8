"""The floor's date rules at the edges of time: month ends in the club's own zone, New Year, 29 February,
the nights the clocks change, and a public holiday followed by a make-up workday.

Every test pins its instant; the club's zone decides which day and month a moment belongs to.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from attendance import jobs, locks
from attendance.checkin import check_in_or_out
from attendance.models import (
    Attendance,
    AttendancePolicy,
    GroomingItem,
    JobRun,
    RosterEntry,
    ShiftTemplate,
    Status,
)
from attendance.selectors.followup import month_followup
from attendance.tests.figures import record
from staff.models import Holiday, Notice

pytestmark = pytest.mark.dates

D = datetime.date
UTC = datetime.UTC
LOS_ANGELES = "America/Los_Angeles"
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
LONDON = "Europe/London"


def at(raw):
    return datetime.datetime.fromisoformat(raw)


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def move_club(club, zone):
    club.time_zone = zone
    club.save()
    return club


def policy(club, **fields):
    return AttendancePolicy.objects.update_or_create(club=club, defaults=fields)[0]


def night_shift(club, start="18:00", end="02:00"):
    return ShiftTemplate.objects.create(
        club=club, name=f"Night {start}", start=datetime.time.fromisoformat(start), end=datetime.time.fromisoformat(end)
    )


def talk_list(club, month):
    return [p.name for p in month_followup(club, month).needs_talk]


def team_screen_post(client, world, times, *, day=None):
    """The supervisor of team A saves the team screen (today unless ``day``): ``times`` = {person: (arrived, left)}."""
    data = {}
    items = list(GroomingItem.objects.filter(club=world.club1))
    for person in (world.technician, world.technician_a2):
        arrived, left = times.get(person, ("", ""))
        data[f"p{person.pk}-presence"] = "worked"
        data[f"p{person.pk}-arrived"] = arrived
        data[f"p{person.pk}-left"] = left
        for item in items:
            data[f"p{person.pk}-item_{item.pk}"] = "on"
    url = reverse("attendance:team_day") + (f"?date={day.isoformat()}" if day else "")
    return client.post(url, data, follow=True)


# --- Which day and month a record belongs to ----------------------------------------------------------


@pytest.mark.clock("2027-01-31T23:59:00+08:00")
def test_it_counts_a_late_arrival_saved_at_23_59_on_the_31st_in_january(client_as, world, clock):
    policy(world.club1, talk_after_late_count=1)
    RosterEntry.objects.create(person=world.technician, date=D(2027, 1, 31), shift=night_shift(world.club1))

    # Saved at 23:59: the night shift is still running, so no leaving time yet (a time to come is refused).
    team_screen_post(client_as(world.supervisor_a), world, {world.technician: ("18:40", "")})

    saved = Attendance.objects.get(person=world.technician)
    assert (saved.date, saved.status, saved.late_minutes) == (D(2027, 1, 31), Status.LATE, 40)
    assert talk_list(world.club1, D(2027, 1, 1)) == ["Tech A1"]
    assert talk_list(world.club1, D(2027, 2, 1)) == []


@pytest.mark.clock("2027-02-01T00:05:00+08:00")  # 2027-01-31T16:05Z: still January in UTC
def test_just_after_midnight_in_shanghai_the_team_screen_records_the_first_of_february(client_as, world, clock):
    policy(world.club1, talk_after_late_count=1)
    RosterEntry.objects.create(person=world.technician, date=D(2027, 2, 1), shift=world.shift_1)
    client = client_as(world.supervisor_a)

    assert client.get(reverse("attendance:team_day")).context["day"] == D(2027, 2, 1)
    clock.move_to(datetime.datetime(2027, 2, 1, 10, 45, tzinfo=SHANGHAI))  # the arrival has happened
    client = client_as(world.supervisor_a)  # signed in again: the idle session of 00:05 has ended by now
    team_screen_post(client, world, {world.technician: ("10:30", "")}, day=D(2027, 2, 1))

    saved = Attendance.objects.get(person=world.technician)
    assert (saved.date, saved.late_minutes) == (D(2027, 2, 1), 30)
    assert talk_list(world.club1, D(2027, 2, 1)) == ["Tech A1"]
    assert talk_list(world.club1, D(2027, 1, 1)) == []


@pytest.mark.clock("2027-02-01T07:30:00+00:00")  # 15:30 on 1 February in Shanghai, 23:30 on 31 January in LA
def test_the_same_moment_is_a_different_day_in_each_clubs_zone(client_as, world):
    move_club(world.club1, LOS_ANGELES)
    policy(world.club1, self_check_in=True)
    policy(world.club2, self_check_in=True)

    assert check_in_or_out(person=world.technician, action="in") is None
    assert check_in_or_out(person=world.technician_2, action="in") is None

    assert Attendance.objects.get(person=world.technician).date == D(2027, 1, 31)
    assert Attendance.objects.get(person=world.technician_2).date == D(2027, 2, 1)
    # In Los Angeles the 1st has not begun: the team screen refuses it and keeps the 31st open.
    client = client_as(world.supervisor_a)
    refused = team_screen_post(client, world, {world.technician_a2: ("10:00", "")}, day=D(2027, 2, 1))
    assert "This day has not come yet" in refused.content.decode()
    assert not Attendance.objects.filter(person=world.technician_a2).exists()
    team_screen_post(client, world, {world.technician_a2: ("10:00", "")}, day=D(2027, 1, 31))
    assert Attendance.objects.get(person=world.technician_a2).date == D(2027, 1, 31)


@pytest.mark.parametrize(
    ("day", "check_in", "check_out", "next_month"),
    [
        (D(2027, 1, 31), "2027-01-31T18:20:00+08:00", "2027-02-01T01:29:30+08:00", D(2027, 2, 1)),
        (D(2026, 12, 31), "2026-12-31T18:20:00+08:00", "2027-01-01T01:29:30+08:00", D(2027, 1, 1)),
        (D(2028, 2, 29), "2028-02-29T18:20:00+08:00", "2028-03-01T01:29:30+08:00", D(2028, 3, 1)),
    ],
    ids=["end-of-january", "new-year", "leap-day"],
)
@pytest.mark.clock("2026-12-01T12:00:00+08:00")
def test_a_night_shift_checked_out_after_midnight_counts_in_the_month_it_began(
    world, clock, day, check_in, check_out, next_month
):
    # The clock ticks on from each instant: leaving at 01:29:30 is 30 whole minutes before 02:00.
    policy(world.club1, self_check_in=True, talk_after_late_count=1)
    RosterEntry.objects.create(person=world.technician, date=day, shift=night_shift(world.club1))

    clock.move_to(at(check_in))
    assert check_in_or_out(person=world.technician, action="in") is None
    clock.move_to(at(check_out))
    assert check_in_or_out(person=world.technician, action="out") is None

    saved = Attendance.objects.get(person=world.technician)
    assert (saved.date, saved.status, saved.late_minutes, saved.early_minutes) == (
        day, Status.LATE_AND_LEFT_EARLY, 20, 30
    )
    assert talk_list(world.club1, day) == ["Tech A1"]
    assert talk_list(world.club1, next_month) == []


# --- Late and early minutes on the nights the clocks change --------------------------------------------


@pytest.mark.parametrize(
    ("zone", "day", "shift", "left", "early"),
    [
        # 22:00-06:00 while LA springs forward at 02:00: leaving at 01:30 is 3 h 30 before the end, not 4 h 30.
        (LOS_ANGELES, D(2027, 3, 13), ("22:00", "06:00"), "01:30", 210),
        # LA falls back at 02:00: from 00:30 to 06:00 is 6 h 30 of real time.
        (LOS_ANGELES, D(2027, 11, 6), ("22:00", "06:00"), "00:30", 390),
        # London springs forward at 01:00: 00:30 GMT is 1 h 30 before 04:00 BST.
        (LONDON, D(2027, 3, 27), ("20:00", "04:00"), "00:30", 150),
        # London falls back at 02:00: 00:30 BST is 4 h 30 before 04:00 GMT.
        (LONDON, D(2027, 10, 30), ("20:00", "04:00"), "00:30", 270),
        # A night without a change, for comparison.
        (LOS_ANGELES, D(2027, 3, 20), ("22:00", "06:00"), "01:30", 270),
    ],
    ids=["la-spring", "la-autumn", "london-spring", "london-autumn", "la-ordinary-night"],
)
@pytest.mark.clock("2027-12-01T12:00:00+00:00")
def test_early_leaving_on_a_night_shift_is_counted_in_real_minutes_when_the_clocks_change(
    client_as, world, zone, day, shift, left, early
):
    move_club(world.club1, zone)
    night = night_shift(world.club1, *shift)
    RosterEntry.objects.create(person=world.technician, date=day, shift=night)

    team_screen_post(client_as(world.supervisor_a), world, {world.technician: (shift[0], left)}, day=day)

    saved = Attendance.objects.get(person=world.technician, date=day)
    assert (saved.status, saved.late_minutes, saved.early_minutes) == (Status.LEFT_EARLY, 0, early)


@pytest.mark.clock("2027-03-14T03:30:00-07:00")
def test_a_late_arrival_typed_after_the_spring_change_is_late_by_the_hours_that_really_passed(client_as, world):
    move_club(world.club1, LOS_ANGELES)
    day = D(2027, 3, 13)
    RosterEntry.objects.create(person=world.technician, date=day, shift=night_shift(world.club1, "22:00", "06:00"))

    team_screen_post(client_as(world.supervisor_a), world, {world.technician: ("03:30", "")}, day=day)

    # 22:00 PST to 03:30 PDT is 4 h 30, not the 5 h 30 the wall clock suggests.
    saved = Attendance.objects.get(person=world.technician)
    assert (saved.date, saved.status, saved.late_minutes, saved.early_minutes) == (day, Status.LATE, 270, 0)


@pytest.mark.parametrize(
    ("zone", "day", "arrival", "late"),
    [
        ("Asia/Shanghai", D(2027, 1, 31), "2027-02-01T00:30:00+08:00", 150),  # the night of the month's end
        (LOS_ANGELES, D(2027, 3, 13), "2027-03-14T03:30:00-07:00", 270),  # after the clocks went forward
    ],
    ids=["shanghai-month-end", "la-spring"],
)
@pytest.mark.clock("2027-01-01T12:00:00+08:00")
def test_checking_in_after_midnight_for_last_nights_shift_counts_on_that_shift(world, clock, zone, day, arrival, late):
    move_club(world.club1, zone)
    policy(world.club1, self_check_in=True)
    RosterEntry.objects.create(person=world.technician, date=day, shift=night_shift(world.club1, "22:00", "06:00"))

    clock.move_to(at(arrival))
    assert check_in_or_out(person=world.technician, action="in") is None

    saved = Attendance.objects.get(person=world.technician)
    assert (saved.date, saved.status, saved.late_minutes) == (day, Status.LATE, late)
    clock.move_to(at(arrival) + datetime.timedelta(hours=5))
    assert check_in_or_out(person=world.technician, action="out") is None
    assert Attendance.objects.get(person=world.technician).left_at is not None


# --- The evening day-close and the follow-up on the 1st --------------------------------------------------


def run_due(clock, instant):
    """The 15-minute tick at ``instant``: run everything due then; returns what ran."""
    clock.move_to(instant)
    due = jobs.due_jobs(instant)
    for job in due:
        jobs.run_due_job(job)
    return [(job.job, job.period) for job in due if job.club_id]


def closes_of(club):
    return list(
        JobRun.objects.filter(club=club, job=JobRun.Job.CLOSE_DAY).order_by("period").values_list("period", flat=True)
    )


@pytest.mark.parametrize(
    ("zone", "change_day"),
    [(LOS_ANGELES, D(2027, 3, 14)), (LOS_ANGELES, D(2027, 11, 7)), (LONDON, D(2027, 3, 28)), (LONDON, D(2027, 10, 31))],
    ids=["la-spring", "la-autumn", "london-spring", "london-autumn"],
)
@pytest.mark.clock("2027-01-01T00:05:00+08:00")
def test_the_day_closes_once_at_23_00_local_on_both_sides_of_a_clock_change(world, clock, zone, change_day):
    club = move_club(world.club1, zone)
    world.club2.is_active = False
    world.club2.save()
    local = club.zone
    eve = change_day - datetime.timedelta(days=1)
    JobRun.objects.create(club=club, job=JobRun.Job.CLOSE_DAY, period=eve - datetime.timedelta(days=1))
    instant = datetime.datetime.combine(eve, datetime.time(20, 0), tzinfo=local).astimezone(UTC)
    stop = datetime.datetime.combine(change_day + datetime.timedelta(days=1), datetime.time(2, 0), tzinfo=local)
    first_closed = {}
    while instant <= stop:
        for kind, period in run_due(clock, instant):
            if kind == JobRun.Job.CLOSE_DAY:
                first_closed.setdefault(period, instant)
        instant += datetime.timedelta(minutes=15)

    assert closes_of(club) == [eve - datetime.timedelta(days=1), eve, change_day]
    for day in (eve, change_day):
        closed_at = first_closed[day].astimezone(local)
        assert (closed_at.date(), closed_at.time()) == (day, datetime.time(23, 0))
    # Every technician was marked once per day; each supervisor reminded once per day.
    assert Attendance.objects.filter(date=change_day, status=Status.NOT_RECORDED).count() == 3
    assert Notice.objects.filter(kind=jobs.NOTHING_RECORDED, date=change_day).count() == 2


@pytest.mark.parametrize(
    ("last_day", "before", "after"),
    [
        (D(2027, 1, 31), "2027-01-31T23:59:00+08:00", "2027-02-01T00:05:00+08:00"),
        (D(2026, 12, 31), "2026-12-31T23:59:00+08:00", "2027-01-01T00:05:00+08:00"),
        (D(2028, 2, 29), "2028-02-29T23:59:00+08:00", "2028-03-01T00:05:00+08:00"),
    ],
    ids=["end-of-january", "new-year", "leap-day"],
)
@pytest.mark.clock("2026-12-01T12:00:00+08:00")
def test_the_follow_up_comes_just_after_local_midnight_on_the_first_and_counts_the_last_day(
    world, clock, last_day, before, after
):
    world.club2.is_active = False
    world.club2.save()
    policy(world.club1, talk_after_late_count=1)
    world.dept_manager.language = "en"
    world.dept_manager.save()
    month = last_day.replace(day=1)
    record(world.technician, last_day, Status.LATE)
    record(world.technician_a2, last_day, Status.PRESENT)
    record(world.technician_b, last_day, Status.PRESENT)

    # 22:59: the last day is not closed yet; 23:00 closes it; the month is still running until midnight.
    evening = datetime.datetime.combine(last_day, datetime.time(22, 59), tzinfo=world.club1.zone)
    assert run_due(clock, evening) == [(JobRun.Job.CLOSE_DAY, last_day - datetime.timedelta(days=1))]
    assert run_due(clock, evening + datetime.timedelta(minutes=1)) == [(JobRun.Job.CLOSE_DAY, last_day)]
    assert run_due(clock, at(before)) == []
    assert not Notice.objects.filter(kind=jobs.MONTHLY_FOLLOWUP).exists()

    assert run_due(clock, at(after)) == [(JobRun.Job.MONTHLY_FOLLOWUP, month)]
    assert run_due(clock, at(after) + datetime.timedelta(minutes=15)) == []

    notice = Notice.objects.get(person=world.dept_manager, kind=jobs.MONTHLY_FOLLOWUP)
    assert notice.date == month
    assert notice.text == f"{month:%Y-%m}: 1 people need an attendance talk; 2 are on the honour roll."


@pytest.mark.clock("2027-02-01T00:05:00-08:00")
def test_in_los_angeles_the_follow_up_waits_for_its_own_midnight(world, clock):
    move_club(world.club1, LOS_ANGELES)
    world.club2.is_active = False
    world.club2.save()
    JobRun.objects.create(club=world.club1, job=JobRun.Job.CLOSE_DAY, period=D(2027, 1, 31))

    # 2027-02-01T08:05Z: it is the 1st in UTC and in Shanghai, but 00:05 has only just come in LA.
    assert run_due(clock, at("2027-02-01T07:59:00+00:00")) == []
    assert run_due(clock, at("2027-02-01T08:05:00+00:00")) == [(JobRun.Job.MONTHLY_FOLLOWUP, D(2027, 1, 1))]


# --- Locking a month ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "still_running", "over"),
    [
        ("Asia/Shanghai", "2027-01-31T23:59:00+08:00", "2027-01-31T16:05:00+00:00"),
        (LOS_ANGELES, "2027-02-01T07:59:00+00:00", "2027-02-01T08:00:00+00:00"),
    ],
    ids=["shanghai", "los-angeles"],
)
@pytest.mark.clock("2027-01-15T12:00:00+08:00")
def test_a_month_can_be_locked_from_local_midnight_after_its_last_day(world, clock, zone, still_running, over):
    club = move_club(world.club1, zone)

    clock.move_to(at(still_running))
    with pytest.raises(ValidationError, match="2027-01 is not over yet"):
        locks.month_lock(club=club, month=D(2027, 1, 1), by=world.store_manager)

    clock.move_to(at(over))
    assert locks.month_lock(club=club, month=D(2027, 1, 1), by=world.store_manager).month == D(2027, 1, 1)


# --- Holidays and make-up workdays; the week at the turn of the month ----------------------------------------


@pytest.mark.clock("2027-02-01T00:05:00+08:00")  # Sunday 31 January in UTC, Monday 1 February in Shanghai
def test_the_roster_opens_on_the_clubs_own_week_and_marks_the_holiday_and_the_make_up_saturday(client_as, world):
    Holiday.objects.create(club=world.club1, date=D(2027, 2, 5), kind="holiday", name="春节（除夕）")
    Holiday.objects.create(club=world.club1, date=D(2027, 2, 6), kind="workday", name="春节调休上班")

    response = client_as(world.supervisor_a).get(reverse("attendance:roster_week"))

    assert response.context["monday"] == D(2027, 2, 1)
    working = {day: works for day, works, _kind in response.context["days"]}
    assert working[D(2027, 2, 4)] is True  # Thursday
    assert working[D(2027, 2, 5)] is False  # the holiday, a Friday
    assert working[D(2027, 2, 6)] is True  # the make-up Saturday
    assert working[D(2027, 2, 7)] is False  # an ordinary Sunday
