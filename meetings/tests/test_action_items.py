"""Action items: carried to the series' next meetings until closed, with their history; "my action items"."""

import datetime

from django.urls import reverse

from meetings import selectors, services
from meetings.models import ActionItem
from meetings.tests.factories import meeting_on, today_of

ONE_DAY = datetime.timedelta(days=1)


def test_an_open_item_carries_to_each_next_meeting_until_it_is_closed(world, marketing_daily):
    today = today_of(world.club1)
    first, second, third = (meeting_on(marketing_daily, today + n * ONE_DAY) for n in range(3))
    item = services.action_item_add(meeting=first, by=world.marketing, what="Call the VIPs", owner=world.store_manager,
                                    due=today + 5 * ONE_DAY)
    assert list(selectors.carried_items(first)) == []
    assert list(selectors.carried_items(second)) == [item]
    assert list(selectors.carried_items(third)) == [item]

    services.action_item_update(item=item, by=world.store_manager, status="done", note="all called",
                                at_meeting=second, now=second.starts_at + datetime.timedelta(minutes=10))
    assert list(selectors.carried_items(second)) == [item], "the meeting where it was closed still shows it"
    assert list(selectors.carried_items(third)) == [], "closed: it no longer carries"
    item.refresh_from_db()
    assert (item.status, item.closed_in, item.note) == ("done", second, "all called")
    assert [h.status for h in item.history.order_by("history_date")] == ["open", "done"]


def test_a_reopened_item_carries_again(world, marketing_daily):
    today = today_of(world.club1)
    first, second = meeting_on(marketing_daily, today), meeting_on(marketing_daily, today + ONE_DAY)
    item = services.action_item_add(meeting=first, by=world.marketing, what="Fix the sign", owner=world.customer_manager,
                                    due=today)
    services.action_item_update(item=item, by=world.marketing, status="dropped", note="not needed")
    assert list(selectors.carried_items(second)) == []
    services.action_item_update(item=item, by=world.marketing, status="open", note="needed after all")
    assert list(selectors.carried_items(second)) == [item]
    item.refresh_from_db()
    assert item.closed_at is None and [h.status for h in item.history.order_by("history_date")] == [
        "open", "dropped", "open"]


def test_the_next_meeting_page_shows_the_carried_item(client_as, world, marketing_daily):
    today = today_of(world.club1)
    services.action_item_add(meeting=meeting_on(marketing_daily, today), by=world.marketing, what="Print the flyers",
                             owner=world.customer_manager, due=today + ONE_DAY)
    page = client_as(world.marketing).get(reverse("meetings:meeting_detail",
                                                  args=[meeting_on(marketing_daily, today + ONE_DAY).pk]))
    carried = page.content.decode().split('data-testid="carried-items"')[1].split("</section>")[0]
    assert "Print the flyers" in carried and "customer_manager" in carried


def test_my_action_items_lists_overdue_first(client_as, world, marketing_daily):
    today = today_of(world.club1)
    services.meetings_make(series=marketing_daily, days=[today - 10 * ONE_DAY])
    old = meeting_on(marketing_daily, today - 10 * ONE_DAY)
    soon = services.action_item_add(meeting=meeting_on(marketing_daily, today), by=world.marketing, what="Soon",
                                    owner=world.customer_manager, due=today + 2 * ONE_DAY)
    late = services.action_item_add(meeting=old, by=world.marketing, what="Late", owner=world.customer_manager,
                                    due=today - 3 * ONE_DAY)
    services.action_item_add(meeting=old, by=world.marketing, what="Someone else's", owner=world.marketing, due=today)
    response = client_as(world.customer_manager).get(reverse("meetings:my_action_items"))
    assert [i.pk for i in response.context["open_items"]] == [late.pk, soon.pk]
    page = response.content.decode()
    assert page.index("Late") < page.index("Soon") and "overdue" in page and "Someone else" not in page


def test_the_owner_closes_their_item_and_a_drop_needs_a_note(client_as, world, marketing_daily):
    today = today_of(world.club1)
    item = services.action_item_add(meeting=meeting_on(marketing_daily, today), by=world.marketing, what="Order towels",
                                    owner=world.customer_manager, due=today)
    client = client_as(world.customer_manager)
    action = reverse("meetings:action_item_update", args=[item.pk])
    response = client.post(action, {"status": "dropped", "note": ""}, follow=True)
    assert "Say in the note why the item is dropped." in response.content.decode()
    item.refresh_from_db()
    assert item.status == "open"
    client.post(action, {"status": "done", "note": "ordered 200"})
    item.refresh_from_db()
    assert (item.status, item.note, item.closed_in) == ("done", "ordered 200", None)


def test_nobody_else_closes_an_item(client_as, world, marketing_daily):
    today = today_of(world.club1)
    item = services.action_item_add(meeting=meeting_on(marketing_daily, today), by=world.marketing, what="Order towels",
                                    owner=world.customer_manager, due=today)
    action = reverse("meetings:action_item_update", args=[item.pk])
    assert client_as(world.supervisor_a).post(action, {"status": "done"}).status_code == 403
    assert client_as(world.store_manager_2).post(action, {"status": "done"}).status_code == 404
    assert ActionItem.objects.get().status == "open"
