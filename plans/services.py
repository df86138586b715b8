"""Changing plans: who approves, saving a plan with its targets, and the approval steps.

Every step is refused here, not only on the pages: only the author edits and submits, only a
draft or a returned plan changes, only the approver (or the owner) approves or returns, never
their own plan, and a return needs a comment. Each step is kept as a ``PlanStep``.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel.clock import club_today
from staff import registry
from staff.models import Person, Role

from . import access
from .models import Plan, PlanStep, Status


class PlanError(Exception):
    """A step that is not allowed; its message is for the person who tried."""


def approver_for(author):
    """The author's superior: whom they report to, if that person is active and of a club's management or
    the owner; otherwise by position — a department head's plan goes to the club's store manager, the
    store manager's to the owner."""
    boss = author.reports_to if author.reports_to_id else None
    if boss is not None and boss.is_active and boss.position in (
            Role.OWNER, Role.STORE_MANAGER, Role.MARKETING_DIRECTOR, Role.CARE_MANAGER,
            Role.TECHNICIAN_MANAGER, Role.TECHNICAL_MANAGER):
        return boss
    active = Person.objects.active().exclude(pk=author.pk)
    if author.position != Role.STORE_MANAGER and author.club_id:
        found = active.filter(position=Role.STORE_MANAGER, club_id=author.club_id).order_by("pk").first()
        if found:
            return found
    return active.filter(position=Role.OWNER).order_by("pk").first()


@transaction.atomic
def save_plan(plan, targets, *, author=None):
    """Save ``plan`` and replace its targets by ``targets`` (unsaved ``Target`` rows, in order)."""
    if plan.pk and not plan.is_editable:
        raise PlanError(_("An approved or submitted plan cannot be changed."))
    if author is not None and plan.pk is None:
        plan.author = author
    if plan.approver_id is None or plan.status == Status.DRAFT:
        plan.approver = approver_for(plan.author)
    plan.save()
    kept = []
    existing = {(t.metric, t.team_id, t.person_id, t.month): t for t in plan.targets.all()}
    for order, target in enumerate(targets):
        key = (target.metric, target.team_id, target.person_id, target.month)
        row = existing.pop(key, None)
        if row is None:
            row = target
            row.plan = plan
        row.value, row.order = target.value, order
        row.save()
        kept.append(row)
    for row in existing.values():
        row.delete()
    return plan


def _step(plan, action, by, comment=""):
    PlanStep.objects.create(plan=plan, action=action, by=by, at=timezone.now(), comment=comment)


@transaction.atomic
def submit(plan, by):
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if not access.may_submit(by, plan):
        raise PlanError(_("Only the author submits a draft or returned plan."))
    if not plan.targets.exists():
        raise PlanError(_("Add at least one target before submitting the plan."))
    plan.approver = approver_for(plan.author)
    if plan.approver is None:
        raise PlanError(_("Nobody can approve this plan: set whom the author reports to."))
    plan.status = Status.SUBMITTED
    plan.submitted_at = timezone.now()
    plan.save()
    _step(plan, PlanStep.Action.SUBMITTED, by)
    # "make the work plans" in the author's checklist ticks itself (duties: Evidence.PLAN_SUBMITTED)
    registry.record_evidence(person=plan.author, kind="plan_submitted", day=club_today(plan.club), note=plan.title)
    return plan


@transaction.atomic
def decide(plan, by, *, approve, comment=""):
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.author_id == by.pk:
        raise PlanError(_("Nobody approves or returns their own plan."))
    if not access.may_decide(by, plan):
        raise PlanError(_("Only the approver decides a submitted plan."))
    comment = (comment or "").strip()
    if not approve and not comment:
        raise PlanError(_("Say what should change when returning a plan."))
    plan.status = Status.APPROVED if approve else Status.RETURNED
    plan.decided_at, plan.decided_by, plan.comment = timezone.now(), by, comment
    plan.save()
    _step(plan, PlanStep.Action.APPROVED if approve else PlanStep.Action.RETURNED, by, comment)
    return plan

