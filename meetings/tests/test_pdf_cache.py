"""The minutes' PDF is drawn once for each state of the minutes, not on every request."""

import pytest
from django.core.cache import cache

from meetings import pdf, services

from .targets import meeting_targets


@pytest.fixture
def meeting(world):
    cache.clear()
    return meeting_targets(world)["mt_meeting_1"]


@pytest.fixture
def drawn(monkeypatch):
    """How many times a PDF was drawn."""
    count = []
    draw = pdf.minutes_pdf

    def counting(page):
        count.append(page.meeting.pk)
        return draw(page)

    monkeypatch.setattr(pdf, "minutes_pdf", counting)
    return count


def test_it_draws_the_minutes_once_for_many_requests(client, world, meeting, drawn):
    client.force_login(world.marketing.user)
    first = client.get(f"/meetings/{meeting.pk}/minutes.pdf")
    again = [client.get(f"/meetings/{meeting.pk}/minutes.pdf") for _ in range(3)]
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    assert all(r.content == first.content for r in again)
    assert len(drawn) == 1


def test_a_change_to_the_minutes_draws_them_again(client, world, meeting, drawn):
    client.force_login(world.marketing.user)
    client.get(f"/meetings/{meeting.pk}/minutes.pdf")
    services.decision_add(meeting=meeting, by=world.marketing, text="Phone the regulars on Friday")
    response = client.get(f"/meetings/{meeting.pk}/minutes.pdf")
    assert len(drawn) == 2
    assert b"%PDF" in response.content[:8]


def test_a_changed_name_draws_them_again(client, world, meeting, drawn):
    client.force_login(world.marketing.user)
    client.get(f"/meetings/{meeting.pk}/minutes.pdf")
    world.customer_manager.name = "Renamed Manager"
    world.customer_manager.save()
    client.get(f"/meetings/{meeting.pk}/minutes.pdf")
    assert len(drawn) == 2


def test_each_language_has_its_own_copy(client, world, meeting, drawn):
    client.force_login(world.marketing.user)
    client.get(f"/meetings/{meeting.pk}/minutes.pdf", HTTP_ACCEPT_LANGUAGE="en")
    client.get(f"/meetings/{meeting.pk}/minutes.pdf", HTTP_ACCEPT_LANGUAGE="zh-hant")
    assert len(drawn) == 2
