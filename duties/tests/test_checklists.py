"""Generating, ticking, evidence and sign-off of checklists."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import need_service
from duties.catalogue import catalogue_install_defaults, duty_change
from duties.models import Checklist, ChecklistItem, Duty
from duties.services import checklists_generate, evidence_recorded
from tests.factories import PersonFactory, UserFactory

DAY = datetime.date(2026, 11, 23)  # a Monday


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def duties(world):
    catalogue_install_defaults(club=world.club1)
    catalogue_install_defaults(club=world.club2)


def test_it_makes_each_cadences_checklist_once(world, duties):
    first = checklists_generate(club=world.club1, day=DAY)
    assert first > 0
    assert checklists_generate(club=world.club1, day=DAY) == 0
    cadences = set(Checklist.objects.filter(person=world.store_manager).values_list("cadence", flat=True))
    assert cadences == {"daily", "weekly", "monthly"}  # the store manager's catalogue has no quarterly duty
    daily = Checklist.objects.get(person=world.supervisor_a, cadence="daily", period_start=DAY)
    assert daily.items.count() == 4
    assert not Checklist.objects.filter(person__user__isnull=True).exists(), "only people with a login"
    assert not Checklist.objects.filter(person=world.left).exists(), "nobody who left"


def test_a_reworded_duty_leaves_old_checklists_as_they_were(world, duties):
    checklists_generate(club=world.club1, day=DAY)
    duty = Duty.objects.get(club=world.club1, key="supervisor-1")
    old_text = duty.current.text_en
    duty_change(duty=duty, by=world.store_manager, text_en="Brand new wording")
    checklists_generate(club=world.club1, day=DAY + datetime.timedelta(days=1))
    old = ChecklistItem.objects.get(checklist__period_start=DAY, checklist__person=world.supervisor_a, duty=duty)
    new = ChecklistItem.objects.get(checklist__period_start=DAY + datetime.timedelta(days=1),
                                    checklist__person=world.supervisor_a, duty=duty)
    assert (old.duty_version.text_en, new.duty_version.text_en) == (old_text, "Brand new wording")


def test_saving_the_team_screen_ticks_the_supervisors_grooming_duty(client_as, world, duties):
    from django.utils import timezone

    today = timezone.localdate(timezone=world.club1.zone)
    checklists_generate(club=world.club1, day=today)
    data = {f"p{p.pk}-presence": "worked" for p in world.team_a.members.all()}
    from attendance.models import GroomingItem

    GroomingItem.ensure_defaults(world.club1)
    for person in world.team_a.members.all():
        for item in GroomingItem.objects.filter(club=world.club1):
            data[f"p{person.pk}-item_{item.pk}"] = "on"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda fn, *a, **k: fn())
        client_as(world.supervisor_a).post(reverse("attendance:team_day"), data)
    item = ChecklistItem.objects.get(checklist__person=world.supervisor_a, checklist__period_start=today,
                                     duty__key="supervisor-4")
    assert item.state == "done" and "grooming of 2 people" in item.evidence_note


def test_evidence_leaves_an_item_someone_set_by_hand(world, duties):
    checklists_generate(club=world.club1, day=DAY)
    item = ChecklistItem.objects.get(checklist__person=world.supervisor_a, checklist__period_start=DAY,
                                     duty__key="supervisor-4")
    item.state, item.note = "not_done", "team was out for training"
    item.save()
    assert evidence_recorded(person=world.supervisor_a, kind="grooming_checked", day=DAY, note="x") == 0
    item.refresh_from_db()
    assert item.state == "not_done"


def _my_item(person, key):
    return ChecklistItem.objects.filter(checklist__person=person, duty__key=key).latest("checklist__period_start")


def test_a_person_ticks_their_own_item_with_a_note(client_as, world, duties):
    from django.utils import timezone

    checklists_generate(club=world.club1, day=timezone.localdate(timezone=world.club1.zone))
    item = _my_item(world.store_manager, "store_manager-6")
    client = client_as(world.store_manager)
    client.post(reverse("duties:item_tick", args=[item.pk]), {"state": "done", "note": "walked every floor"})
    item.refresh_from_db()
    assert (item.state, item.note, item.ticked_by) == ("done", "walked every floor", world.store_manager)
    page = client.get(reverse("duties:my_checklists")).content.decode()
    assert "walked every floor" in page


def test_not_done_needs_a_note_and_the_typed_note_comes_back(client_as, world, duties):
    from django.utils import timezone

    checklists_generate(club=world.club1, day=timezone.localdate(timezone=world.club1.zone))
    item = _my_item(world.store_manager, "store_manager-6")
    client = client_as(world.store_manager)
    response = client.post(reverse("duties:item_tick", args=[item.pk]), {"state": "na", "note": "  "}, follow=True)
    assert "Say why in a note." in response.content.decode()
    item.refresh_from_db()
    assert item.state == "open"


def test_nobody_ticks_another_persons_item(client_as, world, duties):
    checklists_generate(club=world.club1, day=DAY)
    checklists_generate(club=world.club2, day=DAY)
    mine = _my_item(world.supervisor_a, "supervisor-1")
    theirs = _my_item(world.store_manager_2, "store_manager-6")
    client = client_as(world.store_manager)
    assert client.post(reverse("duties:item_tick", args=[mine.pk]), {"state": "done"}).status_code == 403
    assert client.post(reverse("duties:item_tick", args=[theirs.pk]), {"state": "done"}).status_code == 404
    assert ChecklistItem.objects.filter(state="done").count() == 0


def test_a_signed_off_checklist_no_longer_changes(client_as, client, world, duties):
    checklists_generate(club=world.club1, day=DAY)
    checklist = Checklist.objects.get(person=world.supervisor_a, cadence="daily", period_start=DAY)
    manager = client_as(world.dept_manager)
    manager.post(reverse("duties:checklist_detail", args=[checklist.pk]), {"comment": "good day"})
    checklist.refresh_from_db()
    assert checklist.signed_off_by == world.dept_manager and checklist.comment == "good day"
    client.logout()
    item = checklist.items.first()
    response = client_as(world.supervisor_a).post(reverse("duties:item_tick", args=[item.pk]), {"state": "done"}, follow=True)
    assert "signed off" in response.content.decode()
    item.refresh_from_db()
    assert item.state == "open"


def test_a_person_cannot_sign_off_their_own_checklist(client_as, world, duties):
    checklists_generate(club=world.club1, day=DAY)
    checklist = Checklist.objects.get(person=world.supervisor_a, cadence="daily", period_start=DAY)
    assert client_as(world.supervisor_a).post(reverse("duties:checklist_detail", args=[checklist.pk]), {}).status_code == 403


def test_the_review_shows_overdue_first(client_as, world, duties):
    checklists_generate(club=world.club1, day=DAY)
    item = _my_item(world.supervisor_b, "supervisor-1")
    item.state = "done"
    item.save()
    response = client_as(world.dept_manager).get(reverse("duties:review") + f"?period=day&date={DAY}")
    rows = response.context["rows"]
    assert rows[0]["overdue"] >= rows[-1]["overdue"]
    names = [r["name"] for r in rows]
    assert "supervisor_a" in names and "Manager Two" not in names


def _more_people(world, n):
    for i in range(n):
        PersonFactory(club=world.club1, position="supervisor", user=UserFactory(username=f"extra{n}-{i}"),
                      reports_to=world.dept_manager)


def test_query_counts_do_not_grow_with_people(client_as, world, duties):
    client = client_as(world.store_manager)
    counts = {}
    for extra in (0, 10):
        _more_people(world, extra)
        checklists_generate(club=world.club1, day=DAY)
        for name, url in [("mine", reverse("duties:my_checklists")),
                          ("review", reverse("duties:review") + f"?period=week&date={DAY}")]:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.setdefault(name, []).append(len(queries))
    assert counts["mine"][0] == counts["mine"][1]
    assert counts["review"][0] == counts["review"][1]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_ticks_at_once_make_each_checklist_once(world):
    if connection.vendor != "postgresql":
        need_service("PostgreSQL", f"this run's database is {connection.vendor}")
    catalogue_install_defaults(club=world.club1)
    barrier, results = threading.Barrier(3), []

    def tick():
        barrier.wait()
        results.append(checklists_generate(club=world.club1, day=DAY))
        connections.close_all()

    threads = [threading.Thread(target=tick) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    keys = Checklist.objects.filter(club=world.club1).exclude(pk=world.checklist_a.pk).values_list(
        "person", "cadence", "period_start"
    )
    assert len(keys) == len(set(keys)) == max(results) > 0
    assert ChecklistItem.objects.filter(checklist__person=world.supervisor_a, checklist__period_start=DAY,
                                        checklist__cadence="daily").count() == 4


def test_a_service_spot_check_ticks_the_supervisors_quality_duty(world, duties):
    from attendance.services.quality import record_check

    checklists_generate(club=world.club1, day=DAY)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda fn, *a, **k: fn())
        record_check(club=world.club1, technician=world.technician, date=DAY, scores={}, note="", by=world.supervisor_a)
    item = ChecklistItem.objects.get(checklist__person=world.supervisor_a, checklist__period_start=DAY,
                                     duty__key="supervisor-3")
    assert item.state == "done" and "Tech A1" in item.evidence_note
