"""A change written many rows at a time keeps its history like one saved by hand (kernel.bulk → kernel.history)."""

import datetime

from duties.models import ChecklistItem
from kernel import bulk
from staff.models import Holiday


def test_an_update_in_bulk_leaves_a_history_row_per_row(world):
    item = world.item_a
    before = item.history.count()

    bulk.update(ChecklistItem.objects.filter(pk=item.pk), state=ChecklistItem.State.DONE, evidence_note="from a record")

    latest = item.history.order_by("-history_id").first()
    assert item.history.count() == before + 1
    assert latest.history_type == "~" and latest.state == ChecklistItem.State.DONE
    assert latest.evidence_note == "from a record"


def test_rows_created_in_bulk_each_get_their_first_history_row(world):
    days = [datetime.date(2026, 12, 24), datetime.date(2026, 12, 25)]
    existing = Holiday.history.filter(club=world.club1).count()

    bulk.bulk_create(Holiday, [Holiday(club=world.club1, date=d, kind=Holiday.Kind.HOLIDAY, name="Christmas")
                               for d in days], ignore_conflicts=True)
    # the same days again: nothing new, so no new history
    bulk.bulk_create(Holiday, [Holiday(club=world.club1, date=d, kind=Holiday.Kind.HOLIDAY, name="Christmas")
                               for d in days], ignore_conflicts=True)

    added = Holiday.history.filter(club=world.club1).count() - existing
    assert added == 2
    assert set(Holiday.history.filter(club=world.club1, date__in=days).values_list("history_type", flat=True)) == {"+"}


def test_a_bulk_update_of_objects_leaves_history(world):
    item = ChecklistItem.objects.get(pk=world.item_a.pk)
    item.note = "closed by the job"
    before = item.history.count()

    bulk.bulk_update(ChecklistItem, [item], ["note"])

    assert item.history.count() == before + 1
    assert item.history.order_by("-history_id").first().note == "closed by the job"


def test_nothing_written_leaves_no_history_and_no_error(world):
    from kernel.history import bulk_written

    assert bulk_written(Holiday, [], created=True) == 0
    assert bulk_written(Holiday, [], created=True, after_pk=10**9) == 0


def test_a_bulk_change_made_by_a_signed_in_person_is_theirs_in_the_history(world, client):
    from simple_history.models import HistoricalRecords

    class Request:
        user = world.store_manager.user

    HistoricalRecords.context.request = Request()
    try:
        bulk.update(ChecklistItem.objects.filter(pk=world.item_a.pk), note="closed by the manager")
    finally:
        del HistoricalRecords.context.request
    latest = world.item_a.history.order_by("-history_id").first()
    assert latest.history_user_id == world.store_manager.user.pk
    assert latest.note == "closed by the manager" and latest.history_type == "~"
