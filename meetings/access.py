"""Who may read and who may run meetings, series, action items and summary reports.

Built only on the kernel's scope primitives (``staff.access``) and this app's models.

Reading a meeting (its agenda, attendance, minutes, decisions, action items):

* the owner: every club; the store manager: their club;
* a department head: the meetings of the departments they head (``HEAD_DEPARTMENTS``);
* anyone: the meetings of their own department;
* anyone invited: the chair, everyone on the meeting's list (expected or guest), and the owner
  of one of its action items.

Club-wide meetings (a series without a department) are read by the club's managers and by
those invited. Running a meeting (attendance, minutes, decisions, action items, moving or
cancelling it) is for its chair and for whoever manages its series: the owner, the club's
store manager and the heads of its department. Only the chair finalises the minutes.
A summary report is read by the owner, the club's store manager, its author and (once handed
in) the superior it is for.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from staff.access import (
    club_from_request,
    head_kinds,
    in_viewer_clubs,
    may_manage_club,
    may_see_club_pages,
    sees_every_club,
)
from staff.models import Department, Person, Role

from .models import ActionItem, Attendee, Meeting, MeetingSeries, Report


def meetings_club(request, viewer):
    """The club a meetings list shows: ``?club=<id>`` for the owner, else the viewer's own (whatever ``?club=`` says)."""
    if sees_every_club(viewer):
        return club_from_request(request, viewer)
    return viewer.club


def meetings_filter(viewer):
    """A Q over Meeting that keeps the meetings ``viewer`` may read."""
    if viewer.position == Role.OWNER:
        return Q()
    if viewer.position == Role.STORE_MANAGER:
        return Q(club_id=viewer.club_id)
    invited = (
        Q(chair_id=viewer.pk)
        | Exists(Attendee.objects.filter(meeting=OuterRef("pk"), person_id=viewer.pk))
        | Exists(ActionItem.objects.filter(meeting=OuterRef("pk"), owner_id=viewer.pk))
    )
    return Q(club_id=viewer.club_id) & (invited | _meetings_of_departments(viewer))


def _meetings_of_departments(viewer):
    """A Q over meetings or series: those of the departments ``viewer`` heads or belongs to, and
    the club-wide ones for those who see the club's pages."""
    q = Q(pk__in=[])
    kinds = head_kinds(viewer)
    if kinds:
        q |= Q(department__kind__in=kinds)
    if viewer.department_id:
        q |= Q(department_id=viewer.department_id)
    if may_see_club_pages(viewer):
        q |= Q(department__isnull=True)
    return q


def series_filter(viewer):
    """A Q over MeetingSeries that keeps the series ``viewer`` may read (the same rule, by series)."""
    if viewer.position == Role.OWNER:
        return Q()
    if viewer.position == Role.STORE_MANAGER:
        return Q(club_id=viewer.club_id)
    return Q(club_id=viewer.club_id) & (Q(chair_id=viewer.pk) | Q(people=viewer.pk) | _meetings_of_departments(viewer))


def visible_meetings(viewer):
    return Meeting.objects.filter(meetings_filter(viewer))


def visible_series(viewer):
    return MeetingSeries.objects.filter(pk__in=MeetingSeries.objects.filter(series_filter(viewer)).values("pk"))


def may_manage_series(viewer, series):
    """Edit a series and add meetings to it: the owner, the club's store manager, the department's heads, its chair."""
    if not in_viewer_clubs(viewer, series.club_id):
        return False
    if may_manage_club(viewer, series.club):
        return True
    if series.chair_id == viewer.pk:
        return True
    return series.department_id is not None and series.department.kind in head_kinds(viewer)


def may_run_meeting(viewer, meeting):
    """Take attendance, write minutes, decisions and action items, move or cancel: the chair and the series' managers."""
    return meeting.chair_id == viewer.pk or may_manage_series(viewer, meeting.series)


def may_finalise_minutes(viewer, meeting):
    """The chair finalises; a meeting without a chair is finalised by whoever manages its series."""
    if meeting.chair_id is not None:
        return meeting.chair_id == viewer.pk
    return may_manage_series(viewer, meeting.series)


def may_correct_minutes(viewer, meeting):
    """Correct finalised minutes (always with a reason): the chair, the store manager, the owner."""
    return meeting.chair_id == viewer.pk or may_manage_club(viewer, meeting.club)


def may_update_action_item(viewer, item):
    """Close or reopen an action item: its owner, and whoever may run its meetings."""
    return item.owner_id == viewer.pk or item.series.chair_id == viewer.pk or may_manage_series(viewer, item.series)


def series_departments(viewer, club):
    """The departments of ``club`` in which ``viewer`` may create a series (the owner and store manager: all)."""
    if may_manage_club(viewer, club):
        return Department.objects.filter(club=club)
    return Department.objects.filter(club=club, kind__in=head_kinds(viewer)) if viewer.club_id == club.pk else Department.objects.none()


def may_add_series(viewer, club):
    return may_manage_club(viewer, club) or (viewer.club_id == club.pk and bool(head_kinds(viewer)))


def meeting_candidates(club):
    """Whom a meeting may invite as a guest or name as an action item's owner: anyone active in its club."""
    return Person.objects.active().filter(club=club).order_by("name")


def reports_filter(viewer):
    """A Q over a meeting's summary Report: the owner all; the store manager their club's; the author
    theirs; the superior the reports handed to them (not drafts)."""
    if viewer.position == Role.OWNER:
        return Q()
    mine = Q(author_id=viewer.pk) | Q(meeting__chair_id=viewer.pk) | (Q(to_id=viewer.pk) & ~Q(status=Report.Status.DRAFT))
    if viewer.position == Role.STORE_MANAGER:
        return Q(club_id=viewer.club_id) | mine
    return mine


def may_see_report(viewer, report):
    return Report.objects.filter(reports_filter(viewer), pk=report.pk).exists()


def may_write_report(viewer, meeting):
    """The chair writes and submits a summary report (a meeting without a chair: whoever finalises it)."""
    return may_finalise_minutes(viewer, meeting)


def may_review_report(viewer, report):
    """The superior a summary report is for acknowledges or returns it; the owner may stand in."""
    if report.author_id == viewer.pk:
        return False  # four eyes: nobody acknowledges their own report
    return report.to_id == viewer.pk or sees_every_club(viewer)


# What a meeting is read with (its PDF's key, ``pdf.minutes_key``, depends on it: the job that draws the PDF reads
# the meeting the same way).
MEETING_RELATED = ("series", "series__department", "series__club", "club", "department", "chair", "finalised_by")


def get_meeting(viewer, pk, *, run=False):
    meeting = get_object_or_404(Meeting.objects.select_related(*MEETING_RELATED), pk=pk)
    if not in_viewer_clubs(viewer, meeting.club_id):
        raise Http404
    if not visible_meetings(viewer).filter(pk=meeting.pk).exists():
        raise PermissionDenied
    if run and not may_run_meeting(viewer, meeting):
        raise PermissionDenied
    return meeting


def get_series(viewer, pk, *, manage=False):
    series = get_object_or_404(MeetingSeries.objects.select_related("club", "department", "chair"), pk=pk)
    if not in_viewer_clubs(viewer, series.club_id):
        raise Http404
    if manage:
        if not may_manage_series(viewer, series):
            raise PermissionDenied
    elif not MeetingSeries.objects.filter(series_filter(viewer), pk=series.pk).exists():
        raise PermissionDenied
    return series


def get_action_item(viewer, pk):
    item = get_object_or_404(
        ActionItem.objects.select_related("series", "series__club", "series__department", "meeting", "owner"), pk=pk
    )
    if not in_viewer_clubs(viewer, item.club_id):
        raise Http404
    if not may_update_action_item(viewer, item):
        raise PermissionDenied
    return item
