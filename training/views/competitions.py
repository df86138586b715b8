"""Competitions: the list, setting one up, the judges' scoring sheet, the leaderboard."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from staff.access import picker_clubs, viewer_of
from staff.models import Person, Role

from .. import access
from .. import competitions as scoring
from ..forms import CompetitionForm, JudgeScoresForm
from ..models import Competition, CompetitionEntry, JudgeScore
from .common import club_for, id_param

NOT_JUDGES = (Role.TECHNICIAN, Role.CUSTOMER_MANAGER)
CONTESTANTS = (Role.TECHNICIAN, Role.CUSTOMER_MANAGER)


@login_required
@require_GET
def competition_list(request):
    """The competitions whose leaderboard the viewer opens, and those they took part in."""
    viewer = viewer_of(request)
    competitions = (
        Competition.objects.filter(competition_filter_or_entered(viewer))
        .select_related("club")
        .annotate(entrants=Count("entries", distinct=True))
        .order_by("-held_on", "name")
    )
    competitions = list(competitions)
    for competition in competitions:
        competition.upcoming = scoring.is_upcoming(competition)
    context = {
        "competitions": competitions,
        "may_organise": access.runs_training(viewer),
        "leaderboards": set(Competition.objects.filter(access.competition_filter(viewer)).values_list("pk", flat=True)),
    }
    return render(request, "training/competition_list.html", context)


def competition_filter_or_entered(viewer):
    entered = CompetitionEntry.objects.filter(person=viewer).values("competition_id")
    return access.competition_filter(viewer) | Q(pk__in=entered)


def _organised_club(request, viewer):
    """``?club=chain`` (the owner) for a chain-wide competition, else the club as every club page."""
    if (request.GET.get("club") or request.POST.get("club")) == "chain":
        if not access.may_set_up_chain_competition(viewer):
            raise Http404
        return None
    return club_for(request, viewer)


@login_required
@require_http_methods(["GET", "POST"])
def competition_add(request):
    viewer = viewer_of(request)
    club = _organised_club(request, viewer)
    if not access.may_organise_competitions(viewer, club):
        raise PermissionDenied
    people = Person.objects.active().order_by("name")
    in_scope = Q(club=club) if club is not None else Q(club__isnull=False)
    judges = people.filter((in_scope & ~Q(position__in=NOT_JUDGES)) | Q(position=Role.OWNER))
    participants = people.filter(in_scope, position__in=CONTESTANTS)
    form = CompetitionForm(request.POST or None, judges=judges, participants=participants,
                           initial={"rounds": _("Round 1")})
    if form.is_valid():
        data = form.cleaned_data
        competition = scoring.competition_create(
            club=club, name=data["name"], kind=data["kind"], held_on=data["held_on"], tie_break=data["tie_break"],
            rounds=data["rounds"], criteria=data["criteria"], judges=data["judges"],
            participants=data["participants"], by=viewer,
        )
        messages.success(request, _("The competition “%(name)s” was set up.") % {"name": competition.name})
        return redirect("training:competition_detail", pk=competition.pk)
    return render(request, "training/competition_form.html", {"form": form, "club": club,
                                                              "clubs": picker_clubs(viewer)})


@login_required
@require_GET
def competition_detail(request, pk):
    """The leaderboard: place across the chain and in the club, total, each round, each judge."""
    viewer = viewer_of(request)
    competition = access.get_competition(viewer, pk)
    standings = scoring.ranking(competition)
    shown = access.leaderboard_clubs(viewer)
    if shown is not None:
        standings = [s for s in standings if s.entry.club_id in shown]
    judges = list(competition.judges.select_related("person"))
    named = {j.person_id: j.person.name for j in judges if access.leaderboard_names_judge(j.person, shown)}
    rounds = list(competition.rounds.all())
    for standing in standings:
        standing.round_rows = [
            (r, standing.rounds.get(r.pk), [(named.get(judge_id, _("another club's judge")), score)
                                           for judge_id, score in standing.judges.get(r.pk, [])])
            for r in rounds
        ]
    context = {
        "competition": competition, "standings": standings, "rounds": rounds,
        "upcoming": scoring.is_upcoming(competition), "any_scored": any(s.scored for s in standings),
        "criteria": competition.criteria.all(), "judges": [j for j in judges if j.person_id in named],
        "is_judge": any(j.person_id == viewer.pk for j in judges),
        "may_finish": access.may_organise_competitions(viewer, competition.club) and not competition.is_finished,
        "chain_wide": competition.club_id is None,
    }
    return render(request, "training/competition_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def competition_score(request, pk):
    """A judge's sheet for one round: every entrant they score, every criterion, one submit."""
    viewer = viewer_of(request)
    competition = access.get_competition(viewer, pk)
    if not access.is_judge(viewer, competition):
        raise PermissionDenied
    rounds = list(competition.rounds.all())
    round_id = id_param(request, "round")
    current = next((r for r in rounds if r.pk == round_id), None) if round_id else (rounds[0] if rounds else None)
    if current is None:
        raise Http404
    entries = [e for e in competition.entries.select_related("person__team") if access.judge_may_score(viewer, e)]
    blocked = scoring.scoring_problems(judge=viewer, entries=entries,
                                       forbidden_clubs=scoring.forbidding_clubs(entries))
    criteria = list(competition.criteria.all())
    initial = {
        f"e{s.entry_id}_c{s.criterion_id}": s.score
        for s in JudgeScore.objects.filter(round=current, judge=viewer, entry__competition=competition)
    }
    form = JudgeScoresForm(request.POST or None, initial=initial, entries=entries, criteria=criteria, blocked=blocked)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, _("Nothing was saved yet; see below. What you entered is still there."))
        else:
            try:
                count = scoring.scores_save(competition=competition, round=current, judge=viewer,
                                            scores=form.cleaned_data["scores"])
            except scoring.ScoringRefused as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("%(count)s scores saved.") % {"count": count})
                return redirect(f"{reverse('training:competition_score', args=[competition.pk])}?round={current.pk}")
    context = {"competition": competition, "rounds": rounds, "current": current, "form": form}
    return render(request, "training/competition_score.html", context)


@login_required
@require_POST
def competition_finish(request, pk):
    viewer = viewer_of(request)
    competition = access.get_competition(viewer, pk)
    if not access.may_organise_competitions(viewer, competition.club):
        raise PermissionDenied
    scoring.competition_finish(competition=competition, by=viewer)
    messages.success(request, _("The competition is finished; the results are final."))
    return redirect("training:competition_detail", pk=competition.pk)


urls = [
    path("competitions/", competition_list, name="competition_list"),
    path("competitions/new/", competition_add, name="competition_add"),
    path("competitions/<int:pk>/", competition_detail, name="competition_detail"),
    path("competitions/<int:pk>/score/", competition_score, name="competition_score"),
    path("competitions/<int:pk>/finish/", competition_finish, name="competition_finish"),
]
