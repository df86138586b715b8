"""A club's grooming and hygiene items, kept by the store manager from the setup flow: list, add, edit the
wording and order, retire and bring back; a retired item leaves the team and hygiene screens, the records
that named it are kept; every change is in the item's history."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from attendance.models import GroomingCheck, GroomingFailure, GroomingItem, HygieneItem
from staff import history

from .conftest import page_text

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-20T15:00:00+08:00")]

TODAY = datetime.date(2026, 11, 20)
LIST = reverse("attendance:check_items")


def labels(response, kind):
    """The item labels of one list of the page, in order, each with its state."""
    import re

    body = response.content.decode()
    section = re.search(rf'<section id="{kind}-items".*?</section>', body, re.S).group(0)
    rows = re.findall(r'data-active="(\d)".*?data-testid="check-item-label">([^<]+)<', section, re.S)
    return [(label, active == "1") for active, label in rows]


def team_screen(client, world):
    return client.get(f"{reverse('attendance:team_day')}?team={world.team_a.pk}&date={TODAY}").content.decode()


def test_the_store_manager_lists_the_clubs_grooming_and_hygiene_items(world, client_as):
    HygieneItem.ensure_defaults(world.club1)
    response = client_as(world.store_manager).get(LIST)

    assert response.status_code == 200
    grooming = [label for label, _active in labels(response, "grooming")]
    assert grooming[:3] == ["Uniform worn", "Name badge", "Hair tidy"] and len(grooming) == 7
    assert [label for label, _ in labels(response, "hygiene")][0] == "Floor clean"
    assert "Club Two" not in page_text(response)


def test_a_new_grooming_item_is_checked_on_the_team_screen_from_then_on(world, client_as):
    client = client_as(world.store_manager)
    response = client.post(reverse("attendance:grooming_item_add"), {"name": "  Shoes   clean ", "order": "2"},
                           follow=True)

    item = GroomingItem.objects.get(club=world.club1, name="Shoes clean")
    assert response.redirect_chain[-1][0] == f"{LIST}#grooming-items"
    assert "“Shoes clean” was added to the check." in page_text(response)
    assert ("Shoes clean", True) in labels(response, "grooming")
    assert f'name="p{world.technician.pk}-item_{item.pk}"' in team_screen(client_as(world.supervisor_a), world)
    assert history.record_changes(item)


def test_an_item_without_wording_is_refused_and_what_was_typed_is_kept(world, client_as):
    response = client_as(world.store_manager).post(reverse("attendance:hygiene_item_add"), {"name": " ", "order": "7"})

    assert response.status_code == 200
    assert "Write what is checked, e.g. “Shoes clean”." in page_text(response)
    assert 'name="order" value="7"' in response.content.decode()
    assert not HygieneItem.objects.filter(club=world.club1, order=7).exists()


def test_the_same_wording_twice_is_refused_in_the_readers_language(world, client_as):
    world.store_manager.language = "zh-hans"
    world.store_manager.save()
    with translation.override("zh-hans"):
        badge = translation.gettext("Name badge")
        expected = translation.gettext("The club already has an item worded “%(name)s”.") % {"name": badge}
    response = client_as(world.store_manager).post(reverse("attendance:grooming_item_add"),
                                                   {"name": f" {badge} ", "order": "9"})

    assert response.status_code == 200
    assert expected in page_text(response)
    assert GroomingItem.objects.filter(club=world.club1).count() == 7


def test_the_wording_and_order_of_a_default_item_change_with_history(world, client_as):
    nails = GroomingItem.objects.get(club=world.club1, key="nails")
    client = client_as(world.store_manager)
    url = reverse("attendance:grooming_item_edit", args=[nails.pk])
    assert "Nails short and clean" in page_text(client.get(url))  # the standard wording, shown as the placeholder

    response = client.post(url, {"name": "Nails short, no polish", "order": "0", "is_active": "on"}, follow=True)

    nails.refresh_from_db()
    assert (nails.label, nails.order) == ("Nails short, no polish", 0)
    assert labels(response, "grooming")[0] == ("Uniform worn", True)  # order 0 twice: the older item first
    assert ("Nails short, no polish", True) in labels(response, "grooming")
    changes = page_text(client.get(reverse("staff:record_history", args=["attendance.groomingitem", nails.pk])))
    assert "Nails short, no polish" in changes


def test_a_default_item_left_empty_keeps_its_standard_wording(world, client_as):
    badge = GroomingItem.objects.get(club=world.club1, key="badge")
    client_as(world.store_manager).post(reverse("attendance:grooming_item_edit", args=[badge.pk]),
                                        {"name": "", "order": "5", "is_active": "on"})

    badge.refresh_from_db()
    assert (badge.name, badge.order) == ("", 5)
    with translation.override("zh-hans"):
        assert badge.label == translation.gettext("Name badge")


def test_a_retired_item_leaves_the_team_screen_and_its_past_records_stay(world, client_as):
    nails = GroomingItem.objects.get(club=world.club1, key="nails")
    check = GroomingCheck.objects.create(person=world.technician, date=TODAY - datetime.timedelta(days=3), round=1,
                                         passed=False)
    GroomingFailure.objects.create(check_record=check, item=nails, note="too long")
    field = f'name="p{world.technician.pk}-item_{nails.pk}"'
    assert field in team_screen(client_as(world.supervisor_a), world)

    response = client_as(world.store_manager).post(
        reverse("attendance:grooming_item_retire", args=[nails.pk]), {"active": "0"}, follow=True)

    assert "“Nails short and clean” was retired: it leaves the check; past records keep it." in page_text(response)
    assert ("Nails short and clean", False) in labels(response, "grooming")
    assert "failed 1 time so far" in page_text(response)
    assert field not in team_screen(client_as(world.supervisor_a), world)
    assert GroomingFailure.objects.filter(item=nails, check_record=check).exists()

    client_as(world.store_manager).post(reverse("attendance:grooming_item_retire", args=[nails.pk]), {"active": "1"})
    assert field in team_screen(client_as(world.supervisor_a), world)


def test_a_retired_hygiene_item_leaves_the_hygiene_screen(world, client_as, areas):
    towels = HygieneItem.objects.get(club=world.club1, key="towels")
    client_as(world.store_manager).post(reverse("attendance:hygiene_item_retire", args=[towels.pk]), {"active": "0"})

    hygiene = client_as(world.supervisor_a).get(f"{reverse('attendance:hygiene_day')}?date={TODAY}").content.decode()
    floor = HygieneItem.objects.get(club=world.club1, key="floor")
    assert f'name="a{areas["room1"].pk}-item_{floor.pk}"' in hygiene
    assert f'-item_{towels.pk}"' not in hygiene


def test_retiring_is_a_post_and_another_clubs_item_is_not_found(world, client_as):
    other = GroomingItem.objects.filter(club=world.club2).first()
    client = client_as(world.store_manager)

    assert client.get(reverse("attendance:grooming_item_retire", args=[other.pk])).status_code == 405
    assert client.post(reverse("attendance:grooming_item_retire", args=[other.pk]), {"active": "0"}).status_code == 404
    assert client.get(reverse("attendance:grooming_item_edit", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.is_active
    mine = GroomingItem.objects.filter(club=world.club1).first()
    assert client_as(world.supervisor_a).post(
        reverse("attendance:grooming_item_retire", args=[mine.pk]), {"active": "0"}).status_code == 403


def test_the_owner_keeps_any_clubs_items(world, client_as):
    client = client_as(world.owner)
    response = client.post(f"{reverse('attendance:grooming_item_add')}?club={world.club2.pk}",
                           {"name": "Apron", "order": "1"}, follow=True)

    assert GroomingItem.objects.filter(club=world.club2, name="Apron").exists()
    assert response.redirect_chain[-1][0] == f"{LIST}?club={world.club2.pk}#grooming-items"
    assert "Club Two" in page_text(response)


def test_the_setup_step_leads_to_the_items(world, client_as):
    client = client_as(world.store_manager)
    checklist = client.get(reverse("staff:club_setup", args=[world.club1.pk]))
    step = next(s for s in checklist.context["steps"] if str(s["label"]) == "Grooming and hygiene items")

    assert step["url"] == f"{LIST}?club={world.club1.pk}"
    page = client.get(step["url"])
    assert page.status_code == 200
    assert reverse("attendance:area_list") in page.content.decode()
