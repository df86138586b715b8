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


def test_the_page_shows_the_newest_few_changes_of_each_kind_and_links_to_the_rest_of_that_kind(client_as, world):
    import re

    client = client_as(world.store_manager)
    client.club = world.club1
    _checklists(world, 5)  # 15 checklists, each created then commented on: 30 changes
    first, _ = _page(client)
    text = first.content.decode()
    from staff import history

    assert history.GROUP_LIMIT < 15
    assert text.count(">checked<") + text.count("→ checked") == history.GROUP_LIMIT, \
        "the newest few changes of the checklists, not all 30"
    more = re.search(r'href="(\?kind=[^"]*duties\.checklist[^"]*)"', text)
    assert more, "a link to the checklists' earlier changes"
    url = reverse("staff:record_history", args=["staff.club", world.club1.pk])
    rest = client.get(url + more.group(1).replace("&amp;", "&"))
    assert rest.status_code == 200
    body = rest.content.decode()
    assert body.count("→ checked") == 15, "every comment, further back"
    assert "2026-09-01" in body and "2026-09-05" in body
    assert f'href="{url}"' in body, "a way back to the whole history"
    assert client.get(url + "?kind=duties.nothing.club").status_code == 404


@pytest.mark.timeless  # the labels of the models' fields
def test_every_field_a_history_page_shows_is_labelled_in_the_readers_language():
    """A change reads "排序: 1 → 2", never "order: 1 → 2": each field shown has a translatable label."""
    from django.apps import apps
    from django.conf import settings
    from django.utils.functional import Promise

    from staff import history

    from django.utils import translation

    unlabelled, alike = [], []
    for model in apps.get_models():
        if history.history_model(model._meta.label_lower) is not model:
            continue
        for language, _name in settings.LANGUAGES:  # two fields of one record never read the same
            with translation.override(language):
                labels = {}
                for field in history._fields(model):
                    labels.setdefault(str(history._label(model, field.name)), []).append(field.name)
            alike += [f"{model._meta.label} {language} {label}: {names}" for label, names in labels.items()
                      if len(names) > 1]
        for field in history._fields(model):
            if not isinstance(history._label(model, field.name), Promise):
                unlabelled.append(f"{model._meta.label}.{field.name}")
    assert len([m for m in apps.get_models() if m._meta.app_label in settings.PRODUCT_APPS]) > 50
    assert unlabelled == []
    assert alike == []


def test_names_read_for_one_kind_of_record_are_not_read_again_for_the_next(client_as, world):
    """The club's people, departments and the club itself are behind the foreign keys of many kinds of record
    (checklists, attendance, meetings ...): each is read once for the page, not once per kind."""
    import re

    client = client_as(world.store_manager)
    client.club = world.club1
    _checklists(world, 2)
    from attendance.models import Attendance

    for person in (world.technician, world.supervisor_a):
        Attendance.objects.create(person=person, club=world.club1, date=DAY, status="present")
    _response, _count = _page(client)
    with CaptureQueriesContext(connection) as queries:
        _page(client)
    seen, again = set(), set()
    for query in queries.captured_queries:
        if not re.search(r'FROM "staff_person" WHERE', query["sql"]):
            continue
        where = query["sql"].split('FROM "staff_person" WHERE', 1)[1]
        ids = {int(n) for n in re.findall(r'"staff_person"\."id" (?:= |IN \()([\d, ]+)', where)
               for n in re.findall(r"\d+", n)}
        again |= ids & seen
        seen |= ids
    assert seen, "people are named on the page"
    assert not again, f"people read twice: {sorted(again)}"
