"""Each checklist's counts of its items (``duties.counts``) stay equal to its items, whoever writes them.

Every way items are written in ClubOps is taken here — generating, ticking, closing past items in one go,
evidence ticking in bulk, the demo's history, deleting — and after each the stored counts of every checklist are
compared with a count of its items. The monthly report reads completion from these counts.
"""

import datetime

import pytest
from django.db.models import Count, Q

from duties.catalogue import catalogue_install_defaults
from duties.counts import FIELDS, recount_all
from duties.jobs import demo_history
from duties.models import Checklist, ChecklistItem
from duties.selectors import completion_by
from duties.services import checklists_generate, evidence_recorded, item_tick, items_close

pytestmark = pytest.mark.clock("2026-11-25T10:00:00+08:00")

DAY = datetime.date(2026, 11, 23)
STATE = ChecklistItem.State


def _stored():
    return {c["pk"]: tuple(c[f] for f in FIELDS) for c in Checklist.objects.values("pk", *FIELDS)}


def _counted():
    rows = Checklist.objects.annotate(
        t=Count("items"), d=Count("items", filter=Q(items__state=STATE.DONE)),
        n=Count("items", filter=Q(items__state=STATE.NOT_DONE)), a=Count("items", filter=Q(items__state=STATE.NOT_APPLICABLE)),
    ).values("pk", "t", "d", "n", "a")
    return {r["pk"]: (r["t"], r["d"], r["n"], r["a"]) for r in rows}


def _agree():
    stored, counted = _stored(), _counted()
    assert stored == counted
    return stored


@pytest.fixture
def lists(world):
    catalogue_install_defaults(club=world.club1)
    checklists_generate(club=world.club1, day=DAY)
    return Checklist.objects.filter(club=world.club1)


def test_the_counted_states_are_the_items_states():
    from duties.counts import STATES

    assert set(STATES.values()) == {STATE.DONE, STATE.NOT_DONE, STATE.NOT_APPLICABLE}


def test_generated_checklists_count_their_open_items(world, lists):
    counts = _agree()
    daily = lists.get(person=world.supervisor_a, cadence="daily", period_start=DAY)
    assert counts[daily.pk] == (4, 0, 0, 0)


def test_every_writer_of_items_keeps_the_counts(world, lists):
    daily = lists.get(person=world.supervisor_a, cadence="daily", period_start=DAY)
    first, second, *_rest = list(daily.items.order_by("pk"))
    item_tick(item=first, by=world.supervisor_a, state=STATE.DONE)
    assert _agree()[daily.pk] == (4, 1, 0, 0)
    item_tick(item=second, by=world.supervisor_a, state=STATE.NOT_APPLICABLE, note="closed today")
    item_tick(item=first, by=world.supervisor_a, state=STATE.OPEN)
    assert _agree()[daily.pk] == (4, 0, 0, 1)
    closed = items_close(items=ChecklistItem.objects.filter(checklist=daily), by=world.dept_manager,
                         state=STATE.NOT_DONE, note="busy day")
    assert closed == 3
    assert _agree()[daily.pk] == (4, 0, 3, 1)
    ChecklistItem.objects.filter(checklist=daily, state=STATE.NOT_DONE).update(state=STATE.OPEN)  # reset, raw
    recount_all()
    evidence = ChecklistItem.objects.filter(checklist__person=world.supervisor_a, state=STATE.OPEN)
    kind = evidence.exclude(duty_version__evidence="").values_list("duty_version__evidence", flat=True).first()
    if kind:
        evidence_recorded(person=world.supervisor_a, kind=kind, day=DAY, note="recorded")
    _agree()
    checklists_generate(club=world.club1, day=DAY + datetime.timedelta(days=1))
    demo_history(club=world.club1, today=DAY + datetime.timedelta(days=2), days=3)
    _agree()
    daily.items.first().delete()
    assert _agree()[daily.pk][0] == 3


def test_the_report_reads_completion_from_the_counts_as_from_the_items(world, lists):
    demo_history(club=world.club1, today=DAY, days=6)
    today = {world.club1.pk: DAY}
    rows = completion_by(club_ids=[world.club1.pk], start=DAY - datetime.timedelta(days=6), end=DAY, today=today,
                         group="club_person")
    assert rows, "the week has checklists"
    items = ChecklistItem.objects.filter(checklist__club=world.club1, checklist__period_start__gte=DAY - datetime.timedelta(days=6),
                                         checklist__period_end__lte=DAY)
    for row in rows:
        mine = items.filter(checklist__person_id=row["checklist__person_id"])
        assert row["total"] == mine.count()
        assert row["done"] == mine.filter(state=STATE.DONE).count()
        assert row["overdue"] == mine.filter(state=STATE.OPEN, checklist__period_end__lt=DAY).count()
        assert row["open"] == mine.filter(state=STATE.OPEN, checklist__period_end__gte=DAY).count()


def test_closing_many_items_recounts_their_checklists_once(world, lists):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    checklists_generate(club=world.club1, day=DAY + datetime.timedelta(days=1))
    open_items = ChecklistItem.objects.filter(checklist__club=world.club1, state=STATE.OPEN)
    many = open_items.count()
    assert many > 20
    with CaptureQueriesContext(connection) as queries:
        assert items_close(items=open_items, by=world.store_manager, state=STATE.NOT_DONE, note="past") == many
    recounts = [q for q in queries.captured_queries if q["sql"].startswith('UPDATE "duties_checklist" SET')]
    assert len(recounts) == 1
    _agree()
