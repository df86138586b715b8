"""Who may read, write, submit and approve work plans. Built only on ``staff.access``' primitives.

* **Write** (create, edit while a draft or returned, submit): the club's store manager (a plan of
  the whole club or of any department) and the department heads (plans of the departments they
  head, ``head_kinds``). Only the author edits and submits their plan.
* **Approve or return**: the plan's approver (the author's superior, ``services.approver_for``);
  the owner may stand in. Nobody approves their own plan (four eyes).
* **Read**: the owner every plan; the store manager their club's; a department head the plans of
  the departments they head and the whole club's; anyone their own plans and those waiting for
  them; and, once approved, the supervisors whose team (and the people) a target names.

Another club's plan: 404; a plan of one's club one may not read: 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from staff.access import head_kinds, in_viewer_clubs, sees_every_club
from staff.models import Department, Role

from .models import Plan, Status


def writes_plans(viewer):
    """The store managers and the department heads write plans (the owner approves, not writes)."""
    return viewer.club_id is not None and (viewer.position == Role.STORE_MANAGER or bool(head_kinds(viewer)))


def plan_departments(viewer, club):
    """The departments of ``club`` ``viewer`` may write a plan for (``None`` in the list: the whole club)."""
    if viewer.club_id != club.pk:
        return []
    if viewer.position == Role.STORE_MANAGER:
        return [None, *Department.objects.filter(club=club).order_by("kind")]
    return list(Department.objects.filter(club=club, kind__in=head_kinds(viewer)).order_by("kind"))


def plans_filter(viewer):
    """A Q over Plan: the plans ``viewer`` may read."""
    if sees_every_club(viewer):
        return Q()
    if viewer.position == Role.STORE_MANAGER:
        return Q(club_id=viewer.club_id)
    mine = Q(author_id=viewer.pk) | Q(approver_id=viewer.pk)
    kinds = head_kinds(viewer)
    if kinds:
        mine |= Q(club_id=viewer.club_id) & (Q(department__kind__in=kinds) | Q(department__isnull=True))
    named = Q(targets__person_id=viewer.pk)
    if viewer.position == Role.SUPERVISOR:
        named |= Q(targets__team__supervisor_id=viewer.pk)
    mine |= Q(club_id=viewer.club_id, status=Status.APPROVED) & named
    return mine


def visible_plans(viewer):
    return Plan.objects.filter(pk__in=Plan.objects.filter(plans_filter(viewer)).values("pk"))


def may_edit(viewer, plan):
    return plan.author_id == viewer.pk and plan.is_editable


def may_submit(viewer, plan):
    return plan.author_id == viewer.pk and plan.is_editable


def may_decide(viewer, plan):
    """Approve or return a submitted plan: its approver, or the owner standing in; never its author."""
    if plan.status != Status.SUBMITTED or plan.author_id == viewer.pk:
        return False
    return plan.approver_id == viewer.pk or sees_every_club(viewer)


def may_plan_below(viewer, plan):
    """Write a plan that is a part of ``plan`` (a quarter of a year, a team's month): whoever may write in its club."""
    return writes_plans(viewer) and viewer.club_id == plan.club_id


def get_plan(viewer, pk, *, edit=False):
    plan = (Plan.objects.select_related("club", "department", "author", "approver", "decided_by", "parent")
            .filter(pk=pk).first())
    if plan is None or not in_viewer_clubs(viewer, plan.club_id):
        raise Http404
    if not Plan.objects.filter(plans_filter(viewer), pk=plan.pk).exists():
        raise PermissionDenied
    if edit and not may_edit(viewer, plan):
        raise PermissionDenied
    return plan
