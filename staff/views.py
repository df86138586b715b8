from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from . import access, history, registry, services
from .forms import DeactivateForm, LoginAccountForm, MoveTeamForm, PeopleFilterForm, PersonForm
from .models import DEPARTMENT_HEADS, Notice, Person, Role, Team

ACTIVE = Q(members__status=Person.Status.ACTIVE)


@login_required
def home(request):
    """The signed-in person's Today page: "what needs me now".

    The apps' panels (``registry.today_page``) — urgent ones first, empty ones left out, a calm
    "nothing needs you now" when none asks anything — then a supervisor's team for reference (the
    clubs and teams are on the floor's panels and in the Club menu). A fixed number of queries whatever
    the size of the club.
    """
    viewer = request.person
    context = {"viewer": viewer}
    if viewer is None or not viewer.is_active:
        return render(request, "staff/home.html", context)
    page = registry.today_page(viewer)
    context["panels"] = page.templates
    context["all_clear"] = not page.needs
    context.update(page.context)
    if access.leads_a_team(viewer):
        team = getattr(viewer, "led_team", None)
        context["leads_team"] = True
        context["team"] = team
        if team:
            context["members"] = team.members.active().order_by("name")
    return render(request, "staff/home.html", context)


@login_required
def club_list(request):
    viewer = access.viewer_of(request)
    if not access.may_see_club_pages(viewer):
        raise PermissionDenied
    clubs = access.visible_clubs(viewer).annotate(
        headcount=Count("people", filter=Q(people__status=Person.Status.ACTIVE), distinct=True),
        team_count=Count("teams", distinct=True),
    )
    return render(request, "staff/club_list.html", {"clubs": clubs})


@login_required
def club_detail(request, pk):
    """The club's org chart: departments → heads → supervisors' teams → technician counts."""
    viewer = access.viewer_of(request)
    club = access.get_club(viewer, pk)
    people = Person.objects.active().filter(club=club)
    leaders = people.filter(position__in=[Role.STORE_MANAGER, *DEPARTMENT_HEADS]).select_related("department")
    teams = list(club.teams.select_related("supervisor", "department").annotate(size=Count("members", filter=ACTIVE)))
    opens = set(Team.objects.filter(access.team_filter(viewer, closed=True), club=club).values_list("pk", flat=True))
    for team in teams:
        team.oversized = services.team_is_oversized(team, team.size)
        team.opens = team.pk in opens  # a team page the viewer may open is linked, another is named
    counts = {}
    for row in people.values("department_id", "position").annotate(n=Count("id")):
        counts.setdefault(row["department_id"], []).append((Role(row["position"]).label, row["n"]))
    departments = []
    for department in club.departments.all():
        departments.append(
            {
                "department": department,
                "heads": [p for p in leaders if p.department_id == department.pk and p.position != Role.STORE_MANAGER],
                "teams": [t for t in teams if t.department_id == department.pk],
                "counts": counts.get(department.pk, []),
            }
        )
    context = {
        "club": club,
        "store_managers": [p for p in leaders if p.position == Role.STORE_MANAGER],
        "departments": departments,
        "headcount": people.count(),
        "unassigned": people.filter(position=Role.TECHNICIAN, team__isnull=True).count(),
        "may_manage": access.may_manage_people(viewer, club),
    }
    return render(request, "staff/club_detail.html", context)


@login_required
def team_detail(request, pk):
    viewer = access.viewer_of(request)
    team = access.get_team(viewer, pk)
    members = list(team.members.active().order_by("name"))
    context = {
        "team": team,
        "members": members,
        "oversized": services.team_is_oversized(team, len(members)),
        "size_limit": services.settings.TEAM_SIZE_WARNING,
    }
    return render(request, "staff/team_detail.html", context)


@login_required
def person_list(request):
    viewer = access.viewer_of(request)
    if not access.may_list_people(viewer):
        raise PermissionDenied
    form = PeopleFilterForm(request.GET or None, viewer=viewer)
    people = form.filter(access.visible_people(viewer)).select_related("club", "department", "team")
    page = Paginator(people.order_by("club__name", "name"), 50).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "may_add": access.may_manage_people(viewer)}
    return render(request, "staff/person_list.html", context)


@login_required
def person_detail(request, pk):
    """A person and their history, with the apps' sections (``registry``): follow-up, scorecard, training."""
    viewer = access.viewer_of(request)
    person = access.get_person(viewer, pk)
    sections, sections_context = registry.person_sections(viewer, person)
    context = {
        "person": person,
        "sections": sections,
        "changes": history.person_changes(person),
        "may_change": access.may_change_person(viewer, person),
        "may_move": access.may_move_technician(viewer, person) and person.is_active,
        **sections_context,
    }
    return render(request, "staff/person_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_add(request):
    viewer = access.viewer_of(request)
    if not access.may_manage_people(viewer):
        raise PermissionDenied
    form = PersonForm(request.POST or None, viewer=viewer)
    if form.is_valid():
        person = form.save()
        messages.success(request, _("%(name)s was added.") % {"name": person.name})
        return redirect(person)
    return render(request, "staff/person_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, pk):
    viewer = access.viewer_of(request)
    person = access.get_person(viewer, pk, change=True)
    form = PersonForm(request.POST or None, instance=person, viewer=viewer)
    if form.is_valid():
        form.save()
        messages.success(request, _("Changes to %(name)s were saved.") % {"name": person.name})
        return redirect(person)
    return render(request, "staff/person_form.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def person_deactivate(request, pk):
    viewer = access.viewer_of(request)
    person = access.get_person(viewer, pk, change=True)
    if person.pk == viewer.pk:
        raise PermissionDenied
    form = DeactivateForm(request.POST or None, person=person)
    if person.is_active and form.is_valid():
        services.person_deactivate(person=person, left_on=form.cleaned_data["left_on"])
        messages.success(request, _("%(name)s is marked as left; their login no longer works.") % {"name": person.name})
        return redirect(person)
    return render(request, "staff/person_deactivate.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def person_move(request, pk):
    viewer = access.viewer_of(request)
    person = access.get_person(viewer, pk)
    if not access.may_move_technician(viewer, person) or not person.is_active:
        raise PermissionDenied
    form = MoveTeamForm(request.POST or None, viewer=viewer, person=person)
    if form.is_valid():
        team = form.cleaned_data["team"]
        oversized = services.person_move_to_team(person=person, team=team)
        messages.success(request, _("%(name)s moved to %(team)s.") % {"name": person.name, "team": team.name})
        if oversized:
            messages.warning(
                request,
                _("%(team)s now has more than %(size)s technicians: the department needs another supervisor.")
                % {"team": team.name, "size": services.settings.TEAM_SIZE_WARNING},
            )
        return redirect(person)
    return render(request, "staff/person_move.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def person_login(request, pk):
    viewer = access.viewer_of(request)
    person = access.get_person(viewer, pk, change=True)
    if not person.is_active:
        raise PermissionDenied
    form = LoginAccountForm(request.POST or None, person=person)
    if form.is_valid():
        try:
            services.person_set_login(
                person=person, username=form.cleaned_data["username"], password=form.cleaned_data["password1"]
            )
        except IntegrityError:
            form.add_error("username", _("This username is already taken."))
        else:
            messages.success(request, _("The login of %(name)s was saved.") % {"name": person.name})
            return redirect(person)
    return render(request, "staff/person_login.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET"])
def record_history(request, model, pk):
    """Who changed a record, when, and from what to what; with the changes to the records that belong to it.

    For the people who manage the record's club (the owner, the club's store manager); a record of
    another club is a 404, a record of their own club a 403 for everyone else.
    """
    viewer = access.viewer_of(request)
    model_class = history.history_model(model)
    if model_class is None:
        raise Http404
    record = model_class._base_manager.filter(pk=pk).first()
    if record is None:
        raise Http404
    club = history.club_of(record)
    if club is None:
        if not access.sees_every_club(viewer):  # a chain-wide record is the owner's
            raise Http404
    else:
        access.club_in_reach(viewer, club.pk)
        if not access.may_manage_club(viewer, club):
            raise PermissionDenied
    context = {"record": record, "model_name": model_class._meta.verbose_name, "club": club}
    kind = request.GET.get("kind")
    if kind:  # one kind of the records that belong to it, further back
        groups = history.child_changes(record, limit=history.KIND_LIMIT, only=kind)
        if not groups:
            raise Http404
        context |= {"kind": groups[0], "child_groups": groups}
    else:  # the record's own changes, and the newest few of each kind of record that belongs to it
        context |= {"changes": history.record_changes(record),
                    "child_groups": history.child_changes(record, limit=history.GROUP_LIMIT)}
    return render(request, "staff/record_history.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def notices(request):
    """The signed-in person's notices, unread first; mark one or all as read.

    A notice leads to where something can be done about it; the app that wrote it says where
    (``registry.notice_link``).
    """
    viewer = access.viewer_of(request)
    mine = Notice.objects.filter(person=viewer)
    if request.method == "POST":
        now = timezone.now()
        if request.POST.get("all"):
            mine.filter(read_at__isnull=True).update(read_at=now)
        else:
            raw = request.POST.get("notice", "")
            notice = mine.filter(pk=int(raw)).first() if raw.isdecimal() else None
            if notice is None:
                raise Http404
            if notice.read_at is None:
                notice.read_at = now
                notice.save(update_fields=["read_at"])
        return redirect("staff:notices")
    ordered = mine.order_by(
        Case(When(read_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField()), "-created_at"
    )
    page = Paginator(ordered, 30).get_page(request.GET.get("page"))
    for notice in page:
        notice.link = registry.notice_link(notice)
    context = {"page": page, "unread": mine.filter(read_at__isnull=True).count()}
    return render(request, "staff/notices.html", context)


@require_POST
def set_language(request):
    """Django's language switch, and remembered on the person for their next sign-in."""
    language = request.POST.get("language")
    person = getattr(request, "person", None)
    if person is not None and language in dict(settings.LANGUAGES):  # not any language Django knows, e.g. fr
        person.language = language
        person.save_without_historical_record(update_fields=["language"])  # a preference, not in the history
    return django_set_language(request)


# Signing out (or a session ended for a person who left) clears what the browser keeps for the site: its HTTP
# cache, and its storage — IndexedDB (the entries a phone kept offline), the service worker's kept pages and the
# worker itself. The page's script (static/js/offline.js) has already sent what was waiting, asked before
# dropping what could not be sent, and cleared it before the form is posted; this header is the server's
# guarantee for a browser whose script did not run.
CLEAR_SITE_DATA = '"cache", "storage"'


class SignOutView(auth_views.LogoutView):
    """Django's sign-out (POST only), answered with ``Clear-Site-Data``."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the form was stale (e.g. signed in again in another tab); say so in the person's
    language, in the app's layout, with a way back, instead of Django's English page."""
    return render(request, "403_csrf.html", status=403)
