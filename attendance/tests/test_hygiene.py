"""Area hygiene: a supervisor checks their team's areas in one submit; the store manager keeps the area list."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from attendance.models import Area, ConsumableItem, HygieneCheck, HygieneFailure
from tests.factories import PersonFactory

from .conftest import hygiene_items, in_language, input_value, is_checked, messages_of, set_language, shows

URL = reverse("attendance:hygiene_day")


def today(world):
    return timezone.localdate(timezone=world.club1.zone)


def body(areas, items, *, failed=None, notes=None, skip=()):
    """The screen as submitted: every item ticked (passed) except ``failed[area]``, with ``notes[area]``."""
    failed, notes = failed or {}, notes or {}
    data = {}
    for area in areas:
        for item in items:
            if item not in failed.get(area, ()):
                data[f"a{area.pk}-item_{item.pk}"] = "on"
        data[f"a{area.pk}-note"] = notes.get(area, "")
        if area in skip:
            data[f"a{area.pk}-skip"] = "on"
    return data


def listed_areas(response):
    return [row.area.name for row in response.context["rows"]]


def test_a_supervisor_sees_the_areas_their_team_keeps_and_no_other(world, areas, client_as):
    response = client_as(world.supervisor_a).get(URL)

    assert response.status_code == 200
    assert listed_areas(response) == ["Room 1", "Room 2"]
    assert not shows(response, "Foot bath") and not shows(response, "Room 9")


def test_the_store_manager_and_the_technician_manager_see_every_area_of_their_club(world, areas, client_as):
    for persona in (world.store_manager, world.dept_manager):
        response = client_as(persona).get(URL)

        assert listed_areas(response) == ["Room 1", "Room 2", "Foot bath"]


def test_club_two_sees_only_its_own_areas_and_cannot_open_club_one(world, areas, client_as):
    client = client_as(world.store_manager_2)

    assert listed_areas(client.get(URL)) == ["Room 9"]
    assert client.get(URL, {"club": world.club1.pk}).status_code == 404


def test_the_owner_picks_a_club(world, areas, client_as):
    client = client_as(world.owner)

    assert listed_areas(client.get(URL, {"club": world.club2.pk})) == ["Room 9"]
    assert listed_areas(client.get(URL, {"club": world.club1.pk})) == ["Room 1", "Room 2", "Foot bath"]


def test_people_who_keep_no_floor_records_are_refused(world, areas, client_as):
    for persona in (world.technician, world.customer_manager, world.marketing):
        assert client_as(persona).get(URL).status_code == 403


def test_it_saves_every_area_in_one_submit_with_a_failed_item_and_its_note(world, areas, client_as):
    items = hygiene_items(world.club1)
    room1, room2 = areas["room1"], areas["room2"]
    linen = items[1]

    response = client_as(world.supervisor_a).post(
        URL, body([room1, room2], items, failed={room2: [linen]}, notes={room2: "Sheet from yesterday"})
    )

    assert response.status_code == 302
    checks = {c.area: c for c in HygieneCheck.objects.all()}
    assert set(checks) == {room1, room2}
    assert checks[room1].passed is True and checks[room1].note == ""
    assert checks[room2].passed is False and checks[room2].note == "Sheet from yesterday"
    assert [f.item for f in HygieneFailure.objects.filter(check_record=checks[room2])] == [linen]
    assert checks[room2].checked_by == world.supervisor_a
    assert checks[room2].responsible == world.technician_a2
    assert checks[room2].date == today(world)
    page = client_as(world.supervisor_a).get(response.url)
    assert "Saved the check of 2 area(s)" in messages_of(page)[0]
    assert not is_checked(page, f"a{room2.pk}-item_{linen.pk}")
    assert is_checked(page, f"a{room1.pk}-item_{linen.pk}")


def test_a_failed_item_needs_a_note_in_the_users_language_and_keeps_what_was_typed(world, areas, client_as):
    set_language(world.supervisor_a, "zh-hant")
    items = hygiene_items(world.club1)
    room1, room2 = areas["room1"], areas["room2"]
    towels = items[2]

    response = client_as(world.supervisor_a).post(
        URL, body([room1, room2], items, failed={room1: [towels]}, notes={room2: "All fine, new towels"})
    )

    assert response.status_code == 200
    assert HygieneCheck.objects.count() == 0
    errors = response.context["rows"][0].form.errors["note"]
    assert errors == [in_language("zh-hant", _("Say what was wrong with the failed items."))]
    assert not is_checked(response, f"a{room1.pk}-item_{towels.pk}")
    assert input_value(response, f"a{room2.pk}-note") == "All fine, new towels"
    assert response['Content-Language'] == "zh-hant"


def test_saving_the_same_screen_twice_records_nothing_twice(world, areas, client_as):
    items = hygiene_items(world.club1)
    room1 = areas["room1"]
    data = body([room1, areas["room2"]], items, failed={room1: [items[0]]}, notes={room1: "Hair on the floor"})
    client = client_as(world.supervisor_a)
    client.post(URL, data)

    client.post(URL, data)

    assert HygieneCheck.objects.count() == 2
    check = HygieneCheck.objects.get(area=room1)
    assert check.history.count() == 1
    assert HygieneFailure.history.count() == 1


def test_a_recheck_the_same_day_updates_the_check_and_keeps_the_history(world, areas, client_as):
    items = hygiene_items(world.club1)
    room1, room2 = areas["room1"], areas["room2"]
    client = client_as(world.supervisor_a)
    client.post(URL, body([room1, room2], items, failed={room1: [items[0]]}, notes={room1: "Hair on the floor"}))

    client_as(world.store_manager).post(URL, body([room1, room2, areas["foot"]], items))

    check = HygieneCheck.objects.get(area=room1)
    assert check.passed is True and check.note == "" and check.checked_by == world.store_manager
    assert not check.failures.exists()
    versions = list(check.history.order_by("history_date"))
    assert [v.passed for v in versions] == [False, True]
    assert [v.history_user for v in versions] == [world.supervisor_a.user, world.store_manager.user]
    assert HygieneFailure.history.filter(history_type="-").count() == 1


def test_an_area_not_checked_now_is_left_alone(world, areas, client_as):
    items = hygiene_items(world.club1)
    room1, room2 = areas["room1"], areas["room2"]

    client_as(world.supervisor_a).post(URL, body([room1, room2], [], skip=[room2], notes={room1: "Dusty"}))

    assert list(HygieneCheck.objects.values_list("area__name", "passed")) == [("Room 1", False)]
    assert HygieneFailure.objects.count() == len(items)


def test_supervisor_b_cannot_check_team_a_areas(world, areas, client_as):
    items = hygiene_items(world.club1)
    room1, foot = areas["room1"], areas["foot"]

    response = client_as(world.supervisor_b).post(
        URL, body([room1, foot], items, failed={room1: items}, notes={room1: "B was here"})
    )

    assert response.status_code == 302
    assert list(HygieneCheck.objects.values_list("area__name", flat=True)) == ["Foot bath"]


def test_a_day_that_has_not_come_yet_cannot_be_checked(world, areas, client_as):
    items = hygiene_items(world.club1)
    tomorrow = today(world) + datetime.timedelta(days=1)

    response = client_as(world.supervisor_a).post(f"{URL}?date={tomorrow}", body([areas["room1"]], items))

    assert response.status_code == 200
    assert HygieneCheck.objects.count() == 0
    assert shows(response, "This day has not come yet")


def test_an_earlier_day_can_be_checked_and_read(world, areas, client_as):
    items = hygiene_items(world.club1)
    day = today(world) - datetime.timedelta(days=3)
    client = client_as(world.supervisor_a)

    client.post(f"{URL}?date={day}", body([areas["room1"], areas["room2"]], items))

    assert set(HygieneCheck.objects.values_list("date", flat=True)) == {day}
    assert all(row.check for row in client.get(URL, {"date": day.isoformat()}).context["rows"])
    assert not any(row.check for row in client.get(URL).context["rows"])


def test_the_supervisors_page_warns_of_low_stock(world, areas, stock, client_as):
    ConsumableItem.objects.filter(pk=stock["cream"].pk).update(stock=2)

    response = client_as(world.supervisor_a).get(URL)

    assert shows(response, "Low stock: Massage cream (2 bottle left)")
    assert not shows(response, "Towels (")


def test_the_page_takes_as_many_queries_for_many_areas_as_for_few(
    world, areas, client_as, django_assert_max_num_queries
):
    client = client_as(world.store_manager)
    items = hygiene_items(world.club1)
    client.post(URL, body([areas["room1"], areas["room2"], areas["foot"]], items, failed={areas["room1"]: items[:2]},
                          notes={areas["room1"]: "x"}))
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    few = len(few)  # counted now: the connection's query log is a ring that later writes wrap around
    for n in range(15):
        tech = PersonFactory(club=world.club1, department=world.team_a.department, team=world.team_a)
        Area.objects.create(club=world.club1, name=f"Room {10 + n}", responsible=tech)
    every = list(Area.objects.filter(club=world.club1))
    client.post(URL, body(every, items, failed={a: items[:1] for a in every[::2]}, notes={a: "y" for a in every}))
    assert HygieneCheck.objects.count() == 18

    with django_assert_max_num_queries(few):
        response = client.get(URL)

    assert len(response.context["rows"]) == 18


def test_the_database_keeps_one_check_per_area_and_day_and_a_note_on_a_failed_check(world, areas):
    day = today(world)
    HygieneCheck.objects.create(area=areas["room1"], date=day, responsible=world.technician, passed=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        HygieneCheck.objects.create(area=areas["room1"], date=day, responsible=world.technician, passed=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        HygieneCheck.objects.create(area=areas["room2"], date=day, responsible=world.technician_a2, passed=False)


# --- The club's areas ------------------------------------------------------------------

AREAS = reverse("attendance:area_list")
ADD = reverse("attendance:area_add")


def test_the_store_manager_lists_the_areas_with_who_keeps_them(world, areas, client_as):
    world.technician_b.status, world.technician_b.left_on = "left", today(world)
    world.technician_b.save()

    response = client_as(world.store_manager).get(AREAS)

    assert [a.name for a in response.context["areas"]] == ["Room 1", "Room 2", "Foot bath"]
    assert shows(response, "Foot bath Tech B1")
    assert shows(response, "has left: choose another technician")
    assert not shows(response, "Room 9")


def test_the_store_manager_adds_an_area(world, areas, client_as):
    response = client_as(world.store_manager).post(ADD, {"name": "  VIP   room ", "responsible": world.technician_b.pk,
                                                         "order": 5, "is_active": "on"})

    assert response.status_code == 302
    area = Area.objects.get(name="VIP room")
    assert (area.club, area.responsible, area.is_active) == (world.club1, world.technician_b, True)
    assert area.history.get().history_user == world.store_manager.user


def test_an_area_name_is_unique_in_the_club_and_the_form_keeps_what_was_typed(world, areas, client_as):
    set_language(world.store_manager, "zh-hans")

    response = client_as(world.store_manager).post(
        ADD, {"name": "Room 1", "responsible": world.technician_b.pk, "order": 7}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        in_language("zh-hans", _("This club already has an area of this name."))
    ]
    assert input_value(response, "order") == "7"
    assert Area.objects.filter(name="Room 1").count() == 1


def test_only_the_clubs_own_technicians_can_keep_an_area(world, areas, client_as):
    response = client_as(world.store_manager).post(
        ADD, {"name": "Sauna", "responsible": world.technician_2.pk, "order": 1}
    )

    assert response.context["form"].errors["responsible"] == ["Choose one of the club's technicians."]
    assert not Area.objects.filter(name="Sauna").exists()


def test_the_store_manager_gives_an_area_to_another_technician(world, areas, client_as):
    area = areas["room1"]
    url = reverse("attendance:area_edit", args=[area.pk])

    client_as(world.store_manager).post(url, {"name": "Room 1", "responsible": world.technician_b.pk, "order": 1,
                                              "is_active": "on"})

    area.refresh_from_db()
    assert area.responsible == world.technician_b
    assert listed_areas(client_as(world.supervisor_b).get(URL)) == ["Room 1", "Foot bath"]


def test_only_the_store_manager_and_the_owner_manage_areas(world, areas, client_as):
    edit = reverse("attendance:area_edit", args=[areas["room1"].pk])
    for persona in (world.supervisor_a, world.dept_manager, world.technician):
        client = client_as(persona)
        assert client.get(AREAS).status_code == 403
        assert client.post(ADD, {"name": "Sneaky", "responsible": world.technician.pk, "order": 1}).status_code == 403
        assert client.post(edit, {"name": "Renamed", "responsible": world.technician.pk, "order": 1}).status_code == 403
    assert client_as(world.store_manager_2).get(edit).status_code == 404
    assert client_as(world.owner).get(edit).status_code == 200
    assert not Area.objects.filter(name__in=["Sneaky", "Renamed"]).exists()


def test_a_locked_month_is_changed_only_by_the_store_manager_with_a_reason(world, areas, client_as):
    from attendance.models import MonthLock

    items = hygiene_items(world.club1)
    day = today(world).replace(day=1) - datetime.timedelta(days=1)
    MonthLock.objects.create(club=world.club1, month=day.replace(day=1), locked_by=world.store_manager)
    url = f"{URL}?date={day}"
    data = body([areas["room1"], areas["room2"], areas["foot"]], items)

    refused = client_as(world.supervisor_a).post(url, data)
    no_reason = client_as(world.store_manager).post(url, data)
    saved = client_as(world.store_manager).post(url, {**data, "lock_reason": "Checked late, paper sheet"})

    assert refused.status_code == 403
    assert no_reason.status_code == 200
    assert "This month is locked: give a reason for the change." in messages_of(no_reason)
    assert saved.status_code == 302
    assert HygieneCheck.objects.count() == 3
    assert {c.history.get().history_change_reason for c in HygieneCheck.objects.all()} == {"Checked late, paper sheet"}
    assert not shows(client_as(world.supervisor_a).get(url), "Save all areas")
