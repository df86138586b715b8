"""Rewards and penalties: proposed by a manager, approved by the store manager, monthly totals."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from training import selectors
from training.models import RewardPenalty


def propose(client, person, **fields):
    data = {"person": person.pk, "date": "2026-03-05", "kind": "reward", "category": "attendance",
            "reason": "Perfect attendance", "points": "10", "amount": "100", **fields}
    return client.post(reverse("training:reward_list"), data)


def test_a_supervisor_proposes_and_the_store_manager_approves(client_as, world):
    response = propose(client_as(world.supervisor_a), world.technician)
    record = RewardPenalty.objects.get()
    assert response.status_code == 302
    assert (record.status, record.proposed_by, record.club) == ("proposed", world.supervisor_a, world.club1)

    client = client_as(world.store_manager)
    client.post(reverse("training:reward_decide", args=[record.pk]), {"decision": "approve"})
    record.refresh_from_db()
    assert (record.status, record.decided_by) == ("approved", world.store_manager)
    assert record.history.count() == 2


def test_only_the_store_manager_of_the_club_or_the_owner_decides(client_as, world):
    propose(client_as(world.supervisor_a), world.technician)
    record = RewardPenalty.objects.get()
    url = reverse("training:reward_decide", args=[record.pk])
    assert client_as(world.tech_manager).post(url, {"decision": "approve"}).status_code == 403
    assert client_as(world.store_manager_2).post(url, {"decision": "approve"}).status_code == 404
    record.refresh_from_db()
    assert record.status == "proposed"
    client_as(world.owner).post(url, {"decision": "approve"})
    record.refresh_from_db()
    assert record.status == "approved"


def test_a_rejection_needs_a_reason_and_a_decision_is_made_once(client_as, world):
    propose(client_as(world.supervisor_a), world.technician, kind="penalty", reason="Late 40 minutes")
    record = RewardPenalty.objects.get()
    client = client_as(world.store_manager)
    url = reverse("training:reward_decide", args=[record.pk])
    page = client.post(url, {"decision": "reject"}, follow=True).content.decode()
    assert "Say why it is rejected." in page
    client.post(url, {"decision": "reject", "note": "Traffic accident, excused"})
    page = client.post(url, {"decision": "approve"}, follow=True).content.decode()
    assert "already decided" in page
    record.refresh_from_db()
    assert (record.status, record.decision_note) == ("rejected", "Traffic accident, excused")


def test_a_proposal_needs_points_or_an_amount_and_keeps_what_was_typed(client_as, world):
    page = propose(client_as(world.supervisor_a), world.technician, points="", amount="",
                   reason="Helped a colleague").content.decode()
    assert page.count("Give points, an amount, or both.") == 1 and "Helped a colleague" in page
    assert not RewardPenalty.objects.exists()


def test_nobody_proposes_for_people_they_do_not_see(client_as, world):
    page = propose(client_as(world.supervisor_a), world.technician_b).content.decode()
    assert "Choose someone you look after." in page
    assert client_as(world.technician).get(reverse("training:reward_list")).status_code == 403
    assert not RewardPenalty.objects.exists()


def make(world, person, kind, points, amount, status="approved", day=datetime.date(2026, 3, 5)):
    return RewardPenalty.objects.create(club=person.club, person=person, date=day, kind=kind, category="other",
                                        reason="x", points=points, amount=Decimal(amount), status=status,
                                        proposed_by=world.store_manager)


def test_the_monthly_totals_count_approved_records_of_the_month(world):
    make(world, world.technician, "reward", 10, "100")
    make(world, world.technician, "penalty", 3, "30")
    make(world, world.technician, "reward", 99, "999", status="proposed")
    make(world, world.technician, "reward", 50, "500", status="rejected")
    make(world, world.technician, "reward", 7, "0", day=datetime.date(2026, 4, 1))
    make(world, world.technician_b, "penalty", 2, "0")
    records, per_person, totals = selectors.reward_month(
        world.store_manager, world.club1, datetime.date(2026, 3, 1), datetime.date(2026, 4, 1))
    assert len(records) == 5
    mine = next(row for row in per_person if row["person_id"] == world.technician.pk)
    assert (mine["rewards"], mine["reward_points"], mine["penalty_points"], mine["net_points"], mine["net_amount"]) == (
        1, 10, 3, 7, Decimal("70"))
    assert (totals["rewards"], totals["penalties"], totals["penalty_points"]) == (1, 2, 5)


def test_a_technician_sees_their_own_records_only_once_approved(client_as, world):
    make(world, world.technician, "reward", 10, "100", status="approved")
    make(world, world.technician, "penalty", 5, "50", status="proposed")
    page = client_as(world.technician).get(reverse("training:person_record", args=[world.technician.pk]))
    text = page.content.decode()
    assert "1 rewards: 10 points" in text and "Waiting for approval" not in text
    manager = client_as(world.store_manager).get(reverse("training:person_record", args=[world.technician.pk]))
    assert "Waiting for approval" in manager.content.decode()


@pytest.mark.parametrize("persona", ["store_manager", "supervisor_a"])
def test_the_month_page_lists_the_records_of_the_people_one_sees(client_as, world, persona):
    make(world, world.technician, "reward", 10, "100", day=datetime.date.today())
    make(world, world.technician_b, "penalty", 5, "50", day=datetime.date.today())
    page = client_as(getattr(world, persona)).get(reverse("training:reward_list")).content.decode()
    assert "Tech A1" in page
    assert ("Tech B1" in page) == (persona == "store_manager")
