"""What the checklist pages say: "overdue" only once a period has ended; closing a past list's open items at once."""

import datetime

import pytest
from django.urls import reverse

from duties.catalogue import catalogue_install_defaults
from duties.models import ChecklistItem
from duties.services import checklists_generate

D = datetime.date


@pytest.fixture
def duties(world):
    catalogue_install_defaults(club=world.club1)


@pytest.mark.clock("2026-12-02T10:00:00+08:00")
def test_it_calls_nothing_of_the_current_week_or_month_overdue(client_as, world, duties):
    checklists_generate(club=world.club1, day=D(2026, 11, 27))  # November and its last week: over
    checklists_generate(club=world.club1, day=D(2026, 12, 2))  # this day, week (from 30 Nov) and month
    client = client_as(world.store_manager)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hant"

    html = client.get(reverse("duties:my_checklists")).content.decode()

    late, current = html.split('data-testid="checklist-daily"', 1)
    assert "已逾期" in late, "November's open items are overdue"
    assert "已逾期" not in current
    assert current.count("未勾選") > 0, "this week's and month's items are open, not late"


@pytest.mark.clock("2026-12-02T10:00:00+08:00")
def test_it_lets_a_manager_close_last_months_open_items_with_a_note(client_as, world, duties):
    checklists_generate(club=world.club1, day=D(2026, 11, 27))
    checklists_generate(club=world.club1, day=D(2026, 12, 2))
    client = client_as(world.store_manager)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(reverse("duties:review"), {"period": "month", "date": "2026-11-01"})
    assert "items of this list are still open after their period ended" in page.content.decode()

    response = client.post(reverse("duties:review_close"), {
        "state": "na", "note": "Club closed for repairs", "period": "month", "date": "2026-11-01"}, follow=True)

    assert "open items closed" in response.content.decode()
    november = ChecklistItem.objects.filter(checklist__period_end__lt=D(2026, 12, 1), checklist__club=world.club1)
    november = november.exclude(checklist__person=world.store_manager)
    assert not november.filter(state="open").exists()
    closed = november.filter(note="Club closed for repairs", state="na", ticked_by=world.store_manager)
    assert closed.exists()
    assert closed.first().history.count() == 2, "the change is in the item's history"
    assert ChecklistItem.objects.filter(checklist__period_start=D(2026, 12, 2), state="open").exists(), \
        "today's items stay open"


@pytest.mark.clock("2026-12-02T10:00:00+08:00")
def test_it_keeps_the_typed_note_when_closing_fails(client_as, world, duties):
    checklists_generate(club=world.club1, day=D(2026, 11, 27))
    client = client_as(world.store_manager)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"

    response = client.post(reverse("duties:review_close"), {
        "state": "bogus", "note": "俱乐部装修", "period": "month", "date": "2026-11-01"}, follow=True)

    html = response.content.decode()
    assert "未保存" in html
    assert 'value="俱乐部装修"' in html
    assert ChecklistItem.objects.filter(state="open", checklist__period_end__lt=D(2026, 12, 1)).exists()


@pytest.mark.clock("2026-12-02T10:00:00+08:00")
def test_it_does_not_let_a_technician_close_anything(client_as, world, duties):
    checklists_generate(club=world.club1, day=D(2026, 11, 27))

    response = client_as(world.technician).post(reverse("duties:review_close"), {
        "state": "na", "note": "x", "period": "month", "date": "2026-11-01"})

    assert response.status_code == 403


@pytest.mark.clock("2026-12-02T10:00:00+08:00")
def test_the_review_of_a_running_month_reads_no_rate_before_anything_is_due(client_as, world, duties):
    """On 2 December nothing of December's monthly lists is due yet: the review shows "–", not "0.0 %";
    once an item is done the rate reads again."""
    checklists_generate(club=world.club1, day=D(2026, 12, 2))
    client = client_as(world.store_manager)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    review = reverse("duties:review") + "?period=month&date=2026-12-01"

    def rate_of(person):
        rows = {row["pk"]: row for row in client.get(review).context["rows"]}
        return rows[person.pk]["rate"]

    ChecklistItem.objects.filter(checklist__person=world.marketing, checklist__cadence="daily").update(state="open")
    assert rate_of(world.marketing) is None
    assert "0.0 %" not in client.get(review).content.decode()
    first = ChecklistItem.objects.filter(checklist__person=world.marketing, checklist__cadence="monthly").first()
    first.state = "done"
    first.save()
    assert rate_of(world.marketing) > 0
