"""Issue 22, the server's side: the team screen's late arrivals from a phone that lost its signal.

A submission carries an idempotency key (saved once, a repeat gets the first answer) and the version of
each person-day as the screen showed it (a change someone else made meanwhile is not overwritten: the
answer gives both values). The service worker and the manifest of the installable app are served at the
site's root with the right headers.
"""

import datetime
import json
import uuid

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from attendance import offline
from attendance.models import Attendance, GroomingCheck, MonthLock, RosterEntry, ShiftTemplate, Status, TeamSubmission
from attendance.tests.test_team_day import row, team_post

pytestmark = pytest.mark.clock("2026-11-20T20:00:00+08:00")

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def today(world):
    return timezone.localdate(timezone=world.club1.zone)


@pytest.fixture
def day_shift(world, today):
    shift = ShiftTemplate.objects.create(club=world.club1, name="Early", start=datetime.time(10), end=datetime.time(18))
    for person in world.team_a.members.all():
        RosterEntry.objects.create(person=person, date=today, shift=shift)
    return shift


def bases(client, world):
    """The version of each person-day as the team screen shows it (its hidden ``-base`` fields)."""
    page = client.get(reverse("attendance:team_day") + f"?team={world.team_a.pk}").content.decode()
    found = {}
    for person in world.team_a.members.all():
        marker = f'name="p{person.pk}-base" value="'
        start = page.index(marker) + len(marker)
        found[f"p{person.pk}-base"] = page[start:page.index('"', start)]
    return found


def test_the_same_key_twice_saves_once_and_answers_the_rows_taken_both_times(client_as, world, today, day_shift):
    client = client_as(world.supervisor_a)
    key = str(uuid.uuid4())
    url, data = team_post(world, row(world.technician, world.club1, arrived="10:25"),
                          row(world.technician_a2, world.club1, failed=["nails"], grooming_note="long nails"))
    data = {**data, **bases(client, world), "idempotency_key": key}
    first = client.post(url, data, **JSON)
    assert first.status_code == 200 and first["Content-Type"] == "application/json"
    answer = first.json()
    assert answer["status"] == "saved"
    assert sorted(answer["taken"]) == sorted([world.technician.pk, world.technician_a2.pk])
    assert answer["conflicts"] == []

    again = client.post(url, data, **JSON)  # the reply was lost on the way back: the phone sends it again
    assert again.status_code == 200
    assert again.json()["taken"] == answer["taken"] and again.json()["repeat"] is True
    assert Attendance.objects.filter(date=today).count() == 2
    assert GroomingCheck.objects.filter(date=today).count() == 2  # not a second round
    assert Attendance.objects.get(person=world.technician, date=today).history.count() == 1
    kept = TeamSubmission.objects.get()
    assert str(kept.key) == key and kept.sent_by == world.supervisor_a and kept.history.count() == 1


def test_a_key_is_the_senders_own(client_as, client, world, today, day_shift):
    """Another person's key is not an answer to read: their submission is checked and saved as any other."""
    key = str(uuid.uuid4())
    url, data = team_post(world, row(world.technician, world.club1, arrived="10:25"))
    data = {**data, "rows": str(world.technician.pk), "idempotency_key": key}
    assert client_as(world.supervisor_a).post(url, data, **JSON).json()["status"] == "saved"
    client.logout()
    manager = client_as(world.store_manager)
    answer = manager.post(url, {**data, "idempotency_key": str(uuid.uuid4())}, **JSON).json()
    assert answer["status"] == "saved" and "repeat" not in answer


def test_rows_names_the_people_a_resubmission_carries(client_as, world, today, day_shift):
    client = client_as(world.supervisor_a)
    url, data = team_post(world, row(world.technician, world.club1, arrived="10:25"))
    answer = client.post(url, {**data, "rows": str(world.technician.pk)}, **JSON).json()
    assert answer["taken"] == [world.technician.pk]
    assert list(Attendance.objects.filter(date=today).values_list("person", flat=True)) == [world.technician.pk]


def test_a_person_day_changed_meanwhile_is_not_overwritten_and_both_values_come_back(client_as, client, world, today,
                                                                                   day_shift):
    supervisor = client_as(world.supervisor_a)
    seen = bases(supervisor, world)  # the phone loads the screen, then loses its signal
    client.logout()
    manager = client_as(world.store_manager)
    url, data = team_post(world, row(world.technician, world.club1, presence="absent"),
                          row(world.technician_a2, world.club1))
    assert manager.post(url, data).status_code == 302  # meanwhile, the store manager records the team
    client.logout()

    supervisor = client_as(world.supervisor_a)
    url, data = team_post(world, row(world.technician, world.club1, arrived="10:25"),
                          row(world.technician_a2, world.club1))
    response = supervisor.post(url, {**data, **seen, "idempotency_key": str(uuid.uuid4())}, **JSON)
    assert response.status_code == 200
    answer = response.json()
    assert answer["status"] == "conflict"
    assert answer["taken"] == [world.technician_a2.pk]  # the same as saved: nothing to choose
    (conflict,) = answer["conflicts"]
    assert conflict["person"] == world.technician.pk and conflict["name"] == "Tech A1"
    assert "Absent" in conflict["theirs"] and world.store_manager.name in conflict["theirs"]
    assert conflict["theirs"].startswith("Absent")  # the status saved
    assert "Worked" in conflict["mine"] and "10:25" in conflict["mine"]
    assert Attendance.objects.get(person=world.technician, date=today).status == Status.ABSENT

    # Keep mine: sent again over the version the server has now; it is saved.
    again = {k: v for k, v in data.items() if k.startswith(f"p{world.technician.pk}-")}
    again.update({f"p{world.technician.pk}-base": conflict["version"], "rows": str(world.technician.pk),
                  "idempotency_key": str(uuid.uuid4())})
    answer = supervisor.post(url, again, **JSON).json()
    assert answer == {"status": "saved", "taken": [world.technician.pk], "conflicts": []}
    record = Attendance.objects.get(person=world.technician, date=today)
    assert record.status == Status.LATE and record.late_minutes == 25


def test_without_javascript_a_conflict_is_named_and_nothing_of_it_saved(client_as, client, world, today, day_shift):
    supervisor = client_as(world.supervisor_a)
    seen = bases(supervisor, world)
    Attendance.objects.create(person=world.technician, club=world.club1, date=today, status=Status.ABSENT)
    url, data = team_post(world, row(world.technician, world.club1, arrived="10:25"),
                          row(world.technician_a2, world.club1))
    response = supervisor.post(url, {**data, **seen}, follow=True)
    page = response.content.decode()
    assert "Someone else changed" in page and "Tech A1" in page
    assert Attendance.objects.get(person=world.technician, date=today).status == Status.ABSENT
    assert Attendance.objects.filter(person=world.technician_a2, date=today).exists()


def test_a_locked_month_answers_the_rows_and_saves_nothing(client_as, world, today, day_shift):
    client = client_as(world.supervisor_a)
    seen = bases(client, world)
    MonthLock.objects.create(club=world.club1, month=today.replace(day=1), locked_by=world.store_manager)
    url, data = team_post(world, row(world.technician, world.club1, arrived="10:25"),
                          row(world.technician_a2, world.club1))
    response = client.post(url, {**data, **seen, "idempotency_key": str(uuid.uuid4())}, **JSON)
    assert response.status_code == 409
    answer = response.json()
    assert answer["status"] == "locked" and answer["taken"] == []
    assert "locked" in answer["message"]
    assert [c["person"] for c in answer["conflicts"]] == [world.technician.pk]  # the row entered differently
    assert not Attendance.objects.exists()
    assert not TeamSubmission.objects.exists()
    # Without JSON the rule answers as it always did.
    assert client.post(url, data).status_code == 403


def test_the_store_manager_sends_a_locked_month_only_with_a_reason(client_as, world, today, day_shift):
    MonthLock.objects.create(club=world.club1, month=today.replace(day=1), locked_by=world.store_manager)
    client = client_as(world.store_manager)
    url, data = team_post(world, row(world.technician, world.club1), row(world.technician_a2, world.club1))
    refused = client.post(url, data, **JSON)
    assert refused.status_code == 409 and refused.json()["status"] == "locked"
    saved = client.post(url, {**data, "lock_reason": "payroll check"}, **JSON)
    assert saved.json()["status"] == "saved"


def test_late_arrivals_keep_the_forms_checks_and_access(client_as, client, world, today, day_shift):
    client_as(world.supervisor_a)
    url, data = team_post(world, row(world.technician, world.club1, arrived="23:30"))  # later than now
    response = client.post(url, {**data, "rows": str(world.technician.pk)}, **JSON)
    assert response.status_code == 400
    answer = response.json()
    assert answer["status"] == "invalid"
    assert "has not come yet" in " ".join(answer["errors"][str(world.technician.pk)]["messages"])
    tomorrow = today + datetime.timedelta(days=1)
    url, data = team_post(world, row(world.technician, world.club1), date=tomorrow)
    assert client.post(url, {**data, "rows": str(world.technician.pk)}, **JSON).json()["status"] == "future"
    client.logout()
    client_as(world.supervisor_b)  # not their team
    url, data = team_post(world, row(world.technician, world.club1))
    assert client.post(url, {**data, "idempotency_key": str(uuid.uuid4())}, **JSON).status_code in (403, 404)
    assert not Attendance.objects.exists()


def test_the_version_changes_with_a_save_and_a_grooming_round(world, today, day_shift):
    from attendance.selectors.daily import team_day
    from staff.models import Person

    technician = Person.objects.filter(pk=world.technician.pk)
    (first,) = team_day(people=technician, day=today)
    Attendance.objects.create(person=world.technician, club=world.club1, date=today, status=Status.PRESENT)
    (second,) = team_day(people=technician, day=today)
    GroomingCheck.objects.create(person=world.technician, date=today, passed=True)
    (third,) = team_day(people=technician, day=today)
    assert len({offline.version(first), offline.version(second), offline.version(third)}) == 3


def test_the_team_screen_marks_the_supervisors_own_team_for_the_phone(client_as, client, world):
    response = client_as(world.supervisor_a).get(reverse("attendance:team_day"))
    assert response["X-ClubOps-Offline"] == str(world.supervisor_a.pk)
    assert 'name="idempotency_key"' in response.content.decode()
    client.logout()
    other = client_as(world.store_manager).get(reverse("attendance:team_day") + f"?team={world.team_a.pk}")
    assert other.status_code == 200 and "X-ClubOps-Offline" not in other


# --- The installable app ------------------------------------------------------------------------


@pytest.mark.timeless
def test_the_service_worker_is_served_at_the_root_uncached(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert "/static/js/offline_form.js" in body and '"/attendance/team/"' in body
    assert '"/attendance/hygiene/"' in body and '"/attendance/consumables/"' in body
    assert "Set-Cookie" not in response  # public, nothing personal


@pytest.mark.timeless
def test_the_manifest_makes_clubops_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "ClubOps" and manifest["display"] == "standalone"
    assert manifest["start_url"] == "/" and manifest["scope"] == "/"
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:  # PNG files of the size they say
        found = finders.find(icon["src"].removeprefix(settings.STATIC_URL if settings.STATIC_URL.startswith("/")
                                                      else "/" + settings.STATIC_URL))
        assert found, icon["src"]
        with Image.open(found) as image:
            assert image.format == "PNG" and "{}x{}".format(*image.size) == icon["sizes"]


@pytest.mark.timeless
def test_every_page_links_the_manifest_and_the_worker(client, world):
    client.force_login(world.supervisor_a.user)
    page = client.get(reverse("home")).content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in page
    assert 'data-sw="/sw.js"' in page and f'data-person="{world.supervisor_a.pk}"' in page
    assert "data-sign-out" in page and "js/offline.js" in page


def test_a_key_that_arrives_twice_at_once_is_saved_once(client_as, world, today, day_shift, monkeypatch):
    """The second of two simultaneous sends finds the key taken when it saves: it is undone and gets the first answer."""
    client = client_as(world.supervisor_a)
    key = str(uuid.uuid4())
    url, data = team_post(world, row(world.technician, world.club1, arrived="10:25"))
    data = {**data, "rows": str(world.technician.pk), "idempotency_key": key}
    first = client.post(url, data, **JSON).json()
    real, looks = offline.answered_before, []

    def first_look_misses(key, viewer):  # the other send was not saved yet when this one looked
        looks.append(key)
        return None if len(looks) == 1 else real(key, viewer)

    monkeypatch.setattr(offline, "answered_before", first_look_misses)
    again = client.post(url, data, **JSON).json()
    assert again == {**first, "repeat": True}
    assert TeamSubmission.objects.count() == 1 and Attendance.objects.filter(date=today).count() == 1
