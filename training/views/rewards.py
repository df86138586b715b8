"""Rewards and penalties (獎罰): proposals, the store manager's decision, the month's totals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from staff import locks as month_lock
from staff.access import viewer_of

from .. import access, selectors, services
from ..forms import DecideForm, RewardForm
from .common import club_for, club_query, clubs_to_pick, form_errors, month_from, next_month, previous_month


def _lock_refuses(form, viewer, club):
    """A date in a locked month: the store manager's, with a reason (the error goes on the form)."""
    problem = month_lock.lock_error(viewer, club.pk, form.cleaned_data["date"], form.cleaned_data["lock_reason"])
    if problem:
        form.add_error("lock_reason" if month_lock.may_change_locked(viewer, club.pk) else "date", problem)
    return bool(problem)


@login_required
@require_http_methods(["GET", "POST"])
def reward_list(request):
    """The month's rewards and penalties of the people the viewer sees, totals per person, and a proposal form."""
    viewer = viewer_of(request)
    if not access.may_propose_rewards(viewer):
        raise PermissionDenied
    club = club_for(request, viewer)
    month = month_from(request, club.zone)
    form = RewardForm(request.POST or None, club=club, people=access.proposable_people(viewer).filter(club=club))
    if form.is_valid() and not _lock_refuses(form, viewer, club):
        data = form.cleaned_data
        record = services.reward_propose(
            person=data["person"], by=viewer, date=data["date"], kind=data["kind"], category=data["category"],
            reason=data["reason"].strip(), points=data["points"], amount=data["amount"],
            reason_for_lock=data["lock_reason"],
        )
        if access.may_decide_rewards(viewer, record.club_id):
            text = _("Proposed for %(name)s; approve it below.")
        else:
            text = _("Proposed for %(name)s; the store manager will decide.")
        messages.success(request, text % {"name": record.person.name})
        query = club_query(viewer, club, month=record.date.strftime("%Y-%m"))
        return redirect(f"{reverse('training:reward_list')}?{query}")
    if form.is_bound:
        messages.error(request, _("Not proposed yet; see below. What you entered is still there."))
    records, per_person, totals = selectors.reward_month(viewer, club, month, next_month(month))
    context = {
        "club": club, "clubs": clubs_to_pick(viewer), "month": month, "previous": previous_month(month),
        "next": next_month(month), "form": form, "records": records, "per_person": per_person, "totals": totals,
        "may_decide": access.may_decide_rewards(viewer, club.pk), "club_qs": club_query(viewer, club),
        "decide_form": DecideForm(), "lock": month_lock.lock_state(viewer, club.pk, month),
    }
    return render(request, "training/reward_list.html", context)


@login_required
@require_POST
def reward_decide(request, pk):
    viewer = viewer_of(request)
    record = access.get_reward(viewer, pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Not decided: %(errors)s") % {"errors": form_errors(form)})
    elif problem := month_lock.lock_error(viewer, record.club_id, record.date, form.cleaned_data["lock_reason"]):
        messages.error(request, problem)
    else:
        try:
            services.reward_decide(record=record, by=viewer, approve=form.cleaned_data["decision"] == "approve",
                                   note=form.cleaned_data["note"], reason=form.cleaned_data["lock_reason"])
        except services.TrainingRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Decided."))
    query = club_query(viewer, record.club, month=record.date.strftime("%Y-%m"))
    return redirect(f"{reverse('training:reward_list')}?{query}#record-{record.pk}")


urls = [
    path("rewards/", reward_list, name="reward_list"),
    path("rewards/<int:pk>/decide/", reward_decide, name="reward_decide"),
]
