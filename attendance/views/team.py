import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from staff import access

from .. import checkin, locks
from ..access import may_edit_locked_days
from ..forms.daily import TeamRowForm, initial_for
from ..groups import direct_reports, group_for, groups_for_picker
from ..scope import day_from
from ..selectors.daily import policy_and_items
from ..selectors.daily import team_day as team_rows
from ..services.daily import team_day_save


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
        if not may_edit or (locked and not may_edit_locked):
            raise PermissionDenied
        reason = request.POST.get("lock_reason", "").strip()
        valid = all([row.form.is_valid() for row in rows])
        if future:
            messages.error(request, _("This day has not come yet; attendance can only be recorded for today or earlier."))
        elif lock_problem := locks.lock_error(viewer, club, day, reason):  # the month-lock rule, once, in locks.py
            messages.error(request, lock_problem)
        elif valid:
            team_day_save(club=club, day=day, rows=rows, by=viewer, reason=reason)
            messages.success(request, _("Saved %(count)s people for %(day)s.") % {"count": len(rows), "day": day})
            return redirect(f"{request.path}?{group.query}&date={day.isoformat()}")
        # Not valid: the banner on the page names the rows to check and links to each (team_day.html).
    context = {
        "group": group,
        "teams": groups_for_picker(viewer),
        "has_reports": direct_reports(viewer).exists(),
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
    return render(request, "attendance/team_day.html", context)


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
