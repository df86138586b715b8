import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from staff import access

from .. import checkin, locks, offline
from ..access import may_edit_locked_days
from ..forms.daily import TeamRowForm, initial_for
from ..groups import group_for, has_reports, open_teams
from ..models import TeamSubmission
from ..scope import day_from
from ..selectors.daily import policy_and_items
from ..selectors.daily import team_day as team_rows
from ..services.daily import team_day_save
from . import team_card


@login_required
@require_http_methods(["GET", "POST"])
def team_day(request):
    """The team screen: a whole team's (or a manager's direct reports') attendance and grooming in one submit."""
    viewer = access.viewer_of(request)
    group = group_for(request, viewer)
    club = group.club
    zone = club.zone
    day = day_from(request, zone)
    may_edit = group.may_edit
    locked = locks.is_locked(club, day)
    may_edit_locked = may_edit_locked_days(viewer, club)
    future = day > timezone.localdate(timezone=zone)
    policy, items = policy_and_items(club)
    rows = team_rows(people=group.people, day=day)
    data = request.POST if request.method == "POST" else None
    for row in rows:
        row.form = TeamRowForm(
            data, prefix=f"p{row.person.pk}", initial=initial_for(row, items, zone),
            person=row.person, day=day, zone=zone, shift=row.shift, policy=policy, items=items,
        )
    if request.method == "POST":
        answer = _post(request, viewer=viewer, group=group, day=day, rows=rows, items=items, locked=locked,
                       may_edit_locked=may_edit_locked, future=future)
        if answer is not None:
            return answer
        # Not valid: the banner on the page names the rows to check and links to each (team_day.html).
    context = {
        "group": group,
        "teams": open_teams(viewer),  # for the team picker
        "has_reports": has_reports(viewer),
        "day": day,
        "previous_day": day - datetime.timedelta(days=1),
        "next_day": day + datetime.timedelta(days=1),
        "rows": rows,
        "bad_rows": format_html_join(
            ", ", '<a class="alert-link" href="#row-{}">{}</a>',
            ((row.person.pk, row.person.name) for row in rows if row.form.is_bound and row.form.errors),
        ),
        "may_edit": may_edit and not future and (not locked or may_edit_locked),
        "locked": locked,
        "future": future,
    }
    for row in rows:
        row.card = team_card.card(row, may_edit=context["may_edit"], request=request)
    response = render(request, "attendance/team_day.html", context)
    if request.method == "GET" and _own(group, viewer):
        # The service worker keeps this page for the phone's offline use (templates/attendance/sw.js).
        response["X-ClubOps-Offline"] = str(viewer.pk)
    return response


def _own(group, viewer):
    """The viewer's own team (or their own direct reports): the one group a phone keeps for offline use."""
    team = getattr(group, "team", None)
    return team.supervisor_id == viewer.pk if team is not None else group.query == "reports=1"


def _post(request, *, viewer, group, day, rows, items, locked, may_edit_locked, future):
    """A submission of the team screen, at once or late from a phone's queue: the answer, or None to show the page.

    The rules are the same for both: who may edit, the month lock, days to come, the form's checks. A
    submission with an idempotency key is saved once; its repeat gets the first answer. A row someone
    else changed since the screen was loaded (``offline.is_conflict``) is not taken; the answer gives
    both values so that the supervisor chooses.
    """
    club, zone = group.club, group.club.zone
    if not group.may_edit:
        raise PermissionDenied
    if (before := offline.answered_before(offline.key_from(request), viewer)) is not None:
        return _answered(request, group, day, before)
    posted = offline.rows_posted(request, rows)
    reason = request.POST.get("lock_reason", "").strip()
    valid = all([row.form.is_valid() for row in posted])
    if locked and not may_edit_locked:
        if offline.wants_json(request):
            return JsonResponse({
                "status": "locked",
                "message": _("This month is locked. Only the store manager can change it, with a reason."),
                "taken": [],
                "conflicts": [offline.row_answer(row, items, zone) for row in posted if row.form.has_changed()],
            }, status=409)
        raise PermissionDenied
    if future:
        return offline.refused(request, 400, {"status": "future", "message": _(
            "This day has not come yet; attendance can only be recorded for today or earlier.")},
            _("This day has not come yet; attendance can only be recorded for today or earlier."))
    if lock_problem := locks.lock_error(viewer, club, day, reason):  # the month-lock rule, once, in locks.py
        return offline.refused(request, 409, {
            "status": "locked", "message": str(lock_problem), "taken": [],
            "conflicts": [offline.row_answer(row, items, zone) for row in posted if row.form.has_changed()],
        }, lock_problem)
    if not valid:
        return offline.refused(request, 400, {"status": "invalid", "errors": offline.errors_answer(posted)})
    conflicts = [row for row in posted if offline.is_conflict(request, row)]
    taken = [row for row in posted if row not in conflicts]
    answer = {
        "status": "conflict" if conflicts else "saved",
        "taken": [row.person.pk for row in taken],
        "conflicts": [offline.row_answer(row, items, zone) for row in conflicts],
    }

    def save():
        if taken:
            team_day_save(club=club, day=day, rows=taken, by=viewer, reason=reason)
        return answer

    kept = offline.save_once(request, viewer, kind=TeamSubmission.Kind.TEAM, club=club, day=day, reason=reason,
                             save=save)
    if kept is not answer:  # the same submission arrived twice at once, and the other was saved first
        return _answered(request, group, day, kept)
    if taken:
        messages.success(request, _("Saved %(count)s people for %(day)s.") % {"count": len(taken), "day": day})
    if conflicts and not offline.wants_json(request):
        # The page comes back with what is saved now; the message keeps what was entered, to enter again if right.
        messages.error(request, _("Someone else changed these people's day since you opened the screen, so "
                                  "nothing was saved for them: %(rows)s.") % {
            "rows": "; ".join(f"{entry['name']}: {entry['mine']}" for entry in answer["conflicts"])})
    return _answered(request, group, day, answer)


def _answered(request, group, day, answer):
    if offline.wants_json(request):
        return JsonResponse(answer)
    return redirect(f"{request.path}?{group.query}&date={day.isoformat()}")


@login_required
@require_POST
def check_in(request):
    """A person checks in or out from their Today page; the time is the server's."""
    viewer = access.viewer_of(request)
    error = checkin.check_in_or_out(person=viewer, action=request.POST.get("action", ""))
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Recorded at %(time)s.") % {"time": timezone.localtime().strftime("%H:%M")})
    return redirect("home")


urls = [
    path("team/", team_day, name="team_day"),
    path("check-in/", check_in, name="check_in"),
]
