"""Notices: each person reads their own, unread first, and marks them read."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from staff.models import Notice

from .figures import shows

URL = reverse("staff:notices")


def notice(person, text, day=datetime.date(2025, 3, 10), kind="nothing_recorded", **fields):
    return Notice.objects.create(person=person, kind=kind, date=day, text=text, **fields)


def listed(response):
    return [int(pk) for pk in re.findall(r'data-notice="(\d+)"', response.content.decode())]


def test_it_lists_my_notices_unread_first(client_as, world):
    read_at = datetime.datetime(2025, 3, 2, tzinfo=datetime.UTC)
    read = notice(world.supervisor_a, "Old news", day=datetime.date(2025, 3, 1), read_at=read_at)
    older = notice(world.supervisor_a, "Nothing recorded on the 9th", day=datetime.date(2025, 3, 9))
    newer = notice(world.supervisor_a, "Nothing recorded on the 10th", day=datetime.date(2025, 3, 10))
    notice(world.supervisor_b, "Not for supervisor A")

    response = client_as(world.supervisor_a).get(URL)

    assert response.status_code == 200
    assert listed(response) == [newer.pk, older.pk, read.pk]
    assert not shows(response, "Not for supervisor A")
    assert re.search(r'data-testid="unread">2<', response.content.decode())


def test_a_notice_leads_to_where_something_can_be_done(client_as, world):
    notice(world.supervisor_a, "Nothing recorded", day=datetime.date(2025, 3, 10))
    notice(world.tech_manager, "2025-02: 1 people need a talk", day=datetime.date(2025, 2, 1), kind="monthly_followup")

    team = client_as(world.supervisor_a).get(URL).content.decode()
    followup = client_as(world.tech_manager).get(URL).content.decode()

    assert f'href="{reverse("attendance:team_day")}?date=2025-03-10"' in team
    assert f'href="{reverse("attendance:followup")}?month=2025-02"' in followup


def test_it_marks_one_notice_read(client_as, world):
    mine = notice(world.supervisor_a, "Nothing recorded")
    other = notice(world.supervisor_a, "Nothing recorded either", day=datetime.date(2025, 3, 11))

    response = client_as(world.supervisor_a).post(URL, {"notice": mine.pk})

    assert response.status_code == 302 and response["Location"] == URL
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.read_at is not None and other.read_at is None


def test_it_marks_all_read(client_as, world):
    for n in range(3):
        notice(world.supervisor_a, f"Notice {n}", day=datetime.date(2025, 3, 1 + n))

    client_as(world.supervisor_a).post(URL, {"all": "1"})

    assert not Notice.objects.filter(person=world.supervisor_a, read_at__isnull=True).exists()


def test_nobody_marks_another_persons_notice(client_as, world):
    theirs = notice(world.supervisor_b, "For supervisor B")

    assert client_as(world.supervisor_a).post(URL, {"notice": theirs.pk}).status_code == 404
    assert client_as(world.supervisor_a).post(URL, {"notice": "x"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_everyone_signed_in_has_a_notices_page(client_as, world, client):
    assert client_as(world.technician).get(URL).status_code == 200
    client.logout()
    assert client.get(URL).status_code == 302


def test_its_query_count_does_not_grow_with_the_notices(client_as, world):
    client = client_as(world.supervisor_a)
    notice(world.supervisor_a, "First")
    with CaptureQueriesContext(connection) as before:
        client.get(URL)
    for n in range(20):
        notice(world.supervisor_a, f"Notice {n}", day=datetime.date(2025, 1, 1) + datetime.timedelta(days=n))
    with CaptureQueriesContext(connection) as after:
        client.get(URL)

    assert len(after) == len(before) <= 12  # measured: 8
