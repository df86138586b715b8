"""Who may see and run which meetings: ``staff.access`` applied to meetings, in one place.

Reading a meeting (its agenda, attendance, minutes, decisions, action items):

* the owner: every club; the store manager: their club;
* a department head: the meetings of the departments they head (``staff.access.HEAD_DEPARTMENTS``);
* anyone: the meetings of their own department;
* anyone invited: the chair, everyone on the meeting's list (expected or guest), and the owner
  of one of its action items.

Club-wide meetings (a series without a department) are read by the club's managers and by
those invited. Running a meeting (attendance, minutes, decisions, action items, moving or
cancelling it) is for its chair and for whoever manages its series: the owner, the club's
store manager and the heads of its department. Only the chair finalises the minutes.

Answers follow ``staff.access``: another club's meeting is a 404, one of the viewer's club
that they may not read a 403, one they may read but not change a 403 on change.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from staff import access
from staff.models import Department, Person, Role

from .models import ActionItem, Attendee, Meeting, MeetingSeries, Report


def _head_kinds(viewer):
    return access.HEAD_DEPARTMENTS.get(viewer.position, set())


def _in_reach(viewer, club_id):
    """Whether ``club_id`` is one of the viewer's clubs (else the object is a 404)."""
    return viewer.position == Role.OWNER or club_id == viewer.club_id


# --- Query filters ------------------------------------------------------------------------------


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
    q = invited
    kinds = _head_kinds(viewer)
    if kinds:
        q |= Q(department__kind__in=kinds)
    if viewer.department_id:
        q |= Q(department_id=viewer.department_id)
    if access.may_see_club_pages(viewer):
        q |= Q(department__isnull=True)
    return Q(club_id=viewer.club_id) & q


def series_filter(viewer):
    """A Q over MeetingSeries that keeps the series ``viewer`` may read (the same rule, by series)."""
    if viewer.position == Role.OWNER:
        return Q()
    if viewer.position == Role.STORE_MANAGER:
        return Q(club_id=viewer.club_id)
    q = Q(chair_id=viewer.pk) | Q(people=viewer.pk)
    kinds = _head_kinds(viewer)
    if kinds:
        q |= Q(department__kind__in=kinds)
    if viewer.department_id:
        q |= Q(department_id=viewer.department_id)
    if access.may_see_club_pages(viewer):
        q |= Q(department__isnull=True)
    return Q(club_id=viewer.club_id) & q


def visible_meetings(viewer):
    return Meeting.objects.filter(meetings_filter(viewer))


def visible_series(viewer):
    return MeetingSeries.objects.filter(pk__in=MeetingSeries.objects.filter(series_filter(viewer)).values("pk"))


# --- Yes/no questions ---------------------------------------------------------------------------


def may_manage_series(viewer, series):
    """Edit a series and add meetings to it: the owner, the club's store manager, the department's heads, its chair."""
    if not _in_reach(viewer, series.club_id):
        return False
    if access.may_manage_club(viewer, series.club):
        return True
    if series.chair_id == viewer.pk:
        return True
    return series.department_id is not None and series.department.kind in _head_kinds(viewer)


def may_run_meeting(viewer, meeting):
    """Take attendance, write minutes, decisions and action items, move or cancel: the chair and the series' managers."""
    return meeting.chair_id == viewer.pk or may_manage_series(viewer, meeting.series)


def may_finalise(viewer, meeting):
    """The chair finalises; a meeting without a chair is finalised by whoever manages its series."""
    if meeting.chair_id is not None:
        return meeting.chair_id == viewer.pk
    return may_manage_series(viewer, meeting.series)


def may_correct(viewer, meeting):
    """Correct finalised minutes (always with a reason): the chair, the store manager, the owner."""
    return meeting.chair_id == viewer.pk or access.may_manage_club(viewer, meeting.club)


def may_update_action_item(viewer, item):
    """Close or reopen an action item: its owner, and whoever may run its meetings."""
    return item.owner_id == viewer.pk or item.series.chair_id == viewer.pk or may_manage_series(viewer, item.series)


def series_departments(viewer, club):
    """The departments of ``club`` in which ``viewer`` may create a series (the owner and store manager: all)."""
    if access.may_manage_club(viewer, club):
        return Department.objects.filter(club=club)
    return Department.objects.filter(club=club, kind__in=_head_kinds(viewer)) if viewer.club_id == club.pk else Department.objects.none()


def may_add_series(viewer, club):
    return access.may_manage_club(viewer, club) or (viewer.club_id == club.pk and bool(_head_kinds(viewer)))


def possible_owners(club):
    """Whom a meeting may name as an action item's owner: anyone active in its club."""
    return Person.objects.active().filter(club=club).order_by("name")


# --- Summary reports ----------------------------------------------------------------------------


def report_recipient(chair, club):
    """The superior a summary report goes to (PRODUCT.md §2, §3.4).

    Marketing director → the general manager (the owner); technical manager → the club's
    health-care manager; technician department manager → the store manager. Anyone else,
    or when that superior is missing, → the person the chair reports to, else the store
    manager, else the owner.
    """
    wanted = {
        Role.MARKETING_DIRECTOR: Q(position=Role.OWNER),
        Role.TECHNICAL_MANAGER: Q(position=Role.CARE_MANAGER, club=club),
        Role.TECHNICIAN_MANAGER: Q(position=Role.STORE_MANAGER, club=club),
    }.get(chair.position if chair else None)
    active = Person.objects.active()
    if wanted is not None:
        found = active.filter(wanted).exclude(pk=chair.pk).order_by("pk").first()
        if found:
            return found
    if chair and chair.reports_to_id and chair.reports_to.is_active:
        return chair.reports_to
    found = active.filter(position=Role.STORE_MANAGER, club=club).exclude(pk=getattr(chair, "pk", None)).first()
    return found or active.filter(position=Role.OWNER).order_by("pk").first()


def reports_filter(viewer):
    """A Q over Report: the owner all; the store manager their club's; the author theirs; the superior
    the reports handed to them (not drafts)."""
    if viewer.position == Role.OWNER:
        return Q()
    mine = Q(author_id=viewer.pk) | Q(meeting__chair_id=viewer.pk) | (Q(to_id=viewer.pk) & ~Q(status=Report.Status.DRAFT))
    if viewer.position == Role.STORE_MANAGER:
        return Q(club_id=viewer.club_id) | mine
    return mine


def may_see_report(viewer, report):
    return Report.objects.filter(reports_filter(viewer), pk=report.pk).exists()


def may_write_report(viewer, meeting):
    """The chair writes and submits (a meeting without a chair: whoever finalises it)."""
    return may_finalise(viewer, meeting)


def may_review_report(viewer, report):
    """The superior it is for acknowledges or returns it; the owner may stand in."""
    return report.to_id == viewer.pk or viewer.position == Role.OWNER


# --- Access-checked lookups for views ---------------------------------------------------------


def get_meeting(viewer, pk, *, run=False):
    meeting = get_object_or_404(
        Meeting.objects.select_related("series", "series__department", "series__club", "club", "department", "chair",
                                       "finalised_by"),
        pk=pk,
    )
    if not _in_reach(viewer, meeting.club_id):
        raise Http404
    if not visible_meetings(viewer).filter(pk=meeting.pk).exists():
        raise PermissionDenied
    if run and not may_run_meeting(viewer, meeting):
        raise PermissionDenied
    return meeting


def get_series(viewer, pk, *, manage=False):
    series = get_object_or_404(MeetingSeries.objects.select_related("club", "department", "chair"), pk=pk)
    if not _in_reach(viewer, series.club_id):
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
    if not _in_reach(viewer, item.club_id):
        raise Http404
    if not may_update_action_item(viewer, item):
        raise PermissionDenied
    return item
