"""The meeting page is one form: typed minutes are never lost when a decision or an action item is added."""

import collections
import datetime
import re

from django.urls import reverse

from meetings.models import ActionItem
from meetings.tests.factories import today_of


def url(name, obj):
    return reverse(f"meetings:{name}", args=[obj.pk])


def test_it_saves_the_typed_minutes_with_a_new_decision(client_as, world, today_meeting):
    client = client_as(world.marketing)

    client.post(url("decision_add", today_meeting), {"minutes": "We looked at yesterday.", "text": "Call every VIP."})

    today_meeting.refresh_from_db()
    assert today_meeting.minutes == "We looked at yesterday."
    assert list(today_meeting.decisions.values_list("text", flat=True)) == ["Call every VIP."]


def test_it_keeps_the_typed_minutes_and_decision_when_the_action_item_is_refused(client_as, world, today_meeting):
    client = client_as(world.marketing)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"

    response = client.post(url("action_item_add", today_meeting),
                           {"minutes": "会议纪要草稿", "text": "本周回访VIP", "what": "整理大堂", "due": ""})

    page = response.content.decode()
    assert "会议纪要草稿" in page and "本周回访VIP" in page and 'value="整理大堂"' in page
    today_meeting.refresh_from_db()
    assert today_meeting.minutes == "" and not today_meeting.decisions.exists() and not ActionItem.objects.exists()


def test_it_saves_minutes_decision_and_action_item_in_one_go(client_as, world, today_meeting):
    due = today_of(world.club1) + datetime.timedelta(days=3)

    client_as(world.marketing).post(url("action_item_add", today_meeting), {
        "minutes": "Notes", "text": "A decision", "what": "Call the VIPs", "owner": world.store_manager.pk,
        "due": due.isoformat()})

    today_meeting.refresh_from_db()
    assert (today_meeting.minutes, today_meeting.decisions.count(), ActionItem.objects.count()) == ("Notes", 1, 1)


def test_its_page_has_no_duplicate_ids(client_as, world, today_meeting):
    client = client_as(world.marketing)
    due = today_of(world.club1) + datetime.timedelta(days=3)
    client.post(url("action_item_add", today_meeting), {"text": "One", "what": "Two", "owner": world.marketing.pk,
                                                        "due": due.isoformat()})
    client.post(url("meeting_finalise", today_meeting))

    page = client.get(url("meeting_detail", today_meeting)).content.decode()

    ids = collections.Counter(re.findall(r'\sid="([^"]+)"', page))
    assert ids["id_reason"] == 1, "the finalised record asks once for the reason of a correction"
    assert [i for i, n in ids.items() if n > 1] == []
