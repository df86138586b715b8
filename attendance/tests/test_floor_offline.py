"""Issue 22 on the hygiene check and the consumables hand-out: late arrivals from a phone that lost its signal.

As on the team screen (test_team_offline.py): a submission with an idempotency key is saved once and a repeat
gets the first answer; access, the month lock and the form's checks apply to what arrives late; an area someone
else checked meanwhile is not overwritten, and both values come back. The supervisor's own pages are marked
for the service worker to keep.
"""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from attendance.models import ConsumableIssue, ConsumableItem, HygieneCheck, MonthLock, TeamSubmission

from .conftest import hygiene_items
from .test_consumables import issuing, stock_of
from .test_hygiene import body

pytestmark = pytest.mark.clock("2026-11-20T20:00:00+08:00")

JSON = {"HTTP_ACCEPT": "application/json"}
HYGIENE = reverse("attendance:hygiene_day")
LIST = reverse("attendance:consumable_list")
ISSUE = reverse("attendance:consumable_issue")


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def today(world):
    return timezone.localdate(timezone=world.club1.zone)


def bases(client):
    """The version of each area's day as the hygiene page shows it (its hidden ``-base`` fields)."""
    page = client.get(HYGIENE).content.decode()
    found = {}
    for part in page.split('-base" value="')[:-1]:
        name = part[part.rindex('name="') + 6:] + "-base"
        found[name] = page[page.index(name) + len(name) + 9:].split('"', 1)[0]
    return found


# --- Area hygiene ----------------------------------------------------------------------------------


def test_a_hygiene_submission_sent_twice_is_saved_once(world, areas, client_as):
    client = client_as(world.supervisor_a)
    items = hygiene_items(world.club1)
    room1, room2 = areas["room1"], areas["room2"]
    data = {**body([room1, room2], items, failed={room1: [items[1]]}, notes={room1: "stained sheet"}),
            **bases(client), "idempotency_key": str(uuid.uuid4())}

    first = client.post(HYGIENE, data, **JSON)
    assert first.status_code == 200 and first["Content-Type"] == "application/json"
    answer = first.json()
    assert answer["status"] == "saved" and sorted(answer["taken"]) == sorted([room1.pk, room2.pk])
    assert answer["conflicts"] == []

    again = client.post(HYGIENE, data, **JSON)  # the reply was lost: the phone sends it again
    assert again.json()["repeat"] is True and again.json()["taken"] == answer["taken"]
    assert HygieneCheck.objects.filter(date=today(world)).count() == 2
    check = HygieneCheck.objects.get(area=room1)
    assert not check.passed and check.note == "stained sheet" and check.history.count() == 1
    kept = TeamSubmission.objects.get()
    assert kept.kind == TeamSubmission.Kind.HYGIENE and kept.sent_by == world.supervisor_a


def test_an_area_checked_meanwhile_is_not_overwritten_and_both_values_come_back(world, areas, client_as, client):
    supervisor = client_as(world.supervisor_a)
    seen = bases(supervisor)  # the phone loads the page, then loses its signal
    items = hygiene_items(world.club1)
    room1, room2 = areas["room1"], areas["room2"]
    client.logout()
    manager = client_as(world.store_manager)
    failed_linen = {**body([room1], items, failed={room1: [items[1]]}, notes={room1: "torn linen"}),
                    "rows": str(room1.pk)}
    assert manager.post(HYGIENE, failed_linen).status_code == 302
    client.logout()

    supervisor = client_as(world.supervisor_a)
    data = {**body([room1, room2], items), **seen, "idempotency_key": str(uuid.uuid4())}
    answer = supervisor.post(HYGIENE, data, **JSON).json()
    assert answer["status"] == "conflict" and answer["taken"] == [room2.pk]
    assert "Someone else checked" in answer["message"]
    (conflict,) = answer["conflicts"]
    assert conflict["row"] == room1.pk and conflict["name"] == "Room 1" and conflict["prefix"] == f"a{room1.pk}"
    assert conflict["mine"] == "passed"
    assert "torn linen" in conflict["theirs"] and world.store_manager.name in conflict["theirs"]
    assert not HygieneCheck.objects.get(area=room1).passed  # not overwritten

    # Keep mine: sent again for that area alone, over the version the server has now.
    again = {k: v for k, v in data.items() if k.startswith(f"a{room1.pk}-")}
    again.update({f"a{room1.pk}-base": conflict["version"], "rows": str(room1.pk),
                  "idempotency_key": str(uuid.uuid4())})
    assert supervisor.post(HYGIENE, again, **JSON).json()["taken"] == [room1.pk]
    assert HygieneCheck.objects.get(area=room1).passed


def test_a_locked_month_answers_and_saves_nothing_and_the_page_still_refuses(world, areas, client_as):
    client = client_as(world.supervisor_a)
    items = hygiene_items(world.club1)
    room1 = areas["room1"]
    MonthLock.objects.create(club=world.club1, month=today(world).replace(day=1), locked_by=world.store_manager)
    data = {**body([room1], items, failed={room1: [items[0]]}, notes={room1: "dusty"}), "rows": str(room1.pk),
            "idempotency_key": str(uuid.uuid4())}
    response = client.post(HYGIENE, data, **JSON)
    assert response.status_code == 409
    answer = response.json()
    assert answer["status"] == "locked" and "locked" in answer["message"] and answer["taken"] == []
    assert [c["row"] for c in answer["conflicts"]] == [room1.pk]
    assert not HygieneCheck.objects.exists() and not TeamSubmission.objects.exists()
    assert client.post(HYGIENE, data).status_code == 403  # without JSON, as always


def test_late_hygiene_keeps_the_forms_checks_and_the_days_bounds(world, areas, client_as):
    client = client_as(world.supervisor_a)
    items = hygiene_items(world.club1)
    room1 = areas["room1"]
    response = client.post(HYGIENE, body([room1], items, failed={room1: [items[0]]}), **JSON)  # no note
    assert response.status_code == 400
    answer = response.json()
    assert answer["status"] == "invalid"
    assert "Say what was wrong" in " ".join(answer["errors"][str(room1.pk)]["messages"])
    assert answer["errors"][str(room1.pk)]["name"] == "Room 1"
    tomorrow = today(world).replace(day=21).isoformat()
    response = client.post(f"{HYGIENE}?date={tomorrow}", body([room1], items), **JSON)
    assert response.status_code == 400 and response.json()["status"] == "future"
    assert not HygieneCheck.objects.exists()


def test_the_hygiene_page_is_kept_for_the_supervisor_only(world, areas, client_as, client):
    response = client_as(world.supervisor_a).get(HYGIENE)
    assert response["X-ClubOps-Offline"] == str(world.supervisor_a.pk)
    page = response.content.decode()
    assert 'name="idempotency_key"' in page and f'name="a{areas["room1"].pk}-base"' in page
    assert "data-offline-form" in page and "js/offline_form.js" in page
    client.logout()
    assert "X-ClubOps-Offline" not in client_as(world.store_manager).get(HYGIENE)


# --- Consumables ---------------------------------------------------------------------------------


def test_a_hand_out_sent_twice_is_issued_once(world, stock, client_as):
    client = client_as(world.supervisor_a)
    cream = stock["cream"]
    data = {**issuing(cream, world.technician, 2, "for room 1"), "idempotency_key": str(uuid.uuid4())}
    first = client.post(ISSUE, data, **JSON)
    assert first.status_code == 200
    answer = first.json()
    assert answer["status"] == "saved" and answer["next"] == LIST
    (issue,) = ConsumableIssue.objects.all()
    assert answer["taken"] == [issue.pk]
    again = client.post(ISSUE, data, **JSON)
    assert again.json() == {**answer, "repeat": True}
    assert ConsumableIssue.objects.count() == 1 and stock_of(cream) == 8
    assert TeamSubmission.objects.get().kind == TeamSubmission.Kind.CONSUMABLES
    # The same key from the page without JavaScript (a double tap) issues nothing either.
    assert client.post(ISSUE, data).status_code == 302
    assert ConsumableIssue.objects.count() == 1 and stock_of(cream) == 8


def test_a_late_hand_out_meets_the_stock_and_the_rules_of_the_moment_it_arrives(world, stock, client_as, client):
    supervisor = client_as(world.supervisor_a)
    cream = stock["cream"]
    ConsumableItem.objects.filter(pk=cream.pk).update(stock=1)  # handed out by someone else meanwhile
    response = supervisor.post(ISSUE, {**issuing(cream, world.technician, 2), "idempotency_key": str(uuid.uuid4())},
                               **JSON)
    assert response.status_code == 400
    answer = response.json()
    assert answer["status"] == "invalid" and "Only 1 bottle" in " ".join(answer["errors"]["issue"]["messages"])
    assert not TeamSubmission.objects.exists()  # the key stays free: fixed and sent again, it is saved
    # Not one of theirs: refused as from the page.
    outsider = supervisor.post(ISSUE, {**issuing(cream, world.technician_b, 1)}, **JSON)
    assert outsider.status_code == 400 and outsider.json()["status"] == "invalid"
    # A locked month (today's): nothing issued, the phone is told why.
    MonthLock.objects.create(club=world.club1, month=today(world).replace(day=1), locked_by=world.store_manager)
    locked = supervisor.post(ISSUE, {**issuing(cream, world.technician, 1), "idempotency_key": str(uuid.uuid4())},
                             **JSON)
    assert locked.status_code == 409 and locked.json()["status"] == "locked"
    assert not ConsumableIssue.objects.exists() and stock_of(cream) == 1
    client.logout()
    assert client_as(world.technician).post(ISSUE, issuing(cream, world.technician, 1), **JSON).status_code == 403


def test_the_consumables_page_is_kept_for_the_supervisor_only(world, stock, client_as, client):
    response = client_as(world.supervisor_a).get(LIST)
    assert response["X-ClubOps-Offline"] == str(world.supervisor_a.pk)
    page = response.content.decode()
    assert "data-offline-many" in page and 'name="idempotency_key"' in page and 'data-testid="offline-status"' in page
    client.logout()
    assert "X-ClubOps-Offline" not in client_as(world.store_manager).get(LIST)
