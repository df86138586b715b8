"""``seed_scale --small``: the benchmark's chain, in the size CI can afford."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from attendance.models import Attendance, GroomingCheck, HygieneCheck
from demo.scale import OWNER_USERNAME, SCALE_PASSWORD, big_team_supervisor, period_start
from duties.models import Checklist, ChecklistItem
from kernel.months import month_start, previous_month
from meetings.models import Meeting
from reports.models import MonthlySnapshot
from staff.models import Club, Person, Role, Team
from training.models import Attempt, TrainingSession


@pytest.fixture(scope="module")
def chain(django_db_setup, django_db_blocker):
    """Seed once for the module, inside a transaction rolled back afterwards: the rows the
    migrations made (beat entries, the duty catalogue) stay for the tests that follow."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("seed_scale", "--small", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def seeded(chain, db):
    return chain


def sign_in(client, username):
    response = client.post("/accounts/login/", {"username": username, "password": SCALE_PASSWORD})
    assert response.status_code == 302, f"{username} could not sign in"


def test_it_reports_progress_and_what_it_made(seeded):
    assert "club 1/3" in seeded and "club 3/3" in seeded
    assert "Chain ready" in seeded and SCALE_PASSWORD in seeded


def test_it_makes_three_clubs_of_about_forty_people_with_teams_of_ten(seeded):
    assert Club.objects.count() == 3
    sizes = dict(Club.objects.annotate(n=Count("people")).values_list("code", "n"))
    # The first club also has the 30-technician team (and its supervisor).
    assert sizes == {"scale-001": 71, "scale-002": 40, "scale-003": 40}
    teams = sorted(Team.objects.annotate(n=Count("members")).values_list("n", flat=True))
    assert teams == [10] * 9 + [30]
    assert Team.objects.get(supervisor__user__username=big_team_supervisor()).members.count() == 30
    assert not Person.objects.filter(user__isnull=True).exists()


def test_it_records_one_attendance_per_person_and_day_up_to_yesterday(seeded):
    today = timezone.localdate()
    first = period_start(today, 2)
    days = (today - first).days
    staff = Person.objects.exclude(position=Role.OWNER)
    assert Attendance.objects.count() == staff.count() * days
    per_person = set(Attendance.objects.values("person").annotate(n=Count("id")).values_list("n", flat=True))
    assert per_person == {days}
    assert not Attendance.objects.filter(date__gte=today).exists()
    assert not Attendance.objects.filter(date__lt=first).exists()


def test_it_fills_every_area_the_report_counts(seeded):
    technicians = Person.objects.filter(position=Role.TECHNICIAN).count()
    assert GroomingCheck.objects.count() > technicians * 40
    assert HygieneCheck.objects.filter(passed=False).exists()
    assert ChecklistItem.objects.filter(state=ChecklistItem.State.DONE).exists()
    assert Checklist.objects.filter(cadence="daily").count() > Person.objects.count() * 40
    # One session a month per club, from the first seeded month up to yesterday (on the 1st the new month has none yet).
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    months = len({d.replace(day=1) for d in (period_start(timezone.localdate(), 2) + datetime.timedelta(days=n)
                                               for n in range(120)) if d <= yesterday})
    assert TrainingSession.objects.filter(status="held").count() == 3 * months
    assert Attempt.objects.filter(state="marked").exists()
    assert Meeting.objects.filter(status=Meeting.Status.HELD).count() > 3 * 60


def test_it_builds_the_snapshots_of_the_finished_months(seeded):
    last = previous_month(month_start(timezone.localdate()))
    months = {last, previous_month(last)}
    assert set(MonthlySnapshot.objects.values_list("month", flat=True)) == months
    assert MonthlySnapshot.objects.count() == 3 * 2
    snapshot = MonthlySnapshot.objects.get(club__code="scale-002", month=last)
    attendance = snapshot.figures["attendance"]
    assert attendance["on_time"] > 0 and attendance["not_recorded"] == 0
    assert attendance["days_closed"] == attendance["days_in_month"]


def test_the_owner_reads_the_chain_report_of_a_finished_month(seeded, client):
    from kernel.months import last_months
    from reports.selectors import clubs_with_first_month
    from reports.snapshots import snapshots_for

    sign_in(client, OWNER_USERNAME)
    last = previous_month(month_start(timezone.localdate()))
    # seed_scale builds the months it seeded; the older months of the 12-month trend are built by the
    # report's job (it fills missing months), as here; until then the page says they are being prepared.
    snapshots_for(clubs_with_first_month(Club.objects.all()), last_months(last, 12))
    response = client.get(f"/reports/monthly/{last:%Y-%m}/")
    assert response.status_code == 200
    page = response.content.decode()
    for club in Club.objects.all():
        assert club.name in page


def test_a_supervisor_opens_their_team_screen(seeded, client):
    sign_in(client, "s002-supervisor1")
    response = client.get("/attendance/team/")
    assert response.status_code == 200
    team = Team.objects.get(supervisor__user__username="s002-supervisor1")
    for member in team.members.all():
        assert member.name in response.content.decode()


def test_it_refuses_a_database_that_holds_people(seeded):
    with pytest.raises(CommandError, match="empty database"):
        call_command("seed_scale", "--clubs", "1", "--months", "1", stdout=io.StringIO())
    assert Club.objects.count() == 3


def test_the_history_starts_whole_months_back():
    assert period_start(datetime.date(2026, 11, 28), 12) == datetime.date(2025, 11, 1)
    assert period_start(datetime.date(2026, 1, 1), 2) == datetime.date(2025, 11, 1)

