"""Levels: promotion by the club's required assessments, history kept, expiry and re-certification reminders."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from staff.models import Notice
from training import assessments, jobs, levels
from training.models import LevelAward, LevelRequirement, TrainingPolicy
from training.tests import factories as f


@pytest.fixture
def ladder(world):
    """Intermediate needs a hands-on and a quiz; senior needs a second hands-on."""
    plan = f.plan(world.club1, world.tech_manager)
    basic = f.handson(plan, criteria=(("Pressure", 1, 10),), pass_mark=60, title="Basic")
    other = f.handson(plan, criteria=(("Pressure", 1, 10),), pass_mark=60, title="Second")
    advanced = f.handson(plan, criteria=(("Pressure", 1, 10),), pass_mark=85, title="Advanced")
    LevelRequirement.objects.create(club=world.club1, level="intermediate", assessment=basic)
    LevelRequirement.objects.create(club=world.club1, level="intermediate", assessment=other)
    LevelRequirement.objects.create(club=world.club1, level="senior", assessment=advanced)
    TrainingPolicy.objects.create(club=world.club1, level_valid_months=12)
    return basic, other, advanced


def passes(assessment, person, value=9, by=None):
    (criterion,) = assessment.criteria.all()
    return assessments.handson_score(assessment=assessment, person=person, assessor=by,
                                     scores={criterion.pk: Decimal(value)})


def test_a_technician_goes_up_once_every_required_assessment_is_passed(world, ladder):
    basic, other, advanced = ladder
    technician = world.technician
    technician.level = "junior"
    technician.save()
    passes(basic, technician, by=world.tech_manager)
    technician.refresh_from_db()
    assert technician.level == "junior", "one of two requirements is not enough"

    passes(other, technician, by=world.tech_manager)
    technician.refresh_from_db()
    assert technician.level == "intermediate"
    award = LevelAward.objects.get(person=technician, kind="promotion")
    assert (award.previous_level, award.level, award.granted_by) == ("junior", "intermediate", world.tech_manager)
    assert award.expires_on == levels.add_months(award.granted_on, 12)
    history = list(technician.history.order_by("-history_date").values_list("level", flat=True)[:2])
    assert history == ["intermediate", "junior"], "the change is in the person's history"

    passes(advanced, technician, value=8, by=world.tech_manager)  # 80 < 85: failed
    technician.refresh_from_db()
    assert technician.level == "intermediate"
    passes(advanced, technician, value=9, by=world.tech_manager)
    technician.refresh_from_db()
    assert technician.level == "senior"


def test_a_level_with_no_requirement_is_not_reached(world):
    plan = f.plan(world.club1, world.tech_manager)
    handson = f.handson(plan, criteria=(("Pressure", 1, 10),), pass_mark=60)
    world.technician.level = "senior"
    world.technician.save()
    passes(handson, world.technician, by=world.tech_manager)
    assert not LevelAward.objects.exists()


def test_expiry_opens_re_certification_and_passing_again_renews(world, ladder):
    basic, other, _advanced = ladder
    technician = world.technician
    granted = datetime.date.today() - datetime.timedelta(days=350)
    levels.level_change(person=technician, level="intermediate", kind="manual", by=world.tech_manager, on=granted)
    award = levels.current_award(technician)
    assert award.expires_on == levels.add_months(granted, 12)
    assert levels.recertification_due(technician, basic, datetime.date.today())

    passes(basic, technician, by=world.tech_manager)
    assert levels.current_award(technician).pk == award.pk, "both requirements must be passed again"
    passes(other, technician, by=world.tech_manager)
    renewed = levels.current_award(technician)
    assert renewed.kind == "renewal" and renewed.expires_on > award.expires_on
    technician.refresh_from_db()
    assert technician.level == "intermediate"


def test_levels_that_never_expire_need_no_re_certification(world, ladder):
    TrainingPolicy.objects.filter(club=world.club1).update(level_valid_months=0)
    award = levels.level_change(person=world.technician, level="junior", kind="manual", by=None,
                                on=datetime.date(2020, 1, 1))
    assert award.expires_on is None
    assert levels.expiring(club_ids=[world.club1.pk], today=datetime.date.today()) == []


def test_the_re_certification_reminder_goes_out_once_30_days_before(world, ladder, django_capture_on_commit_callbacks):
    world.technician.user.email = "tech@example.com"
    world.technician.user.save()
    for person in (world.technician, world.tech_manager):
        person.language = "en"
        person.save()
    today = datetime.date(2026, 6, 1)
    levels.level_change(person=world.technician, level="intermediate", kind="manual", by=None,
                        on=levels.add_months(today, -12) + datetime.timedelta(days=31))  # expires in 31 days
    assert jobs.recertification_reminders(day=today)["one"] == 0

    tomorrow = today + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        made = jobs.recertification_reminders(day=tomorrow)["one"]
    assert made == 2  # the technician and the technical manager
    notice = Notice.objects.get(person=world.technician, kind=jobs.RECERT_NOTICE)
    assert notice.date == tomorrow + datetime.timedelta(days=30)
    assert "expires on" in notice.text
    assert Notice.objects.get(person=world.tech_manager, kind=jobs.RECERT_TEAM_NOTICE).text.endswith("Tech A1")
    assert [m.to for m in mail.outbox] == [["tech@example.com"]]

    out = StringIO()
    call_command("remind_recertification", date=tomorrow.isoformat(), stdout=out)
    assert "one: 0 re-certification reminders made" in out.getvalue()
    assert Notice.objects.filter(kind__startswith="training_recert").count() == 2
