"""The floor's scheduled jobs: closing a day, last month's follow-up, and the 15-minute dispatcher."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from attendance import jobs, tasks
from attendance.models import Attendance, JobRun, MonthLock, RosterEntry, ShiftTemplate, Status
from staff.models import Notice
from staff.models import Person
from tests.factories import PersonFactory

from .figures import MONDAY, in_language, record

UTC = datetime.timezone.utc


@pytest.fixture
def shift(world):
    return ShiftTemplate.objects.create(
        club=world.club1, name="Jobs day", start=datetime.time(10), end=datetime.time(18)
    )


@pytest.fixture
def at(monkeypatch):
    """``at(datetime)`` makes that moment "now" for the code under test."""

    def set_now(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_now


def state():
    """Everything the jobs may write, to compare a second run with the first."""
    return (
        sorted(Attendance.objects.values_list("person_id", "date", "status", "shift_id")),
        Attendance.history.count(),
        sorted(Notice.objects.values_list("person_id", "kind", "date", "text")),
        sorted(JobRun.objects.values_list("club_id", "job", "period")),
        len(mail.outbox),
    )


def not_recorded(day):
    return set(Attendance.objects.filter(date=day, status=Status.NOT_RECORDED).values_list("person__name", flat=True))


def test_it_marks_everyone_expected_at_work_with_no_record(world, shift):
    RosterEntry.objects.create(person=world.technician, date=MONDAY, shift=shift)
    RosterEntry.objects.create(person=world.supervisor_a, date=MONDAY, shift=shift)  # rostered: expected
    RosterEntry.objects.create(person=world.technician_b, date=MONDAY, shift=None)  # day off: not expected
    record(world.technician_a2, MONDAY, Status.PRESENT)
    PersonFactory(name="Hired later", club=world.club1, team=world.team_a, department=world.team_a.department,
                  hire_date=MONDAY + datetime.timedelta(days=1))

    result = jobs.close_day(club=world.club1, day=MONDAY)

    # Technicians are expected without a roster; other staff only when rostered. Club 2 is not touched.
    assert not_recorded(MONDAY) == {"Tech A1", "supervisor_a"}
    assert result.marked == 2
    marked = Attendance.objects.get(person=world.technician, date=MONDAY)
    assert (marked.club, marked.shift, marked.recorded_by) == (world.club1, shift, None)
    assert marked.history.get().history_change_reason == "closed by the evening job"
    assert Attendance.objects.get(person=world.technician_a2).status == Status.PRESENT


def speaks(person, language):
    Person.objects.filter(pk=person.pk).update(language=language)


def test_it_reminds_the_supervisor_of_a_team_with_nothing_recorded(world, django_capture_on_commit_callbacks):
    world.supervisor_b.user.email = "b@club-one.example"
    world.supervisor_b.user.save()
    speaks(world.supervisor_b, "en")
    record(world.technician_a2, MONDAY, Status.PRESENT)  # team A recorded something

    with django_capture_on_commit_callbacks(execute=True):
        result = jobs.close_day(club=world.club1, day=MONDAY)
        assert mail.outbox == []  # the e-mail leaves once the notice is committed

    notice = Notice.objects.get()
    assert (notice.person, notice.kind, notice.date) == (world.supervisor_b, "nothing_recorded", MONDAY)
    assert notice.text == "Nothing was recorded for Team B on 2025-03-10. Please record the team's attendance."
    assert result.reminded == 1
    assert [m.to for m in mail.outbox] == [["b@club-one.example"]]
    assert mail.outbox[0].body.startswith(notice.text)


def test_a_supervisor_without_an_email_address_gets_the_notice_only(world):
    jobs.close_day(club=world.club1, day=MONDAY)

    assert set(Notice.objects.values_list("person__name", flat=True)) == {"supervisor_a", "supervisor_b"}
    assert mail.outbox == []


def test_the_notice_is_written_in_the_supervisors_language(world):
    speaks(world.supervisor_a, "zh-hant")

    jobs.close_day(club=world.club1, day=MONDAY)

    text = gettext_lazy("Nothing was recorded for %(team)s on %(day)s. Please record the team's attendance.")
    day = "2025-03-10"
    assert Notice.objects.get(person=world.supervisor_a).text == (
        in_language("zh-hant", text) % {"team": "Team A", "day": day}
    )
    assert Notice.objects.get(person=world.supervisor_b).text == (  # the site's language
        in_language("zh-hans", text) % {"team": "Team B", "day": day}
    )


def test_a_second_run_changes_nothing(world, shift, django_capture_on_commit_callbacks):
    world.supervisor_b.user.email = "b@club-one.example"
    world.supervisor_b.user.save()
    RosterEntry.objects.create(person=world.supervisor_a, date=MONDAY, shift=shift)
    with django_capture_on_commit_callbacks(execute=True):
        jobs.close_day(club=world.club1, day=MONDAY)
    first = state()

    with django_capture_on_commit_callbacks(execute=True):
        again = jobs.close_day(club=world.club1, day=MONDAY)

    assert state() == first
    assert (again.marked, again.reminded) == (0, 0)
    assert first[-1] == 1  # one e-mail, sent once


def test_it_leaves_what_a_supervisor_recorded_after_closing_alone_and_marks_nothing_twice(world):
    jobs.close_day(club=world.club1, day=MONDAY)
    Attendance.objects.filter(person=world.technician, date=MONDAY).update(status=Status.PRESENT)

    jobs.close_day(club=world.club1, day=MONDAY)

    assert Attendance.objects.get(person=world.technician, date=MONDAY).status == Status.PRESENT
    assert Attendance.objects.filter(date=MONDAY).count() == 3


def test_it_can_close_an_earlier_day_late_from_the_command_line(world):
    out = StringIO()

    call_command("close_day", "--club", "one", "--date", "2025-03-07", stdout=out)

    assert not_recorded(datetime.date(2025, 3, 7)) == {"Tech A1", "Tech A2", "Tech B1"}
    assert out.getvalue().strip() == "one 2025-03-07: 3 marked not recorded, 2 supervisor(s) reminded"
    assert JobRun.objects.filter(club=world.club1, job="close_day", period=datetime.date(2025, 3, 7)).exists()


def test_it_leaves_a_locked_month_alone(world):
    MonthLock.objects.create(club=world.club1, month=MONDAY.replace(day=1), locked_by=world.store_manager)

    result = jobs.close_day(club=world.club1, day=MONDAY)

    assert result.locked and str(result) == "one 2025-03-10: month locked, nothing changed"
    assert not Attendance.objects.exists() and not Notice.objects.exists() and not JobRun.objects.exists()


def test_it_refuses_a_day_that_has_not_begun(world):
    tomorrow = timezone.localdate(timezone=world.club1.zone) + datetime.timedelta(days=1)

    with pytest.raises(CommandError, match="has not begun"):
        call_command("close_day", "--club", "one", "--date", tomorrow.isoformat(), stdout=StringIO())
    assert not Attendance.objects.exists()


def test_an_unknown_club_is_an_error(world):
    with pytest.raises(CommandError, match="No club with code or id 'nowhere'"):
        call_command("close_day", "--club", "nowhere", stdout=StringIO())


# --- The dispatcher: one beat entry for every time zone -----------------------------------------


@pytest.fixture
def berlin(world):
    world.club2.time_zone = "Europe/Berlin"
    world.club2.save()
    return world.club2


def test_each_club_closes_its_own_evening(world, berlin, at, django_capture_on_commit_callbacks):
    # 15:30 UTC: 23:30 in Shanghai (club 1 closes the 10th); 16:30 in Berlin (club 2's latest evening is the 9th).
    at(datetime.datetime(2025, 3, 10, 15, 30, tzinfo=UTC))
    with django_capture_on_commit_callbacks(execute=True):
        tasks.run_due_jobs.delay()

    assert set(JobRun.objects.values_list("club__code", "period")) == {
        ("one", datetime.date(2025, 3, 10)), ("two", datetime.date(2025, 3, 9)),
    }
    assert not_recorded(datetime.date(2025, 3, 9)) == {"Tech Two"}

    # 22:30 UTC: 23:30 in Berlin, so club 2 closes the 10th; Shanghai's 10th is already closed.
    at(datetime.datetime(2025, 3, 10, 22, 30, tzinfo=UTC))
    assert jobs.due_jobs(timezone.now()) == [jobs.DueJob("close_day", berlin.pk, datetime.date(2025, 3, 10))]
    with django_capture_on_commit_callbacks(execute=True):
        tasks.run_due_jobs.delay()
    assert "Tech Two" in not_recorded(datetime.date(2025, 3, 10))

    at(datetime.datetime(2025, 3, 10, 22, 45, tzinfo=UTC))
    assert jobs.due_jobs(timezone.now()) == []


def test_before_23_00_the_latest_evening_is_yesterday(world, at):
    at(datetime.datetime(2025, 3, 10, 14, 59, tzinfo=UTC))  # 22:59 in Shanghai

    assert jobs.evening_day(world.club1, timezone.now()) == datetime.date(2025, 3, 9)


def test_after_downtime_it_catches_up_the_missed_days_but_at_most_a_week(world, at):
    JobRun.objects.create(club=world.club1, job="close_day", period=datetime.date(2025, 3, 6))
    at(datetime.datetime(2025, 3, 10, 15, 30, tzinfo=UTC))

    due = [job.period.day for job in jobs.due_jobs(timezone.now()) if job.club_id == world.club1.pk]
    assert due == [7, 8, 9, 10]

    JobRun.objects.all().delete()
    JobRun.objects.create(club=world.club1, job="close_day", period=datetime.date(2025, 2, 1))
    due = [job.period.day for job in jobs.due_jobs(timezone.now()) if job.club_id == world.club1.pk]
    assert due == [4, 5, 6, 7, 8, 9, 10]


def test_a_club_never_closed_starts_with_its_latest_evening(world, at):
    at(datetime.datetime(2025, 3, 10, 15, 30, tzinfo=UTC))

    assert [j for j in jobs.due_jobs(timezone.now()) if j.club_id == world.club1.pk] == [
        jobs.DueJob("close_day", world.club1.pk, datetime.date(2025, 3, 10))
    ]


def test_the_run_due_jobs_command_runs_what_is_due_here_and_now(world, at):
    at(datetime.datetime(2025, 3, 10, 15, 30, tzinfo=UTC))
    out = StringIO()

    call_command("run_due_jobs", stdout=out)
    call_command("run_due_jobs", stdout=out)

    assert out.getvalue().splitlines() == [
        "one 2025-03-10: 3 marked not recorded, 2 supervisor(s) reminded",
        "two 2025-03-10: 1 marked not recorded, 1 supervisor(s) reminded",
        "Nothing is due.",
    ]


def test_the_beat_entry_is_data_an_administrator_can_change(db):
    entry = PeriodicTask.objects.get(task="attendance.tasks.run_due_jobs")

    assert entry.enabled
    assert (entry.interval.every, entry.interval.period) == (15, IntervalSchedule.MINUTES)


# --- Last month's follow-up -----------------------------------------------------------------------

FEBRUARY = datetime.date(2025, 2, 1)


def february(world):
    for n in (3, 4, 5):
        record(world.technician, FEBRUARY.replace(day=n), Status.LATE)
    record(world.technician_a2, FEBRUARY.replace(day=3), Status.PRESENT)
    record(world.customer_manager, FEBRUARY.replace(day=3), Status.PRESENT)


def test_the_follow_up_tells_each_head_their_part(world):
    february(world)
    for head in (world.tech_manager, world.marketing):
        speaks(head, "en")

    result = jobs.monthly_followup(club=world.club1, month=FEBRUARY)

    assert str(result) == ("one 2025-02: 1 need a talk, 2 on the honour roll, 4 head(s) notified, "
                           "3 month file(s) written ahead")
    notices = dict(Notice.objects.filter(kind="monthly_followup").values_list("person__name", "text"))
    assert notices["tech_manager"] == "2025-02: 1 people need an attendance talk; 1 are on the honour roll."
    assert notices["marketing"] == "2025-02: 0 people need an attendance talk; 1 are on the honour roll."
    assert set(notices) == {"tech_manager", "care_manager", "dept_manager", "marketing"}
    assert Notice.objects.get(person=world.tech_manager).date == FEBRUARY


def test_the_follow_up_runs_once(world):
    february(world)
    jobs.monthly_followup(club=world.club1, month=FEBRUARY)
    first = state()

    call_command("monthly_followup", "--club", "one", "--month", "2025-02", stdout=StringIO())

    assert state() == first


def test_the_follow_up_waits_for_the_month_to_end(world):
    running = timezone.localdate(timezone=world.club1.zone)

    with pytest.raises(CommandError, match="is not over yet"):
        call_command("monthly_followup", "--club", "one", "--month", f"{running:%Y-%m}", stdout=StringIO())


def test_the_follow_up_is_due_on_the_first_once_the_last_day_is_closed(world, at, django_capture_on_commit_callbacks):
    february(world)
    at(datetime.datetime(2025, 2, 28, 15, 30, tzinfo=UTC))  # 23:30 on the 28th in Shanghai
    with django_capture_on_commit_callbacks(execute=True):
        tasks.run_due_jobs.delay()
    assert not Notice.objects.filter(kind="monthly_followup").exists()

    at(datetime.datetime(2025, 2, 28, 16, 15, tzinfo=UTC))  # 00:15 on 1 March in Shanghai
    due = [job for job in jobs.due_jobs(timezone.now()) if job.club_id == world.club1.pk]
    assert due == [jobs.DueJob("monthly_followup", world.club1.pk, FEBRUARY)]
    with django_capture_on_commit_callbacks(execute=True):
        tasks.run_due_jobs.delay()

    assert Notice.objects.filter(kind="monthly_followup", date=FEBRUARY).count() == 4
    assert [j for j in jobs.due_jobs(timezone.now()) if j.club_id == world.club1.pk] == []
