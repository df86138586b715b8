"""The people tests talk about, and the rule for tests that need a real service.

``world`` builds two clubs: club 1 has every position and two supervisors' teams
(A and B); club 2 has a store manager, a supervisor and a technician. Each person has a
login whose username is the persona name (e.g. ``supervisor_a``).
"""

import copy
import os
import types
import uuid

import pytest

from staff.models import Department, Gender, Person, Role
from tests.factories import ClubFactory, PersonFactory, TeamFactory, UserFactory, department

IN_CI = bool(os.environ.get("CI"))

# The ``browser`` fixture (Debian's Chromium through Playwright) for every browser test; the test database
# migrated once per run and copied for each test process (tests/databases.py).
pytest_plugins = ["tests.clock", "tests.browser", "tests.databases"]


@pytest.fixture(autouse=True)
def _report_files(settings, tmp_path):
    """Each test keeps its own report files (made ahead, ``reports.exports``): a pinned clock and reused ids
    would otherwise let one test's file pass for another's."""
    settings.REPORT_FILES_DIR = tmp_path / "report-files"


@pytest.fixture(autouse=True)
def _own_cache(settings):
    """Each test reads and writes its own part of the cache (its own key prefix; Django makes the cache again when
    the setting changes). Redis outlives a run, and the test database gives the same ids again in the next run
    (and, after a rollback, SQLite in the next test): a key one test left ("this file's job was queued") would
    otherwise answer for another test's, as it did once in CI. No test needs to empty the cache: emptying
    Redis would empty the other test process's part too."""
    forget_cache(settings)


def forget_cache(settings):
    """What the test put in the cache so far is forgotten, for every thread (a live server's too): a new key prefix.
    Not ``cache.clear()``, which empties all of Redis, the other test process's part included
    (``tests/test_isolation.py`` finds any)."""
    caches = copy.deepcopy(settings.CACHES)
    for cache in caches.values():
        cache["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = caches


def need_service(what, reason):
    """A test that needs a real service fails in CI when the service is missing, else it skips."""
    message = f"{what} is not available: {reason}"
    if IN_CI:
        pytest.fail(message + " (CI must provide it)")
    pytest.skip(message)


def _person(username, **fields):
    return PersonFactory(user=UserFactory(username=username), name=fields.pop("name", username), **fields)


@pytest.fixture
def world(db):
    club1 = ClubFactory(name="Club One", code="one")
    club2 = ClubFactory(name="Club Two", code="two")
    massage1 = department(club1, Department.Kind.MASSAGE)
    # ``targets``: objects other modules' fixtures add for the access matrix, by name.
    w = types.SimpleNamespace(club1=club1, club2=club2, targets={})
    w.owner = _person("owner", position=Role.OWNER, club=None, gender=Gender.MALE)
    w.owner.user.is_staff = w.owner.user.is_superuser = True
    w.owner.user.save()
    w.store_manager = _person("store_manager", position=Role.STORE_MANAGER, club=club1,
                              department=department(club1, Department.Kind.ADMIN), reports_to=w.owner)
    w.marketing = _person("marketing", position=Role.MARKETING_DIRECTOR, club=club1,
                          department=department(club1, Department.Kind.MARKETING), reports_to=w.store_manager)
    w.care_manager = _person("care_manager", position=Role.CARE_MANAGER, club=club1,
                             department=department(club1, Department.Kind.CARE), reports_to=w.store_manager)
    w.tech_manager = _person("tech_manager", position=Role.TECHNICAL_MANAGER, club=club1,
                             department=department(club1, Department.Kind.CARE), reports_to=w.care_manager)
    w.dept_manager = _person("dept_manager", position=Role.TECHNICIAN_MANAGER, club=club1,
                             department=massage1, reports_to=w.store_manager)
    w.customer_manager = _person("customer_manager", position=Role.CUSTOMER_MANAGER, club=club1,
                                 department=department(club1, Department.Kind.MARKETING), reports_to=w.marketing)
    w.supervisor_a = _person("supervisor_a", position=Role.SUPERVISOR, club=club1, department=massage1,
                             reports_to=w.dept_manager)
    w.supervisor_b = _person("supervisor_b", position=Role.SUPERVISOR, club=club1, department=massage1,
                             reports_to=w.dept_manager)
    w.team_a = TeamFactory(club=club1, name="Team A", supervisor=w.supervisor_a)
    w.team_b = TeamFactory(club=club1, name="Team B", supervisor=w.supervisor_b)
    w.technician = _person("technician", name="Tech A1", club=club1, department=massage1, team=w.team_a,
                           reports_to=w.supervisor_a)
    w.technician_a2 = PersonFactory(name="Tech A2", club=club1, department=massage1, team=w.team_a)
    w.technician_b = PersonFactory(name="Tech B1", club=club1, department=massage1, team=w.team_b)

    massage2 = department(club2, Department.Kind.MASSAGE)
    w.store_manager_2 = _person("store_manager_2", name="Manager Two", position=Role.STORE_MANAGER, club=club2,
                                department=department(club2, Department.Kind.ADMIN))
    w.supervisor_2 = _person("supervisor_2", name="Supervisor Two", position=Role.SUPERVISOR, club=club2,
                             department=massage2)
    w.team_2 = TeamFactory(club=club2, name="Team Two", supervisor=w.supervisor_2)
    w.technician_2 = PersonFactory(name="Tech Two", club=club2, department=massage2, team=w.team_2)

    from attendance.models import ShiftTemplate
    from staff.models import Holiday

    w.shift_1 = ShiftTemplate.objects.create(club=club1, name="Day", start="10:00", end="18:00")
    w.shift_2 = ShiftTemplate.objects.create(club=club2, name="Day", start="10:00", end="18:00")
    w.holiday_1 = Holiday.objects.create(club=club1, date="2026-10-01", kind="holiday", name="National Day")
    w.holiday_2 = Holiday.objects.create(club=club2, date="2026-10-01", kind="holiday", name="National Day")

    from duties.models import Checklist, ChecklistItem, Duty, DutyVersion

    for n, club in ((1, club1), (2, club2)):
        duty = Duty.objects.create(club=club, position=Role.SUPERVISOR, key="world-duty", order=99, is_active=False)
        duty.current = DutyVersion.objects.create(duty=duty, number=1, cadence="daily", text_en="Help the department manager")
        duty.save()
        setattr(w, f"duty_{n}", duty)
    w.checklist_a = Checklist.objects.create(person=w.supervisor_a, club=club1, cadence="daily",
                                             period_start="2026-11-16", period_end="2026-11-16")
    w.item_a = ChecklistItem.objects.create(checklist=w.checklist_a, duty=w.duty_1, duty_version=w.duty_1.current)

    w.left = _person("left", name="Gone Person", club=club1, department=massage1, status=Person.Status.LEFT,
                     left_on=w.technician.hire_date)
    w.left.user.is_active = False
    w.left.user.save()
    return w


@pytest.fixture
def client_as(client):
    """``client_as(person)`` signs the test client in as that person."""

    def sign_in(person):
        if person is not None:
            client.force_login(person.user)
        return client

    return sign_in
