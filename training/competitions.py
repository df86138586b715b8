"""Competitions: setting one up, judges' scores, and the ranking with its tie-break.

The ranking, in one place (``ranking``):

* a judge's score of an entrant in a round is the weighted rubric score,
  Σ weight × score / highest ÷ Σ weight, as a percentage;
* an entrant's round score is the average of the judges who scored them in it;
* the total is the rounds' weighted average (a round nobody scored them in counts 0);
* equal totals are split by the competition's tie-break rule (the most heavily weighted
  criterion, or the last round); entrants still equal share the place (1, 1, 3).

The chain-wide place counts every entrant; the club place only the entrants of the same club.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel import bulk
from kernel.clock import chain_today, club_today

from . import access
from .models import (
    Competition,
    CompetitionCriterion,
    CompetitionEntry,
    CompetitionJudge,
    CompetitionRound,
    JudgeScore,
    TrainingPolicy,
)

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class ScoringRefused(Exception):
    pass


@transaction.atomic
def competition_create(*, club, name, kind, held_on, tie_break, rounds, criteria, judges, participants, by):
    """A competition with its rounds (names), rubric ((name, weight, highest) rows), judges and entrants."""
    competition = Competition.objects.create(
        club=club, name=name, kind=kind, held_on=held_on, tie_break=tie_break, created_by=by
    )
    bulk.bulk_create(CompetitionRound, [
        CompetitionRound(competition=competition, number=n, name=round_name)
        for n, round_name in enumerate(rounds, start=1)
    ])
    bulk.bulk_create(CompetitionCriterion, [
        CompetitionCriterion(competition=competition, name=c_name, weight=weight, max_score=highest, order=n)
        for n, (c_name, weight, highest) in enumerate(criteria)
    ])
    bulk.bulk_create(CompetitionJudge, [CompetitionJudge(competition=competition, person=p) for p in judges])
    bulk.bulk_create(CompetitionEntry, [CompetitionEntry(competition=competition, person=p, club_id=p.club_id)
                                        for p in participants])
    return competition


def own_team_member(judge, entry):
    """Whether ``entry``'s person is in the team ``judge`` leads (or, for a technician judge, their own team)."""
    team = entry.person.team
    if team is None:
        return False
    return team.supervisor_id == judge.pk or (judge.team_id is not None and judge.team_id == team.pk)


def scoring_problems(*, judge, entries, forbidden_clubs):
    """{entry id: why ``judge`` may not score them}: another club's entrant, or their own team's where forbidden."""
    problems = {}
    for entry in entries:
        if entry.person_id == judge.pk:
            problems[entry.pk] = _("Nobody scores themselves; another judge scores you.")
        elif not access.judge_may_score(judge, entry):
            problems[entry.pk] = _("%(name)s is in another club; their own club's judges score them.") % {
                "name": entry.person.name
            }
        elif entry.club_id in forbidden_clubs and own_team_member(judge, entry):
            problems[entry.pk] = _(
                "%(name)s is in your own team, and the club does not let judges score their own team members."
            ) % {"name": entry.person.name}
    return problems


def forbidding_clubs(entries):
    club_ids = {entry.club_id for entry in entries}
    return set(
        TrainingPolicy.objects.filter(club_id__in=club_ids, forbid_judging_own_team=True).values_list("club_id", flat=True)
    )


@transaction.atomic
def scores_save(*, competition, round, judge, scores):
    """A judge's scores for one round: ``scores`` {(entry id, criterion id): Decimal}. All or nothing."""
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if competition.is_finished:
        raise ScoringRefused(_("This competition is finished; its scores no longer change."))
    if not CompetitionJudge.objects.filter(competition=competition, person=judge).exists():
        raise ScoringRefused(_("Only the competition's judges score it."))
    entries = {e.pk: e for e in competition.entries.select_related("person__team")}
    criteria = {c.pk: c for c in competition.criteria.all()}
    touched = {entry_id for entry_id, _criterion in scores}
    problems = scoring_problems(judge=judge, entries=[entries[i] for i in touched if i in entries],
                                forbidden_clubs=forbidding_clubs(entries.values()))
    if problems:
        raise ScoringRefused(" ".join(problems.values()))
    for (entry_id, criterion_id), value in scores.items():
        criterion = criteria.get(criterion_id)
        if entry_id not in entries or criterion is None:
            raise ScoringRefused(_("A score was for someone or something not in this competition."))
        if value < 0 or value > criterion.max_score:
            raise ScoringRefused(_("Give a score from 0 to %(max)s.") % {"max": criterion.max_score})
    for (entry_id, criterion_id), value in scores.items():
        JudgeScore.objects.update_or_create(
            entry_id=entry_id, round=round, criterion_id=criterion_id, judge=judge, defaults={"score": value}
        )
    return len(scores)


@transaction.atomic
def competition_finish(*, competition, by):
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if competition.is_finished:
        return competition
    competition.status = Competition.Status.FINISHED
    competition.finished_at = timezone.now()
    competition.save(update_fields=["status", "finished_at"])
    return competition


# --- The ranking ------------------------------------------------------------------------------------


@dataclass
class Standing:
    entry: CompetitionEntry
    total: Decimal = Decimal(0)
    tie_break: Decimal = Decimal(0)
    rounds: dict = field(default_factory=dict)  # round id -> round score
    judges: dict = field(default_factory=dict)  # round id -> [(judge id, weighted score)]
    place: int = 0  # across every entrant
    club_place: int = 0  # among the entrants of the same club

    @property
    def scored(self):
        return bool(self.judges)


def _q(value):
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def ranking(competition):
    """Every entrant's standing, best first, in four queries whatever the number of entrants and judges."""
    rounds = list(competition.rounds.order_by("number"))
    criteria = {c.pk: c for c in competition.criteria.all()}
    entries = list(competition.entries.select_related("person", "person__team", "club"))
    raw = JudgeScore.objects.filter(entry__competition=competition).values_list(
        "entry_id", "round_id", "judge_id", "criterion_id", "score"
    )
    sheets = defaultdict(dict)  # (entry, round, judge) -> {criterion: score}
    for entry_id, round_id, judge_id, criterion_id, score in raw:
        sheets[(entry_id, round_id, judge_id)][criterion_id] = score
    top = max(criteria.values(), key=lambda c: (c.weight, -c.order, -c.pk), default=None)
    standings = {entry.pk: Standing(entry=entry) for entry in entries}
    top_scores = defaultdict(list)
    for (entry_id, round_id, judge_id), marks in sheets.items():
        used = [criteria[c] for c in marks if c in criteria]
        weight = sum(c.weight for c in used)
        if not weight or entry_id not in standings:
            continue
        weighted = HUNDRED * sum(c.weight * marks[c.pk] / c.max_score for c in used) / weight
        standings[entry_id].judges.setdefault(round_id, []).append((judge_id, _q(weighted)))
        if top is not None and top.pk in marks:
            top_scores[entry_id].append(marks[top.pk] / top.max_score)
    total_weight = sum(r.weight for r in rounds) or Decimal(1)
    for standing in standings.values():
        for r in rounds:
            judged = standing.judges.get(r.pk, [])
            standing.rounds[r.pk] = _q(sum(w for _j, w in judged) / len(judged)) if judged else Decimal(0)
        standing.total = _q(sum(r.weight * standing.rounds[r.pk] for r in rounds) / total_weight)
        if competition.tie_break == Competition.TieBreak.TOP_CRITERION and top_scores[standing.entry.pk]:
            marks = top_scores[standing.entry.pk]
            standing.tie_break = _q(HUNDRED * sum(marks) / len(marks))
        elif competition.tie_break == Competition.TieBreak.LAST_ROUND and rounds:
            standing.tie_break = standing.rounds[rounds[-1].pk]
    ordered = sorted(standings.values(), key=lambda s: (-s.total, -s.tie_break, s.entry.person.name))
    _place(ordered, "place")
    by_club = defaultdict(list)
    for standing in ordered:
        by_club[standing.entry.club_id].append(standing)
    for group in by_club.values():
        _place(group, "club_place")
    return ordered


def _place(ordered, attribute):
    """1 + the number of entrants strictly ahead: equal (total, tie-break) share a place."""
    ahead = 0
    previous = None
    for index, standing in enumerate(ordered):
        key = (standing.total, standing.tie_break)
        if key != previous:
            ahead = index
            previous = key
        setattr(standing, attribute, ahead + 1)


def winners(competition, standings=None, club_id=None):
    """The entrants in first place (of the club, when ``club_id`` is given) who were scored."""
    standings = ranking(competition) if standings is None else standings
    if club_id is None:
        return [s for s in standings if s.place == 1 and s.scored]
    return [s for s in standings if s.entry.club_id == club_id and s.club_place == 1 and s.scored]


def is_upcoming(competition):
    """Not finished and its day has not come yet (in its club's zone; the chain's for a chain-wide one):
    shown as "upcoming", with the entrants but no ranking."""
    today = club_today(competition.club) if competition.club_id else chain_today()
    return not competition.is_finished and competition.held_on > today
