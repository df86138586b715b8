"""A record's history page reads a fixed number of queries however many records belong to it (a club has
thousands of checklists, each with a history): it was ~4,000 queries and 4 s for the demo's first club."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duties.models import Checklist

pytestmark = pytest.mark.clock("2026-11-20T15:00:00+08:00")

DAY = datetime.date(2026, 9, 1)


def _checklists(world, days, start=0):
    people = [world.supervisor_a, world.technician, world.dept_manager]
    made = []
    for n in range(start, start + days):
        day = DAY + datetime.timedelta(days=n)
        for person in people:
            made.append(Checklist.objects.create(person=person, club=world.club1, cadence="daily",
                                                 period_start=day, period_end=day))
    for checklist in made:  # every one created first, then each commented on
        checklist.comment = "checked"
        checklist.save()


def _page(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("staff:record_history", args=["staff.club", client.club.pk]))
    assert response.status_code == 200
    return response, len(queries)


def test_a_clubs_history_reads_the_same_queries_for_3_and_30_checklists(client_as, world):
    client = client_as(world.store_manager)
    client.club = world.club1
    _checklists(world, 1)
    first, few = _page(client)
    _checklists(world, 9, start=1)
    second, many = _page(client)
    assert many == few
    text = second.content.decode()
    # each checklist is named as before, by its person, cadence and day
    assert f"{world.technician.name} " in text
    assert "2026-09-10" in text
    assert "checked" in text


def test_the_history_shows_the_newest_50_changes_of_the_children_with_each_one_read_against_the_one_before(
        client_as, world):
    from staff import history

    _checklists(world, 20)  # 60 checklists, each created then changed: 120 versions
    groups = {str(g["label"]): g["changes"] for g in history.child_changes(world.club1)}
    changes = next(c for label, c in groups.items() if c and "checklist" in str(c[0]["record"].instance.__class__).lower())
    assert len(changes) == 50
    assert all(not c["created"] for c in changes), "the newest 50 are the 60 edits, each against its creation"
    assert all(any(str(r["new"]) == "checked" for r in c["rows"]) for c in changes)
