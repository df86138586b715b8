"""Checklist periods and "overdue" at the edges of time, always by the club's own date: a month's last minute
and the next month's first, New Year, 29 February, the nights the clocks change, a holiday and its make-up day.
"""

import datetime

import pytest
from django.urls import reverse

from attendance.models import GroomingItem
from duties import jobs
from duties.catalogue import catalogue_install_defaults
from duties.models import Checklist, ChecklistItem
from kernel.periods import period
from staff.models import Holiday

pytestmark = pytest.mark.dates

D = datetime.date
UTC = datetime.UTC
LOS_ANGELES = "America/Los_Angeles"
LONDON = "Europe/London"


def at(raw):
    return datetime.datetime.fromisoformat(raw)


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def catalogue(world):
    """The default catalogue in both clubs; only club 1 is open, so that each tick is about one zone."""
    catalogue_install_defaults(club=world.club1)
    catalogue_install_defaults(club=world.club2)
    world.club2.is_active = False
    world.club2.save()
    return world


def move_club(club, zone):
    club.time_zone = zone
    club.save()


def my_page(client_as, person):
    """What ``person`` sees on "My checklists": the current checklists and the overdue ones (cadence, first day)."""
    context = client_as(person).get(reverse("duties:my_checklists")).context
    current = [(c.cadence, c.period_start, c.period_end) for c in context["checklists"]]
    overdue = sorted({(i.checklist.cadence, i.checklist.period_start) for i in context["overdue"]})
    return current, overdue


# --- The period's last minute and the next period's first --------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "last_minute", "first_minute", "last_day"),
    [
        # 23:59 on 31 January in Shanghai; then 2027-01-31T16:30Z, which is already 1 February there.
        ("Asia/Shanghai", "2027-01-31T23:59:00+08:00", "2027-01-31T16:30:00+00:00", D(2027, 1, 31)),
        # 2027-02-01T07:59Z is 23:59 on 31 January in Los Angeles, though the 1st everywhere east of it.
        (LOS_ANGELES, "2027-02-01T07:59:00+00:00", "2027-02-01T08:00:30+00:00", D(2027, 1, 31)),
        ("Asia/Shanghai", "2028-02-29T23:59:00+08:00", "2028-03-01T00:05:00+08:00", D(2028, 2, 29)),
    ],
    ids=["shanghai-january", "los-angeles-january", "leap-february"],
)
@pytest.mark.clock("2027-01-15T12:00:00+08:00")
def test_the_days_week_and_month_are_overdue_only_once_the_club_has_passed_midnight(
    client_as, catalogue, clock, zone, last_minute, first_minute, last_day
):
    world = catalogue
    move_club(world.club1, zone)
    month = last_day.replace(day=1)
    week = last_day - datetime.timedelta(days=last_day.weekday())

    clock.move_to(at(last_minute))
    jobs.create_due_checklists()
    current, overdue = my_page(client_as, world.tech_manager)
    assert ("daily", last_day, last_day) in current
    assert ("monthly", month, last_day) in current
    assert [p for p in overdue if p[1] >= month - datetime.timedelta(days=7)] == [], "nothing of this month is late yet"

    clock.move_to(at(first_minute))
    current, overdue = my_page(client_as, world.tech_manager)
    assert ("daily", last_day) in overdue
    assert ("monthly", month) in overdue
    assert (("weekly", week) in overdue) == (week + datetime.timedelta(days=6) == last_day)
    assert [c for c in current if c[0] in ("daily", "monthly")] == [], "the new day's come with the next tick"

    jobs.create_due_checklists()
    current, _overdue = my_page(client_as, world.tech_manager)
    next_day = last_day + datetime.timedelta(days=1)
    assert ("daily", next_day, next_day) in current
    assert ("monthly", next_day, period("monthly", next_day)[1]) in current


@pytest.mark.parametrize(
    ("day", "cadence", "expected"),
    [
        (D(2028, 2, 29), "monthly", (D(2028, 2, 1), D(2028, 2, 29))),
        (D(2027, 2, 28), "monthly", (D(2027, 2, 1), D(2027, 2, 28))),
        (D(2028, 2, 29), "quarterly", (D(2028, 1, 1), D(2028, 3, 31))),
        (D(2027, 12, 31), "quarterly", (D(2027, 10, 1), D(2027, 12, 31))),
        (D(2028, 1, 1), "quarterly", (D(2028, 1, 1), D(2028, 3, 31))),
        (D(2027, 12, 31), "weekly", (D(2027, 12, 27), D(2028, 1, 2))),
        (D(2028, 1, 2), "weekly", (D(2027, 12, 27), D(2028, 1, 2))),
        (D(2028, 12, 31), "annual", (D(2028, 1, 1), D(2028, 12, 31))),
    ],
)
def test_a_period_covers_whole_days_of_its_calendar(day, cadence, expected):
    assert period(cadence, day) == expected


@pytest.mark.clock("2026-12-31T23:59:00+08:00")
def test_new_years_tick_closes_the_quarter_but_keeps_the_week_that_spans_the_two_years(client_as, catalogue, clock):
    world = catalogue
    jobs.create_due_checklists()
    current, overdue = my_page(client_as, world.tech_manager)
    assert ("quarterly", D(2026, 10, 1), D(2026, 12, 31)) in current
    assert ("weekly", D(2026, 12, 28), D(2027, 1, 3)) in current
    assert not [p for p in overdue if p[1] >= D(2026, 10, 1)]

    clock.move_to(at("2027-01-01T00:05:00+08:00"))  # 2026-12-31T16:05Z
    jobs.create_due_checklists()

    current, overdue = my_page(client_as, world.tech_manager)
    assert current == [
        ("daily", D(2027, 1, 1), D(2027, 1, 1)),
        ("weekly", D(2026, 12, 28), D(2027, 1, 3)),
        ("monthly", D(2027, 1, 1), D(2027, 1, 31)),
        ("quarterly", D(2027, 1, 1), D(2027, 3, 31)),
    ]
    assert [p for p in overdue if p[1] >= D(2026, 10, 1)] == [
        ("daily", D(2026, 12, 31)), ("monthly", D(2026, 12, 1)), ("quarterly", D(2026, 10, 1)),
    ]
    weeks = Checklist.objects.filter(person=world.tech_manager, cadence="weekly", period_start=D(2026, 12, 28))
    assert weeks.count() == 1


# --- The nights the clocks change -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "change_day"),
    [(LOS_ANGELES, D(2027, 3, 14)), (LOS_ANGELES, D(2027, 11, 7)), (LONDON, D(2027, 3, 28)), (LONDON, D(2027, 10, 31))],
    ids=["la-spring", "la-autumn", "london-spring", "london-autumn"],
)
@pytest.mark.clock("2027-01-01T00:05:00+08:00")
def test_each_day_gets_its_checklist_once_at_local_midnight_across_a_clock_change(catalogue, clock, zone, change_day):
    world = catalogue
    move_club(world.club1, zone)
    local = world.club1.zone
    first_seen = {}
    instant = datetime.datetime.combine(change_day, datetime.time(0), tzinfo=local).astimezone(UTC)
    instant -= datetime.timedelta(hours=1)
    stop = datetime.datetime.combine(change_day + datetime.timedelta(days=1), datetime.time(1), tzinfo=local)
    while instant <= stop:
        clock.move_to(instant)
        jobs.create_due_checklists(now=instant)
        for day in Checklist.objects.filter(person=world.tech_manager, cadence="daily").values_list(
            "period_start", flat=True
        ):
            first_seen.setdefault(day, instant)
        instant += datetime.timedelta(minutes=15)

    days = [change_day - datetime.timedelta(days=1), change_day, change_day + datetime.timedelta(days=1)]
    assert sorted(first_seen) == days
    for day in days[1:]:
        seen = first_seen[day].astimezone(local)
        assert (seen.date(), seen.time()) == (day, datetime.time(0))
    assert Checklist.objects.filter(person=world.tech_manager, cadence="daily").count() == 3


# --- Records that tick a duty: the day they were recorded for ---------------------------------------------


@pytest.mark.clock("2027-02-01T00:05:00+08:00")  # Jan 31 in UTC, the 1st in Shanghai
def test_recording_the_31st_just_after_midnight_ticks_the_31sts_duty_not_the_1sts(client_as, catalogue, monkeypatch):
    world = catalogue
    jobs.create_due_checklists(now=at("2027-01-31T12:00:00+08:00"))
    jobs.create_due_checklists()
    monkeypatch.setattr("django.db.transaction.on_commit", lambda fn, *a, **k: fn())
    data = {}
    for person in world.team_a.members.all():
        data[f"p{person.pk}-presence"] = "worked"
        for item in GroomingItem.objects.filter(club=world.club1):
            data[f"p{person.pk}-item_{item.pk}"] = "on"

    client_as(world.supervisor_a).post(reverse("attendance:team_day") + "?date=2027-01-31", data)

    states = dict(
        ChecklistItem.objects.filter(checklist__person=world.supervisor_a, duty__key="supervisor-4")
        .values_list("checklist__period_start", "state")
    )
    assert states == {D(2027, 1, 31): "done", D(2027, 2, 1): "open"}


# --- A public holiday and the make-up Saturday after it ------------------------------------------------------


@pytest.mark.clock("2027-02-05T00:05:00+08:00")
def test_the_floor_works_on_the_holiday_and_the_make_up_saturday_and_each_day_is_late_only_after_it(
    client_as, catalogue, clock
):
    world = catalogue
    Holiday.objects.create(club=world.club1, date=D(2027, 2, 5), kind="holiday", name="春节（除夕）")
    Holiday.objects.create(club=world.club1, date=D(2027, 2, 6), kind="workday", name="春节调休上班")

    jobs.create_due_checklists()
    current, _overdue = my_page(client_as, world.supervisor_a)
    assert current == [("daily", D(2027, 2, 5), D(2027, 2, 5))]

    clock.move_to(at("2027-02-06T23:59:00+08:00"))  # the make-up Saturday, last minute
    jobs.create_due_checklists()
    current, overdue = my_page(client_as, world.supervisor_a)
    assert current == [("daily", D(2027, 2, 6), D(2027, 2, 6))]
    assert [p for p in overdue if p[1].year == 2027] == [("daily", D(2027, 2, 5))]

    clock.move_to(at("2027-02-07T00:00:30+08:00"))
    _current, overdue = my_page(client_as, world.supervisor_a)
    assert [p for p in overdue if p[1].year == 2027] == [("daily", D(2027, 2, 5)), ("daily", D(2027, 2, 6))]


# --- A superior's review across zones ---------------------------------------------------------------------------


@pytest.mark.clock("2027-02-01T00:30:00+08:00")  # 08:30 on 31 January in Los Angeles
def test_the_owners_review_shows_a_los_angeles_day_overdue_only_after_los_angeles_midnight(client_as, catalogue, clock):
    world = catalogue
    move_club(world.club1, LOS_ANGELES)
    jobs.create_due_checklists()  # 31 January in Los Angeles

    response = client_as(world.owner).get(reverse("duties:review") + "?period=day&date=2027-01-31")
    overdue = {row["name"]: row["overdue"] for row in response.context["rows"]}
    assert overdue["tech_manager"] == 0, "in Los Angeles it is still the morning of the 31st"

    clock.move_to(at("2027-02-01T00:30:00-08:00"))
    response = client_as(world.owner).get(reverse("duties:review") + "?period=day&date=2027-01-31")
    overdue = {row["name"]: row["overdue"] for row in response.context["rows"]}
    assert overdue["tech_manager"] == 3
