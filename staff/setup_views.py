"""Setting up a club without a developer: the owner adds a club; the owner and the club's store manager add
its departments and teams, set a team's supervisor, close a team; the setup checklist says what is done and
what is still missing, each step linking to the page where it is done (``registry.setup_steps``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from kernel.clock import club_today

from . import access, registry, services
from .forms import ClubForm, DepartmentForm, TeamCloseForm, TeamForm, TeamReopenForm, TeamSupervisorForm
from .models import Club, Person, Role

ACTIVE = Q(members__status=Person.Status.ACTIVE)

# Who should be able to sign in from the first day: the people who record and lead.
SIGNS_IN = (Role.STORE_MANAGER, Role.MARKETING_DIRECTOR, Role.CARE_MANAGER, Role.TECHNICIAN_MANAGER,
            Role.TECHNICAL_MANAGER, Role.SUPERVISOR)


def _steps(club):
    steps = registry.setup_steps(club)
    return steps, sum(1 for step in steps if step["done"])


@login_required
@require_http_methods(["GET"])
def setup_home(request):
    """The owner: every club with how far its setup is, and a new club. A store manager: their club's checklist."""
    viewer = access.viewer_of(request)
    if not access.may_set_up_clubs(viewer):
        raise PermissionDenied
    if not access.sees_every_club(viewer):
        return _checklist(request, viewer, viewer.club)
    clubs = []
    for club in Club.objects.order_by("name"):
        steps, done = _steps(club)
        clubs.append({"club": club, "done": done, "total": len(steps)})
    return render(request, "staff/setup_home.html", {"clubs": clubs, "may_create": access.may_create_club(viewer)})


@login_required
@require_http_methods(["GET"])
def club_setup(request, pk):
    viewer = access.viewer_of(request)
    club = access.get_club_to_set_up(viewer, pk)
    return _checklist(request, viewer, club)


def _checklist(request, viewer, club):
    steps, done = _steps(club)
    teams = list(
        club.teams.select_related("department", "supervisor", "supervisor__user")
        .annotate(size=Count("members", filter=ACTIVE))
        .order_by("closed_on", "name")
    )
    people = Person.objects.active().filter(club=club)
    context = {
        "club": club,
        "steps": steps,
        "done": done,
        "next_step": next((step for step in steps if not step["done"]), None),
        "departments": club.departments.annotate(team_count=Count("teams", filter=Q(teams__closed_on__isnull=True))),
        "missing_departments": DepartmentForm(club=club).missing,
        "open_teams": [team for team in teams if not team.is_closed],
        "closed_teams": [team for team in teams if team.is_closed],
        "headcount": people.count(),
        "picks_club": access.sees_every_club(viewer),
        "may_edit_club": access.may_create_club(viewer),
        "without_login": people.filter(position__in=SIGNS_IN).filter(Q(user__isnull=True) | Q(user__is_active=False))
        .order_by("position", "name"),
        "without_team": people.filter(position=Role.TECHNICIAN, team__isnull=True).order_by("name"),
    }
    return render(request, "staff/setup_checklist.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def club_add(request):
    viewer = access.viewer_of(request)
    if not access.may_create_club(viewer):
        raise PermissionDenied
    form = ClubForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        club = form.save()
        messages.success(request, _("%(club)s was added. Next: its departments, teams and people.") % {"club": club.name})
        return redirect("staff:club_setup", pk=club.pk)
    return render(request, "staff/setup_form.html", {
        "form": form, "title": _("Add a club"), "cancel_url": reverse("staff:setup_home"),
        "intro": _("The club starts with the default grooming items, hygiene items and quality criteria; "
                   "its departments, teams and people come next."),
    })


@login_required
@require_http_methods(["GET", "POST"])
def club_edit(request, pk):
    """The owner changes a club's name, code, address or time zone; the club's history keeps every change."""
    viewer = access.viewer_of(request)
    club = access.club_in_reach(viewer, pk)  # another club: 404
    if not access.may_create_club(viewer):  # the club's own store manager and heads: 403
        raise PermissionDenied
    form = ClubForm(request.POST if request.method == "POST" else None, instance=club)
    if form.is_valid():
        if form.has_changed():
            club = form.save()
            messages.success(request, _("%(club)s was saved.") % {"club": club.name})
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect("staff:club_setup", pk=club.pk)
    return render(request, "staff/setup_form.html", {
        "form": form, "club": Club.objects.get(pk=club.pk), "title": _("Edit the club"),
        "cancel_url": _setup_url(club),
        "intro": _("A new time zone changes the club's day from now on: what was recorded keeps its date."),
    })


@login_required
@require_http_methods(["GET", "POST"])
def department_add(request, pk):
    viewer = access.viewer_of(request)
    club = access.get_club_to_set_up(viewer, pk)
    form = DepartmentForm(request.POST if request.method == "POST" else None, club=club)
    if not form.missing:
        return render(request, "staff/setup_form.html", {
            "club": club, "title": _("Add a department"), "cancel_url": _setup_url(club, "#departments"),
            "intro": _("%(club)s already has every department.") % {"club": club.name},
        })
    if form.is_valid():
        department = form.save()
        messages.success(request, _("The department %(name)s was added.") % {"name": department.get_kind_display()})
        return redirect("staff:club_setup", pk=club.pk)
    return render(request, "staff/setup_form.html", {
        "form": form, "club": club, "title": _("Add a department"), "cancel_url": _setup_url(club, "#departments"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def team_add(request, pk):
    viewer = access.viewer_of(request)
    club = access.get_club_to_set_up(viewer, pk)
    if not club.departments.exists():
        messages.warning(request, _("Add the club's departments first: a team belongs to one."))
        return redirect("staff:department_add", pk=club.pk)
    form = TeamForm(request.POST if request.method == "POST" else None, club=club)
    if form.is_valid():
        team = form.save()
        supervisor = form.cleaned_data.get("supervisor")
        if supervisor is not None:
            services.team_set_supervisor(team=team, supervisor=supervisor)
        messages.success(request, _("The team %(name)s was added.") % {"name": team.name})
        return redirect(_setup_url(club, "#teams"))
    return render(request, "staff/setup_form.html", {
        "form": form, "club": club, "title": _("Add a team"), "cancel_url": _setup_url(club, "#teams"),
        "intro": _("Add the supervisor as a person first to choose them here, or set the supervisor later."),
    })


def _open_team(request, viewer, pk):
    team = access.get_team_to_set_up(viewer, pk)
    if team.is_closed:
        messages.warning(request, _("%(name)s is closed.") % {"name": team.name})
        return team, redirect(_setup_url(team.club, "#teams"))
    return team, None


@login_required
@require_http_methods(["GET", "POST"])
def team_supervisor(request, pk):
    viewer = access.viewer_of(request)
    team, closed = _open_team(request, viewer, pk)
    if closed:
        return closed
    form = TeamSupervisorForm(request.POST if request.method == "POST" else None, team=team)
    if form.is_valid():
        supervisor = form.cleaned_data["supervisor"]
        services.team_set_supervisor(team=team, supervisor=supervisor)
        messages.success(request, _("%(name)s now leads %(team)s.") % {"name": supervisor.name, "team": team.name})
        return redirect(_setup_url(team.club, "#teams"))
    return render(request, "staff/setup_form.html", {
        "form": form, "club": team.club, "team": team, "cancel_url": _setup_url(team.club, "#teams"),
        "title": _("Supervisor of %(team)s") % {"team": team.name},
        "intro": _("A supervisor leads one team: choosing one who leads another team leaves that team without a "
                   "supervisor. The technicians who reported to the old supervisor now report to the new one."),
    })


@login_required
@require_http_methods(["GET", "POST"])
def team_close(request, pk):
    viewer = access.viewer_of(request)
    team, closed = _open_team(request, viewer, pk)
    if closed:
        return closed
    form = TeamCloseForm(request.POST if request.method == "POST" else None, team=team)
    if form.is_valid():
        moved = services.team_close(team=team, on=club_today(team.club), move_to=form.cleaned_data["move_to"])
        if moved:
            messages.success(request, ngettext(
                "%(name)s was closed; its %(count)s technician moved to %(team)s.",
                "%(name)s was closed; its %(count)s technicians moved to %(team)s.", moved,
            ) % {"name": team.name, "count": moved, "team": form.cleaned_data["move_to"].name})
        else:
            messages.success(request, _("%(name)s was closed.") % {"name": team.name})
        return redirect(_setup_url(team.club, "#teams"))
    members = team.members.active().order_by("name")
    return render(request, "staff/setup_team_close.html", {"form": form, "team": team, "members": members})


@login_required
@require_http_methods(["GET", "POST"])
def team_reopen(request, pk):
    """Reopen a closed team: it comes back to the pickers and the team screen, without technicians or a
    supervisor until they are set (the setup checklist says so)."""
    viewer = access.viewer_of(request)
    team = access.get_team_to_set_up(viewer, pk)
    if not team.is_closed:
        messages.info(request, _("%(name)s is open.") % {"name": team.name})
        return redirect(_setup_url(team.club, "#teams"))
    form = TeamReopenForm(request.POST if request.method == "POST" else None, team=team)
    if form.is_valid():
        team.closed_on = None
        team._change_reason = form.cleaned_data["reason"] or None
        team.save()
        supervisor = form.cleaned_data.get("supervisor")
        if supervisor is not None:
            services.team_set_supervisor(team=team, supervisor=supervisor)
            messages.success(request, _("%(name)s is open again, led by %(supervisor)s. Move its technicians "
                                        "back from their person pages.") % {"name": team.name,
                                                                            "supervisor": supervisor.name})
        else:
            messages.success(request, _("%(name)s is open again. Set its supervisor and move its technicians back.")
                             % {"name": team.name})
        return redirect(_setup_url(team.club, "#teams"))
    return render(request, "staff/setup_form.html", {
        "form": form, "club": team.club, "team": team, "cancel_url": _setup_url(team.club, "#teams"),
        "title": _("Reopen %(team)s") % {"team": team.name},
        "intro": _("%(team)s was closed on %(day)s. Reopened, it is back in the team pickers and on the team "
                   "screen; its records and history are kept.") % {"team": team.name, "day": team.closed_on},
        "submit": _("Reopen the team"),
    })


def _setup_url(club, anchor=""):
    return reverse("staff:club_setup", args=[club.pk]) + anchor
