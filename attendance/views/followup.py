"""Follow-up (technical manager duty 8) and the month lock."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from staff import access
from staff.access import club_in_reach, visible_departments

from .. import locks
from ..access import may_hold_talks
from ..forms.followup import LockForm, TalkForm

from ..models import AttendanceTalk
from kernel.months import last_months, month_start, next_month, previous_month
from ..scope import clubs_to_pick, floor_links, id_from, month_from, scope_for
from ..selectors.followup import lock_overview, month_followup_page
from ..selectors.stats import month_sheet
from ..services.followup import TalkConflict, talk_record


PER_PAGE = 50  # people per page of each list


class Phrases:
    """The plural phrases of the follow-up lists, each translated once per count and request."""

    def __init__(self):
        self.cache = {}

    def _phrase(self, key, n, translate):
        """``translate(n)`` once per phrase and count; each ``translate`` is an ``ngettext`` with its words
        written out, so that makemessages finds them."""
        text = self.cache.get((key, n))
        if text is None:
            text = self.cache[key, n] = translate(n) % {"counter": n}
        return text

    def counts(self, person):
        late = self._phrase("late", person.late,
                            lambda n: ngettext("late %(counter)s time", "late %(counter)s times", n))
        absences = self._phrase("absent", person.absent,
                                lambda n: ngettext("%(counter)s absence", "%(counter)s absences", n))
        early = self._phrase("early", person.early,
                             lambda n: ngettext("%(counter)s early leave", "%(counter)s early leaves", n))
        return f"{late} ({person.late_minutes}′) · {absences} · {early}"

    def worked(self, n):
        return self._phrase("worked", n, lambda n: ngettext("%(counter)s day worked", "%(counter)s days worked", n))


@login_required
@require_GET
def followup(request):
    """The month's honour roll and the people who need a talk, with the talk held so far."""
    viewer = access.viewer_of(request)
    scope = scope_for(request, viewer)
    zone = scope.club.zone
    month = month_from(request, zone)
    result = month_followup_page(scope.club, month, among=scope.people, page=request.GET.get("page"),
                                 honour_page=request.GET.get("honour_page"), per_page=PER_PAGE)
    talk_page, honour_page = result.talk_page, result.honour_page
    phrases = Phrases()
    # The talk page's address once, each person's by putting their id in it.
    before, after = reverse("attendance:followup_talk", args=[987654321]).split("987654321")
    for person in talk_page.object_list:
        person.counts_text = phrases.counts(person)
        person.talk_url = f"{before}{person.pk}{after}?month={month:%Y-%m}"
    for person in honour_page.object_list:
        person.worked_text = phrases.worked(person.worked)
    context = {
        "scope": scope,
        "result": result,
        "talk_page": talk_page,
        "honour_page": honour_page,
        "month": month,
        "previous_month": previous_month(month),
        "next_month": next_month(month),
        "running": month == month_start(timezone.localdate(timezone=zone)),
        "may_hold_talks": may_hold_talks(viewer),
        "floor_links": floor_links(viewer),
        "clubs": clubs_to_pick(viewer),
        "teams": access.visible_teams(viewer).filter(club=scope.club).order_by("name"),
        "departments": visible_departments(viewer).filter(club=scope.club),
    }
    return render(request, "attendance/followup.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def followup_talk(request, person_id):
    """Record the talk with one person about one month: the real cause found and the help agreed."""
    viewer = access.viewer_of(request)
    person = access.get_person(viewer, person_id)
    if not may_hold_talks(viewer) or person.pk == viewer.pk or person.club_id is None:
        raise PermissionDenied
    club, zone = person.club, person.club.zone
    month = month_from(request, zone)
    talk = AttendanceTalk.objects.filter(person=person, month=month).select_related("held_by").first()
    form = TalkForm(request.POST or None, instance=talk, month=month, zone=zone)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # A talk counts in the month it is about, whenever it was held.
        problem = locks.lock_error(viewer, club, month, data["lock_reason"])
        if problem:
            form.add_error("lock_reason" if locks.may_change_locked(viewer, club) else None, problem)
        else:
            try:
                talk_record(person=person, month=month, data=data, by=viewer, reason=data["lock_reason"].strip())
            except TalkConflict:
                form.add_error(None, _("Someone else recorded this talk a moment ago. Open the page again to see it."))
            else:
                messages.success(
                    request, _("The talk with %(name)s about %(month)s is recorded.")
                    % {"name": person.name, "month": f"{month:%Y-%m}"},
                )
                return redirect(f"{reverse('attendance:followup')}?club={club.pk}&month={month:%Y-%m}")
    sheet = month_sheet(people=Q(pk=person.pk), month=month, today=timezone.localdate(timezone=zone))
    context = {
        "person": person,
        "month": month,
        "talk": talk,
        "form": form,
        "sheet": sheet,
        "floor_links": floor_links(viewer),
    }
    return render(request, "attendance/followup_talk.html", context)


def _lock_club(request, viewer):
    if request.GET.get("club"):
        club = club_in_reach(viewer, id_from(request.GET["club"]))
    elif viewer.club_id:
        club = viewer.club
    else:
        club = clubs_to_pick(viewer).first()
        if club is None:
            raise Http404
    if not locks.may_open_lock_page(viewer) or not locks.may_lock(viewer, club):
        raise PermissionDenied
    return club


@login_required
@require_http_methods(["GET", "POST"])
def month_lock(request):
    """The last twelve months of a club with their lock; a finished month is locked after a check."""
    viewer = access.viewer_of(request)
    club = _lock_club(request, viewer)
    today = timezone.localdate(timezone=club.zone)
    months = last_months(month_start(today), 12)
    form = LockForm(request.POST or None, months=months)
    if request.method == "POST":
        if form.is_valid():
            month = form.cleaned_data["month"]
            try:
                locks.month_lock(club=club, month=month, by=viewer)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("%(month)s is locked.") % {"month": f"{month:%Y-%m}"})
                return redirect(f"{request.path}?club={club.pk}")
        else:
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    context = {
        "club": club,
        "clubs": clubs_to_pick(viewer),
        "overview": lock_overview(club, months, today=today),
        "form": form,
        "floor_links": floor_links(viewer),
    }
    return render(request, "attendance/month_lock.html", context)


urls = [
    path("followup/", followup, name="followup"),
    path("followup/talk/<int:person_id>/", followup_talk, name="followup_talk"),
    path("lock/", month_lock, name="month_lock"),
]
