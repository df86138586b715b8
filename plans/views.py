"""Plan pages: the list (mine, to approve, the club's), a plan with its targets against actuals and its
approval, writing a plan and its targets, submitting, approving or returning."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kernel.clock import chain_today, club_today
from staff.access import club_params, page_club, picker_clubs, sees_every_club, viewer_of

from . import access, services
from .forms import DecideForm, PlanForm, TargetFormSet, blank_rows, new_period_start, target_initial
from .models import Period, Plan, Status
from .progress import plan_progress

BLANK_TARGET_ROWS = 4
SHOWN = 50  # plans a list shows at most
LISTED = ("club", "department", "author", "approver")


def _today(viewer):
    return club_today(viewer.club) if viewer.club_id else chain_today()


def _by_period(plans, year, today):
    """The club's plans of ``year`` for a phone: the year's plans, then each quarter (newest first) with its
    quarter plans and, inside, each month (newest first) with the plans that start in it (month, week, campaign).
    A quarter or month that has begun before today's is ``past`` (shown folded); the current and later ones open."""
    whole, quarters = [], {}
    for plan in plans:
        if plan.period == Period.YEAR:
            whole.append(plan)
            continue
        number = (plan.starts_on.month - 1) // 3 + 1
        quarter = quarters.setdefault(number, {"number": number, "plans": [], "months": {}})
        if plan.period == Period.QUARTER:
            quarter["plans"].append(plan)
        else:
            month = plan.starts_on.replace(day=1)
            quarter["months"].setdefault(month, []).append(plan)
    current_quarter = (year, (today.month - 1) // 3 + 1)
    this_month = today.replace(day=1)
    groups = []
    for number in sorted(quarters, reverse=True):
        quarter = quarters[number]
        months = [{"month": month, "plans": found, "open": month >= this_month}
                  for month, found in sorted(quarter["months"].items(), reverse=True)]
        first = datetime.date(year, 3 * number - 2, 1)
        groups.append({"number": number, "first": first, "plans": quarter["plans"], "months": months,
                       "count": len(quarter["plans"]) + sum(len(m["plans"]) for m in months),
                       "open": (year, number) >= current_quarter})
    return {"year_plans": whole, "quarters": groups}


@login_required
@require_GET
def plan_list(request):
    viewer = viewer_of(request)
    club = page_club(request, viewer) if (viewer.club_id or sees_every_club(viewer)) else None
    waiting = list(Plan.objects.filter(approver=viewer, status=Status.SUBMITTED).select_related(*LISTED)
                   .order_by("submitted_at", "pk"))
    if sees_every_club(viewer):  # the owner may stand in for any approver
        waiting += list(Plan.objects.filter(status=Status.SUBMITTED).exclude(approver=viewer)
                        .select_related(*LISTED).order_by("submitted_at", "pk")[:SHOWN])
    mine = list(Plan.objects.filter(author=viewer).select_related(*LISTED)
                .order_by("-starts_on", "pk")[:SHOWN])
    today = _today(viewer)
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    year = min(max(year, 2000), 2100)
    club_plans = []
    if club is not None:
        club_plans = list(access.visible_plans(viewer).filter(club=club, starts_on__year=year)
                          .select_related(*LISTED)
                          .order_by("department__kind", "starts_on", "period", "pk"))
    if club is not None:
        today = club_today(club)
    context = {
        "club": club, "clubs": picker_clubs(viewer), "waiting": waiting, "mine": mine, "club_plans": club_plans,
        "by_period": _by_period(club_plans, year, today),
        "year": year, "years": [year - 1, year, year + 1], "may_write": access.writes_plans(viewer),
        "club_query": club_params(viewer, club) if club else {},
    }
    return render(request, "plans/plan_list.html", context)


def _parents(viewer, club, exclude=None):
    parents = access.visible_plans(viewer).filter(club=club).exclude(period__in=[Period.WEEK]).select_related(
        "department").order_by("-starts_on", "pk")
    if exclude is not None:
        parents = parents.exclude(pk=exclude.pk)
    return parents


@login_required
@require_http_methods(["GET", "POST"])
def plan_add(request):
    viewer = viewer_of(request)
    if not access.writes_plans(viewer):
        raise PermissionDenied
    club = viewer.club
    departments = access.plan_departments(viewer, club)
    plan = Plan(club=club, author=viewer)
    form = PlanForm(request.POST or None, instance=plan, departments=departments, parents=_parents(viewer, club))
    if request.method == "GET":
        parent = _parent_from(request, viewer, club)
        kind = Period.MONTH
        if parent is not None:
            kind = {Period.YEAR: Period.QUARTER, Period.QUARTER: Period.MONTH}.get(parent.period, Period.MONTH)
            form.initial.update({"parent": parent.pk, "department": str(parent.department_id or "")})
        form.initial.update({"period": kind,
                             "starts_on": parent.starts_on if parent else new_period_start(kind, _today(viewer))})
    if request.method == "POST" and form.is_valid():
        plan = form.save(commit=False)
        services.save_plan(plan, [], author=viewer)
        messages.success(request, _("Plan saved as a draft. Now give it its targets."))
        return redirect("plans:edit", plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": None})


def _parent_from(request, viewer, club):
    raw = request.GET.get("parent") or ""
    if not raw.isdecimal():
        return None
    return _parents(viewer, club).filter(pk=int(raw)).first()


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    viewer = viewer_of(request)
    plan = access.get_plan(viewer, pk, edit=True)
    departments = access.plan_departments(viewer, plan.club)
    if plan.department is not None and plan.department not in departments:
        departments.append(plan.department)
    form = PlanForm(request.POST or None, instance=plan, departments=departments,
                    parents=_parents(viewer, plan.club, exclude=plan))
    if request.method == "POST":
        targets = TargetFormSet(request.POST, plan=plan, prefix="t")
        if form.is_valid() and targets.is_valid():
            saved = form.save(commit=False)
            rows = targets.targets(saved)
            outside = [t for t in rows if t.month and not (saved.starts_on.replace(day=1) <= t.month <= saved.ends_on)]
            if outside:
                messages.error(request, _("A month of a target lies outside the plan's period: choose another part."))
            else:
                services.save_plan(saved, rows)
                if request.POST.get("action") == "submit":
                    try:
                        services.submit(saved, viewer)
                    except services.PlanError as error:
                        messages.error(request, str(error))
                        return redirect("plans:edit", plan.pk)
                    messages.success(request, _("Plan submitted for approval."))
                else:
                    messages.success(request, _("Plan saved."))
                return redirect("plans:detail", plan.pk)
    else:
        initial = target_initial(plan)
        targets = TargetFormSet(initial=initial + blank_rows(BLANK_TARGET_ROWS), plan=plan, prefix="t")
    return render(request, "plans/plan_form.html", {"form": form, "targets": targets, "plan": plan})


@login_required
@require_GET
def plan_detail(request, pk):
    viewer = viewer_of(request)
    plan = access.get_plan(viewer, pk)
    today = club_today(plan.club)
    lines, elapsed = plan_progress(plan, today)
    context = {
        "plan": plan, "lines": lines, "elapsed": elapsed, "today": today,
        "steps": list(plan.steps.select_related("by")),
        "children": list(plan.children.select_related("department", "author").order_by("starts_on", "pk")),
        "may_edit": access.may_edit(viewer, plan), "may_submit": access.may_submit(viewer, plan),
        "may_decide": access.may_decide(viewer, plan), "decide_form": DecideForm(),
        "may_plan_below": access.may_plan_below(viewer, plan) and plan.period in (Period.YEAR, Period.QUARTER),
        "started": plan.starts_on <= today,
    }
    return render(request, "plans/plan_detail.html", context)


@login_required
@require_POST
def plan_submit(request, pk):
    viewer = viewer_of(request)
    plan = access.get_plan(viewer, pk)
    if not access.may_submit(viewer, plan):
        raise PermissionDenied
    try:
        services.submit(plan, viewer)
    except services.PlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Plan submitted for approval."))
    return redirect("plans:detail", plan.pk)


@login_required
@require_POST
def plan_decide(request, pk):
    viewer = viewer_of(request)
    plan = access.get_plan(viewer, pk)
    if not access.may_decide(viewer, plan):
        raise PermissionDenied
    form = DecideForm(request.POST)
    approve = request.POST.get("decision") == "approve"
    if form.is_valid():
        try:
            services.decide(plan, viewer, approve=approve, comment=form.cleaned_data["comment"])
        except services.PlanError as error:
            form.add_error("comment", str(error))
        else:
            messages.success(request, _("Plan approved.") if approve else _("Plan returned to its author."))
            return redirect("plans:detail", plan.pk)
    today = club_today(plan.club)
    lines, elapsed = plan_progress(plan, today)
    context = {
        "plan": plan, "lines": lines, "elapsed": elapsed, "today": today,
        "steps": list(plan.steps.select_related("by")),
        "children": list(plan.children.select_related("department", "author").order_by("starts_on", "pk")),
        "may_decide": True, "decide_form": form, "started": plan.starts_on <= today,
    }
    return render(request, "plans/plan_detail.html", context, status=400)
