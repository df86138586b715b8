"""The owner's report at the edges of time: which month a record counts in (the club's zone), a running month
turning into a closed one at the club's midnight, the e-mail exactly once from 08:00 on the 1st in the club's
zone (New Year, a leap February, London's clock change on 31 October), and a chain of clubs in different zones.
"""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from attendance.models import ConsumableIssue, ConsumableItem, Status
from attendance.tests.figures import record
from duties.catalogue import catalogue_install_defaults
from duties.services import checklists_generate
from reports import jobs
from reports.models import MonthlySnapshot, ReportDelivery
from staff.models import Club, Person

pytestmark = pytest.mark.dates

D = datetime.date
LOS_ANGELES = "America/Los_Angeles"
LONDON = "Europe/London"


@pytest.fixture(autouse=True)
def plain_attachments(monkeypatch):
    """When and to whom is what these tests check (``test_delivery.py`` checks the PDF and XLSX): small stand-ins."""
    monkeypatch.setattr("reports.exports.pdf_bytes", lambda report: b"%PDF-1.4")
    monkeypatch.setattr("reports.exports.xlsx_bytes", lambda report: b"PK")


def at(raw):
    return datetime.datetime.fromisoformat(raw)


def move_club(club, zone):
    club.time_zone = zone
    club.save()
    return club


def report_json(client_as, person, month, club=None):
    """The report's JSON as ``person`` reads it now (signed in afresh: the clock may have moved past a session)."""
    client = client_as(person)
    if club is None:
        url = reverse("reports:monthly", args=[month])
    else:
        url = reverse("reports:club_monthly", args=[month, club.pk])
    response = client.get(url + "?format=json")
    return response.status_code, (response.json() if response.status_code == 200 else None)


def with_addresses(world):
    for person, email in ((world.owner, "owner@example.com"), (world.store_manager, "sm1@example.com"),
                          (world.store_manager_2, "sm2@example.com")):
        person.user.email = email
        person.user.save()
        person.language = "en"
        person.save()


def opened_on(day):
    """Every club opened and everyone hired on ``day``: the job has no earlier months to build first."""
    Club.objects.update(created_at=datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC))
    Person.objects.update(hire_date=day)


def sent():
    """(recipient, subject) of every e-mail sent so far; the outbox is emptied."""
    found = sorted((m.to[0], m.subject) for m in mail.outbox)
    mail.outbox.clear()
    return found


# --- Running and closed months in the club's zone ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "last_minute", "first_minute"),
    [
        ("Asia/Shanghai", "2027-01-31T23:59:00+08:00", "2027-01-31T16:30:00+00:00"),  # 00:30 on 1 Feb in Shanghai
        (LOS_ANGELES, "2027-02-01T07:59:00+00:00", "2027-02-01T08:00:30+00:00"),  # 23:59, then 00:00 in LA
    ],
    ids=["shanghai", "los-angeles"],
)
@pytest.mark.clock("2027-01-15T12:00:00+08:00")
def test_january_runs_until_the_clubs_midnight_and_february_has_not_begun_before_it(
    client_as, world, clock, zone, last_minute, first_minute
):
    opened_on(D(2026, 12, 1))
    club = move_club(world.club1, zone)

    clock.move_to(at(last_minute))
    status, january = report_json(client_as, world.store_manager, "2027-01")
    assert (status, january["status"], january["built_at"]) == (200, "in_progress", None)
    assert report_json(client_as, world.store_manager, "2027-02")[0] == 404
    assert not MonthlySnapshot.objects.filter(club=club, month=D(2027, 1, 1)).exists()

    clock.move_to(at(first_minute))
    status, january = report_json(client_as, world.store_manager, "2027-01")
    assert (status, january["status"], january["live"]) == (200, "closed", True)  # over: computed live, not built
    assert not MonthlySnapshot.objects.filter(club=club, month=D(2027, 1, 1)).exists()
    from reports.tasks import build_snapshots

    build_snapshots([club.pk], "2027-01")  # what the queued task does
    assert MonthlySnapshot.objects.filter(club=club, month=D(2027, 1, 1)).count() == 1
    assert report_json(client_as, world.store_manager, "2027-01")[1]["live"] is False
    status, february = report_json(client_as, world.store_manager, "2027-02")
    assert (status, february["status"], february["figures"]["attendance"]["days_in_month"]) == (200, "in_progress", 28)


@pytest.mark.clock("2027-02-01T00:30:00+08:00")  # 1 Feb in Shanghai (club 2), still 31 Jan 08:30 in LA (club 1)
def test_the_chains_january_is_closed_only_once_every_club_has_passed_its_midnight(client_as, world, clock):
    opened_on(D(2026, 12, 1))
    move_club(world.club1, LOS_ANGELES)

    status, january = report_json(client_as, world.owner, "2027-01")
    assert (status, january["status"]) == (200, "in_progress")
    over = {c["code"]: c["live"] for c in january["clubs"]}  # club two's month is over: computed live until built
    assert over == {"one": False, "two": True}
    # February has begun in Shanghai.
    assert report_json(client_as, world.owner, "2027-02")[1]["status"] == "in_progress"

    clock.move_to(at("2027-02-01T00:00:30-08:00"))
    assert report_json(client_as, world.owner, "2027-01")[1]["status"] == "closed"


@pytest.mark.clock("2027-02-02T12:00:00+08:00")
def test_records_at_the_turn_of_the_month_count_in_the_month_of_the_clubs_date(client_as, world):
    opened_on(D(2026, 12, 1))
    record(world.technician, D(2027, 1, 31), Status.LATE, late_minutes=40)  # a night shift of the 31st
    record(world.technician, D(2027, 2, 1), Status.LATE, late_minutes=5)
    cream = ConsumableItem.objects.create(club=world.club1, name="Massage cream", unit="bottle", stock=10,
                                          low_stock_threshold=1)
    for moment, quantity in (("2027-01-31T23:59:00+08:00", 4), ("2027-01-31T16:30:00+00:00", 2)):
        ConsumableIssue.objects.create(item=cream, technician=world.technician, quantity=quantity, issued_at=at(moment))

    january = report_json(client_as, world.store_manager, "2027-01")[1]["figures"]
    february = report_json(client_as, world.store_manager, "2027-02")[1]["figures"]

    assert (january["attendance"]["late"], january["attendance"]["late_minutes"]) == (1, 40)
    assert (february["attendance"]["late"], february["attendance"]["late_minutes"]) == (1, 5)
    assert (january["consumables"]["quantity"], february["consumables"]["quantity"]) == (4, 2)


@pytest.mark.clock("2027-02-10T02:00:00+08:00")  # the 10th in Shanghai, still the 9th (10:00) in Los Angeles
def test_the_chains_running_month_shows_no_checklist_of_a_day_still_running_in_its_club_as_overdue(client_as, world):
    opened_on(D(2027, 1, 1))
    move_club(world.club1, LOS_ANGELES)
    catalogue_install_defaults(club=world.club1)
    checklists_generate(club=world.club1, day=D(2027, 2, 9))  # Los Angeles' today

    checklists = report_json(client_as, world.owner, "2027-02")[1]["figures"]["checklists"]["total"]

    assert checklists["overdue"] == 0
    assert checklists["open"] == checklists["total"] > 0


# --- The e-mail on the 1st, from 08:00 club time, once -------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "eight", "month"),
    [
        ("2027-02-01T07:59:00+08:00", "2027-02-01T08:00:00+08:00", "2027-01"),
        ("2027-01-01T07:59:00+08:00", "2027-01-01T08:00:00+08:00", "2026-12"),
        ("2028-03-01T07:59:00+08:00", "2028-03-01T08:00:00+08:00", "2028-02"),
    ],
    ids=["end-of-january", "new-year", "leap-february"],
)
@pytest.mark.clock("2026-12-01T12:00:00+08:00")
def test_the_report_is_mailed_once_from_eight_on_the_first(world, clock, before, eight, month):
    with_addresses(world)
    first = datetime.date.fromisoformat(f"{month}-01")
    opened_on(first)

    clock.move_to(at(before))
    jobs.run_due()
    assert sent() == []

    clock.move_to(at(eight))
    jobs.run_due()
    assert sent() == [
        ("owner@example.com", f"ClubOps monthly report {month} · All clubs"),
        ("sm1@example.com", f"ClubOps monthly report {month} · Club One"),
        ("sm2@example.com", f"ClubOps monthly report {month} · Club Two"),
    ]
    clock.move_to(at(eight) + datetime.timedelta(minutes=15))
    jobs.run_due()
    clock.move_to(at(eight) + datetime.timedelta(hours=20))
    jobs.run_due()
    assert sent() == []
    snapshot = MonthlySnapshot.objects.get(club=world.club1, month=first)
    days = (datetime.date.fromisoformat(eight[:10]) - first).days
    assert snapshot.figures["attendance"]["days_in_month"] == days


@pytest.mark.clock("2027-01-31T23:00:00+00:00")
def test_each_club_gets_its_own_at_its_own_eight_and_the_owner_once_the_last_club_has_its(world, clock):
    with_addresses(world)
    opened_on(D(2027, 1, 1))
    move_club(world.club1, LOS_ANGELES)

    runs = {}
    for moment in ("2027-01-31T23:59:00+00:00", "2027-02-01T00:00:00+00:00", "2027-02-01T00:15:00+00:00",
                   "2027-02-01T15:59:00+00:00", "2027-02-01T16:00:00+00:00", "2027-02-01T16:15:00+00:00"):
        clock.move_to(at(moment))
        jobs.run_due()
        runs[moment[11:16]] = [to for to, _subject in sent()]

    assert runs == {
        "23:59": [],
        "00:00": ["sm2@example.com"],  # 08:00 in Shanghai; midnight in Los Angeles
        "00:15": [],
        "15:59": [],
        "16:00": ["owner@example.com", "sm1@example.com"],  # 08:00 in Los Angeles
        "16:15": [],
    }
    assert ReportDelivery.objects.filter(month=D(2027, 1, 1), status="sent").count() == 3


@pytest.mark.parametrize(
    ("before", "eight", "month"),
    [
        # Summer time ended at 02:00 on 31 October: 08:00 on 1 November is 08:00 UTC.
        ("2027-11-01T07:59:00+00:00", "2027-11-01T08:00:00+00:00", D(2027, 10, 1)),
        # Summer time began on 28 March: 08:00 on 1 April is 07:00 UTC.
        ("2027-04-01T06:59:00+00:00", "2027-04-01T07:00:00+00:00", D(2027, 3, 1)),
    ],
    ids=["october", "march"],
)
@pytest.mark.clock("2027-03-01T12:00:00+00:00")
def test_a_london_club_is_mailed_at_eight_london_time_after_a_clock_change_month(world, clock, before, eight, month):
    with_addresses(world)
    opened_on(month)
    move_club(world.club1, LONDON)
    world.club2.is_active = False
    world.club2.save()
    record(world.technician, month.replace(day=27), Status.LATE, late_minutes=12)  # the week of the change

    clock.move_to(at(before))
    jobs.run_due()
    assert sent() == []

    clock.move_to(at(eight))
    jobs.run_due()
    assert [to for to, _subject in sent()] == ["owner@example.com", "sm1@example.com"]
    snapshot = MonthlySnapshot.objects.get(club=world.club1, month=month)
    assert (snapshot.figures["attendance"]["late"], snapshot.figures["attendance"]["days_in_month"]) == (1, 31)


@pytest.mark.parametrize(
    ("zone", "last_chance", "too_late"),
    [
        ("Asia/Shanghai", "2027-02-07T23:59:00+08:00", "2027-02-08T00:05:00+08:00"),
        (LOS_ANGELES, "2027-02-07T20:00:00-08:00", "2027-02-08T00:05:00-08:00"),
    ],
    ids=["shanghai", "los-angeles"],
)
@pytest.mark.clock("2027-01-15T12:00:00+08:00")
def test_after_downtime_the_months_email_still_goes_out_until_the_7th_in_the_clubs_zone(
    world, clock, zone, last_chance, too_late
):
    with_addresses(world)
    opened_on(D(2027, 1, 1))
    move_club(world.club1, zone)
    world.club2.is_active = False
    world.club2.save()

    clock.move_to(at(too_late))
    jobs.run_due()
    assert sent() == [], "a week late: nothing for January any more"

    ReportDelivery.objects.all().delete()
    clock.move_to(at(last_chance))
    jobs.run_due()
    assert [to for to, _subject in sent()] == ["owner@example.com", "sm1@example.com"]
