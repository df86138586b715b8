from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from staff.demo import DEMO_PASSWORD
from staff.models import Club, Person, Role, Team

CLUB_LOGINS = ["storemanager", "marketing", "customermanager", "caremanager", "techmanager", "deptmanager", "supervisor", "supervisor2",
               "technician"]
LOGINS = ["owner", *CLUB_LOGINS, *[f"{login}_2" for login in CLUB_LOGINS]]
LANGUAGES = {"zh-hans": "zh-CN,zh;q=0.9", "zh-hant": "zh-TW,zh;q=0.9", "en": "en-US,en;q=0.9"}
DAYS = 3


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The demo chain with three days of floor records (the chain is the same whatever the days), seeded
    once for the tests of the class: what the command said. Each test (``db``) runs in a savepoint inside
    this transaction, so what one test changes is rolled back before the next; the chain is rolled back
    after the class."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("seed_demo", days=DAYS, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def counts():
    return Person.objects.count(), Team.objects.count(), get_user_model().objects.count(), Club.objects.count()


def test_it_loads_nothing_into_a_database_that_holds_people_when_asked(db):
    Person.objects.create(name="Real", gender="female", hire_date="2024-01-01", position=Role.OWNER)
    out = StringIO()

    call_command("seed_demo", if_empty=True, stdout=out)

    assert Person.objects.count() == 1
    assert "demo data not loaded" in out.getvalue()


# One seeding serves the class (on each test process that runs some of it).
@pytest.mark.usefixtures("db")
class TestTheDemoChain:
    def test_it_creates_the_demo_chain_and_says_so(self, demo):
        assert f"Demo chain ready: {Person.objects.count()} people" in demo
        assert Club.objects.count() == 2
        assert Person.objects.filter(position=Role.OWNER).count() == 1

    def test_it_creates_nothing_twice(self, demo):
        """Run again, as ``make run`` does (the default 90 days of history), it adds no person, team, login
        or club."""
        before = counts()

        call_command("seed_demo", stdout=StringIO())

        assert counts() == before

    def test_it_gives_every_demo_login_a_person(self, demo):
        users = get_user_model().objects.filter(username__in=LOGINS)

        assert sorted(user.username for user in users) == sorted(LOGINS)
        assert all(user.person.is_active for user in users)

    def test_each_demo_login_signs_in_and_opens_today_in_every_language(self, demo):
        """Through the browser's Accept-Language, then through the language cookie (which wins)."""
        failures = []
        for username in LOGINS:
            name = get_user_model().objects.get(username=username).person.name
            for language, accept_language in LANGUAGES.items():
                client = Client(HTTP_ACCEPT_LANGUAGE=accept_language)
                if client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD}).status_code != 302:
                    failures.append(f"{username} cannot sign in")
                    continue
                response = client.get("/")
                if (response.status_code, response["Content-Language"]) != (200, language) or name not in response.text:
                    failures.append(f"{username} in {language}: {response.status_code} {response['Content-Language']}")
                other = next(code for code in LANGUAGES if code != language)
                client.cookies["django_language"] = other
                response = client.get("/")
                if (response.status_code, response["Content-Language"]) != (200, other):
                    failures.append(f"{username}, cookie {other}: {response.status_code} {response['Content-Language']}")
        assert failures == []

    def test_each_supervisor_leads_a_team_of_eight_to_twelve_technicians(self, demo):
        supervisors = Person.objects.filter(position=Role.SUPERVISOR)
        assert supervisors.count() == 5

        for supervisor in supervisors:
            technicians = supervisor.led_team.members.active()
            assert 8 <= technicians.count() <= 12, supervisor.led_team
            assert all(t.position == Role.TECHNICIAN and t.club_id == supervisor.club_id for t in technicians)

    def test_the_demo_people_pass_their_own_rules(self, demo):
        for person in Person.objects.select_related("club", "department", "team", "reports_to"):
            person.full_clean()

    def test_it_closes_the_demo_days_as_the_evening_job_would_and_says_what_it_is_doing(self, demo):
        from attendance.models import JobRun

        assert JobRun.objects.filter(job=JobRun.Job.CLOSE_DAY).count() >= 2 * DAYS  # the days before today, per club
        steps = [line for line in demo.splitlines() if line.startswith("[")]
        assert any("the evening job closed" in line for line in steps) and len(steps) >= 6
