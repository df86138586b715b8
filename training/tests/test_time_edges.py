"""Training's date rules at the edges of time: a level's expiry across month ends and 29 February, the
re-certification window opening on the club's own date, session reminders the day before (the day before a
1st, New Year's Day, 1 March of a leap year), and which month an assessment result counts in.
"""

import datetime
from decimal import Decimal

import pytest

from staff.models import Notice
from training import assessments, jobs, levels
from training.assessments import AssessmentRefused
from training.models import LevelAward, LevelRequirement, TrainingPolicy
from training.selectors import training_figures
from training.tests import factories as f

pytestmark = pytest.mark.dates

D = datetime.date
LOS_ANGELES = "America/Los_Angeles"


def at(raw):
    return datetime.datetime.fromisoformat(raw)


def move_club(club, zone):
    club.time_zone = zone
    club.save()
    return club


@pytest.fixture
def requirement(world):
    """Intermediate needs one hands-on assessment; levels hold for 12 months. Only club 1 is open."""
    world.club2.is_active = False
    world.club2.save()
    plan = f.plan(world.club1, world.tech_manager, starts_on=D(2026, 1, 1), ends_on=D(2028, 12, 31))
    handson = f.handson(plan, criteria=(("Pressure", 1, 10),), pass_mark=60, title="Basic")
    LevelRequirement.objects.create(club=world.club1, level="intermediate", assessment=handson)
    TrainingPolicy.objects.create(club=world.club1, level_valid_months=12)
    return handson


def score(assessment, person, by, value=9):
    (criterion,) = assessment.criteria.all()
    return assessments.handson_score(assessment=assessment, person=person, assessor=by,
                                     scores={criterion.pk: Decimal(value)})


def recert_notices(world):
    return sorted(Notice.objects.filter(kind__startswith="training_recert").values_list("person__name", "date"))


# --- Expiry dates -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("granted", "months", "expires"),
    [
        (D(2027, 2, 28), 12, D(2028, 2, 28)),
        (D(2028, 2, 29), 12, D(2029, 2, 28)),  # no 29 February in 2029: its last day
        (D(2028, 2, 29), 48, D(2032, 2, 29)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2027, 1, 31), 1, D(2027, 2, 28)),
        (D(2027, 12, 31), 2, D(2028, 2, 29)),
        (D(2027, 12, 31), 12, D(2028, 12, 31)),
    ],
)
@pytest.mark.clock("2027-06-01T12:00:00+08:00")
def test_a_level_expires_the_same_day_of_the_month_or_the_last_day_of_a_shorter_month(world, granted, months, expires):
    TrainingPolicy.objects.create(club=world.club1, level_valid_months=months)

    award = levels.level_change(person=world.technician, level="junior", kind="manual", by=None, on=granted)

    assert award.expires_on == expires


# --- The re-certification window opens on the club's own date --------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "granted", "last_minute", "first_minute", "expires"),
    [
        # Expires 3 March 2027: the window opens on 1 February, at midnight in Shanghai (16:00 UTC on the 31st).
        ("Asia/Shanghai", D(2026, 3, 3), "2027-01-31T23:59:00+08:00", "2027-01-31T16:30:00+00:00", D(2027, 3, 3)),
        (LOS_ANGELES, D(2026, 3, 3), "2027-02-01T07:59:00+00:00", "2027-02-01T08:00:30+00:00", D(2027, 3, 3)),
        # Expires 30 March 2028: 30 days before is 29 February.
        ("Asia/Shanghai", D(2027, 3, 30), "2028-02-28T23:59:00+08:00", "2028-02-29T00:05:00+08:00", D(2028, 3, 30)),
    ],
    ids=["shanghai", "los-angeles", "leap-day"],
)
@pytest.mark.clock("2026-12-01T12:00:00+08:00")
def test_the_re_certification_reminder_comes_once_from_the_first_day_of_the_window_in_the_clubs_zone(
    world, requirement, clock, zone, granted, last_minute, first_minute, expires
):
    move_club(world.club1, zone)
    levels.level_change(person=world.technician, level="intermediate", kind="manual", by=None, on=granted)

    clock.move_to(at(last_minute))
    assert jobs.recertification_reminders() == {"one": 0}

    clock.move_to(at(first_minute))
    assert jobs.recertification_reminders() == {"one": 2}
    assert jobs.recertification_reminders() == {"one": 0}
    assert recert_notices(world) == [("Tech A1", expires), ("tech_manager", expires)]


@pytest.mark.clock("2026-03-03T12:00:00+08:00")
def test_a_retake_opens_on_the_windows_first_local_day_and_passing_renews_from_that_day(world, requirement, clock):
    handson = requirement
    world.technician.level = "junior"
    world.technician.save()
    score(handson, world.technician, world.tech_manager)  # promoted on 3 March 2026, until 3 March 2027
    world.technician.refresh_from_db()
    award = levels.current_award(world.technician)
    assert (award.kind, award.granted_on, award.expires_on) == ("promotion", D(2026, 3, 3), D(2027, 3, 3))

    clock.move_to(at("2027-01-31T23:59:00+08:00"))
    with pytest.raises(AssessmentRefused):
        score(handson, world.technician, world.tech_manager)

    clock.move_to(at("2027-01-31T16:30:00+00:00"))  # 00:30 on 1 February in Shanghai
    attempt = score(handson, world.technician, world.tech_manager)

    assert (attempt.passed, attempt.finished_on) == (True, D(2027, 2, 1))
    renewed = levels.current_award(world.technician)
    assert (renewed.kind, renewed.granted_on, renewed.expires_on) == ("renewal", D(2027, 2, 1), D(2028, 2, 1))
    assert LevelAward.objects.filter(person=world.technician).count() == 2


@pytest.mark.clock("2027-01-31T16:30:00+00:00")  # 1 February in Shanghai
def test_a_result_just_after_local_midnight_counts_in_the_new_month(world, requirement):
    world.technician.level = "junior"
    world.technician.save()

    score(requirement, world.technician, world.tech_manager)

    january = training_figures(club_ids=[world.club1.pk], start=D(2027, 1, 1), end=D(2027, 1, 31))
    february = training_figures(club_ids=[world.club1.pk], start=D(2027, 2, 1), end=D(2027, 2, 28))
    assert january.get(world.club1.pk, {}).get("assessments_taken", 0) == 0
    assert (february[world.club1.pk]["assessments_taken"], february[world.club1.pk]["levels_gained"]) == (1, 1)


# --- Session reminders the day before ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "session_day", "day_before_last_minute", "eve_first_minute"),
    [
        ("Asia/Shanghai", D(2027, 2, 1), "2027-01-30T23:59:00+08:00", "2027-01-30T16:05:00+00:00"),  # 00:05 on the 31st
        ("Asia/Shanghai", D(2027, 1, 1), "2026-12-30T23:59:00+08:00", "2026-12-31T00:05:00+08:00"),
        ("Asia/Shanghai", D(2028, 3, 1), "2028-02-28T23:59:00+08:00", "2028-02-29T00:05:00+08:00"),
        # Los Angeles: the day after the clocks went forward, and the day they go back.
        (LOS_ANGELES, D(2027, 3, 15), "2027-03-13T23:59:00-08:00", "2027-03-14T00:05:00-08:00"),
        (LOS_ANGELES, D(2027, 11, 7), "2027-11-05T23:59:00-07:00", "2027-11-06T00:05:00-07:00"),
    ],
    ids=["first-of-february", "new-years-day", "first-of-march-in-a-leap-year", "la-spring", "la-autumn"],
)
@pytest.mark.clock("2026-12-01T12:00:00+08:00")
def test_a_session_is_announced_on_the_clubs_day_before_it(world, clock, zone, session_day, day_before_last_minute,
                                                          eve_first_minute):
    move_club(world.club1, zone)
    world.club2.is_active = False
    world.club2.save()
    plan = f.plan(world.club1, world.tech_manager, starts_on=D(2026, 1, 1), ends_on=D(2028, 12, 31))
    f.session(plan, world.tech_manager, [world.technician], date=session_day)

    clock.move_to(at(day_before_last_minute))
    assert jobs.session_reminders() == {"one": 0}

    clock.move_to(at(eve_first_minute))
    assert jobs.session_reminders() == {"one": 2}
    assert jobs.session_reminders() == {"one": 0}
    dates = set(Notice.objects.filter(kind=jobs.SESSION_NOTICE).values_list("date", flat=True))
    assert dates == {session_day}
