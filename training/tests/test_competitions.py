"""Competitions: weighted rubric per judge, the ranking with its tie-break, per club and across the chain."""

from decimal import Decimal

import pytest
from django.urls import reverse

from training import competitions
from training.models import Competition, JudgeScore, TrainingPolicy
from training.tests import factories as f


def judge(contest, who, marks, round_number=1):
    """``marks``: {person: (technique, script)}."""
    entries = {e.person_id: e for e in contest.entries.all()}
    technique, script = contest.criteria.order_by("order")
    rnd = contest.rounds.get(number=round_number)
    scores = {}
    for person, (t, s) in marks.items():
        scores[(entries[person.pk].pk, technique.pk)] = Decimal(t)
        scores[(entries[person.pk].pk, script.pk)] = Decimal(s)
    competitions.scores_save(competition=contest, round=rnd, judge=who, scores=scores)


def places(contest):
    return [(s.entry.person.name, s.place, s.total) for s in competitions.ranking(contest)]


@pytest.fixture
def three(world):
    return [world.technician, world.technician_a2, world.technician_b]


def test_equal_totals_share_the_place_when_the_rule_says_so(world, three):
    a, b, c = three
    contest = f.competition(world.club1, [world.tech_manager], three, tie_break="shared")
    judge(contest, world.tech_manager, {a: (8, 8), b: (9, 5), c: (6, 6)})
    assert places(contest) == [("Tech A1", 1, Decimal("80.00")), ("Tech A2", 1, Decimal("80.00")),
                               ("Tech B1", 3, Decimal("60.00"))]


def test_the_most_heavily_weighted_criterion_breaks_a_tie(world, three):
    a, b, c = three
    contest = f.competition(world.club1, [world.tech_manager], three, tie_break="top_criterion")
    judge(contest, world.tech_manager, {a: (8, 8), b: (9, 5), c: (6, 6)})
    assert [(name, place) for name, place, _total in places(contest)] == [
        ("Tech A2", 1), ("Tech A1", 2), ("Tech B1", 3)]
    assert [s.entry.person for s in competitions.winners(contest)] == [b]


def test_the_last_round_breaks_a_tie(world, three):
    a, b, c = three
    contest = f.competition(world.club1, [world.tech_manager], three, tie_break="last_round", rounds=("R1", "R2"))
    judge(contest, world.tech_manager, {a: (9, 9), b: (7, 7), c: (5, 5)}, round_number=1)
    judge(contest, world.tech_manager, {a: (7, 7), b: (9, 9), c: (5, 5)}, round_number=2)
    assert [(name, place) for name, place, _total in places(contest)] == [
        ("Tech A2", 1), ("Tech A1", 2), ("Tech B1", 3)]


def test_judges_are_averaged_and_each_judges_score_is_kept(world, three):
    a, b, c = three
    contest = f.competition(world.club1, [world.tech_manager, world.dept_manager], three)
    judge(contest, world.tech_manager, {a: (10, 10), b: (6, 6), c: (5, 5)})
    judge(contest, world.dept_manager, {a: (6, 6), b: (6, 6), c: (5, 5)})
    top = competitions.ranking(contest)[0]
    assert top.entry.person == a and top.total == Decimal("80.00")
    (round_id, judged), = top.judges.items()
    assert sorted(score for _judge, score in judged) == [Decimal("60.00"), Decimal("100.00")]
    assert JudgeScore.objects.filter(entry=top.entry).count() == 4


def test_a_chain_wide_ranking_has_a_place_in_the_chain_and_in_the_club(world):
    contest = f.competition(None, [world.owner, world.tech_manager, world.store_manager_2],
                            [world.technician, world.technician_a2, world.technician_2])
    judge(contest, world.tech_manager, {world.technician: (7, 7), world.technician_a2: (6, 6)})
    judge(contest, world.store_manager_2, {world.technician_2: (9, 9)})
    standings = competitions.ranking(contest)
    assert [(s.entry.person.name, s.place, s.club_place) for s in standings] == [
        ("Tech Two", 1, 1), ("Tech A1", 2, 1), ("Tech A2", 3, 2)]
    assert [s.entry.person for s in competitions.winners(contest, standings, club_id=world.club1.pk)] == [
        world.technician]


def test_a_judge_scores_only_their_own_clubs_entrants(world):
    contest = f.competition(None, [world.tech_manager], [world.technician, world.technician_2])
    with pytest.raises(competitions.ScoringRefused, match="another club"):
        judge(contest, world.tech_manager, {world.technician_2: (9, 9)})
    assert not JudgeScore.objects.exists()


def test_a_club_may_forbid_judges_to_score_their_own_team(world, three):
    a, b, c = three
    contest = f.competition(world.club1, [world.supervisor_a], three)
    judge(contest, world.supervisor_a, {a: (8, 8)})  # allowed while the club does not forbid it
    TrainingPolicy.objects.create(club=world.club1, forbid_judging_own_team=True)
    with pytest.raises(competitions.ScoringRefused, match="your own team"):
        judge(contest, world.supervisor_a, {a: (9, 9), c: (5, 5)})
    assert JudgeScore.objects.get(entry__person=a, criterion__order=0).score == 8
    assert not JudgeScore.objects.filter(entry__person=c).exists()
    judge(contest, world.supervisor_a, {c: (5, 5)})  # team B is fine


def test_a_finished_competition_takes_no_more_scores(world, three):
    contest = f.competition(world.club1, [world.tech_manager], three)
    competitions.competition_finish(competition=contest, by=world.tech_manager)
    with pytest.raises(competitions.ScoringRefused, match="finished"):
        judge(contest, world.tech_manager, {three[0]: (5, 5)})


def test_the_judges_sheet_refuses_an_own_team_member_and_keeps_the_input(client_as, world, three):
    a, b, c = three
    TrainingPolicy.objects.create(club=world.club1, forbid_judging_own_team=True)
    contest = f.competition(world.club1, [world.supervisor_a], three)
    technique, script = contest.criteria.order_by("order")
    entries = {e.person_id: e.pk for e in contest.entries.all()}
    url = reverse("training:competition_score", args=[contest.pk])
    client = client_as(world.supervisor_a)
    page = client.get(url).content.decode()
    assert "your own team" in page
    data = {f"e{entries[a.pk]}_c{technique.pk}": "9", f"e{entries[a.pk]}_c{script.pk}": "9",
            f"e{entries[c.pk]}_c{technique.pk}": "7", f"e{entries[c.pk]}_c{script.pk}": "6"}
    page = client.post(url, data).content.decode()
    assert "does not let judges score their own team members" in page
    assert 'value="7"' in page
    assert not JudgeScore.objects.exists()

    bad = {f"e{entries[c.pk]}_c{technique.pk}": "11", f"e{entries[c.pk]}_c{script.pk}": "6"}
    assert "Give a score from 0 to 10." in client.post(url, bad).content.decode()
    client.post(url, {f"e{entries[c.pk]}_c{technique.pk}": "7", f"e{entries[c.pk]}_c{script.pk}": "6"})
    assert JudgeScore.objects.filter(entry__person=c, judge=world.supervisor_a).count() == 2


def test_the_leaderboard_of_a_chain_competition_shows_a_club_only_its_own_entrants(client_as, world):
    contest = f.competition(None, [world.tech_manager, world.store_manager_2], [world.technician, world.technician_2])
    judge(contest, world.tech_manager, {world.technician: (7, 7)})
    judge(contest, world.store_manager_2, {world.technician_2: (9, 9)})
    url = reverse("training:competition_detail", args=[contest.pk])
    page = client_as(world.tech_manager).get(url).content.decode()
    assert "Tech A1" in page and "Tech Two" not in page and "Manager Two" not in page
    assert "#1 in the club" in page
    page = client_as(world.owner).get(url).content.decode()
    assert "Tech A1" in page and "Tech Two" in page


def test_the_store_manager_sets_up_a_competition_and_finishes_it(client_as, world, three):
    client = client_as(world.store_manager)
    response = client.post(reverse("training:competition_add"), {
        "name": "专业知识大比拼", "kind": "knowledge", "held_on": "2026-03-01", "tie_break": "top_criterion",
        "rounds": "必答题\n抢答题", "c0_name": "准确", "c0_weight": "3", "c0_max": "10",
        "judges": [world.tech_manager.pk], "participants": [p.pk for p in three],
    })
    contest = Competition.objects.get()
    assert response.url == reverse("training:competition_detail", args=[contest.pk])
    assert [r.name for r in contest.rounds.all()] == ["必答题", "抢答题"]
    assert contest.entries.count() == 3 and contest.club == world.club1
    client.post(reverse("training:competition_finish", args=[contest.pk]))
    contest.refresh_from_db()
    assert contest.is_finished
