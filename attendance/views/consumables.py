"""Consumables (消耗品): stock with low-stock warnings, receiving stock, issuing to technicians, recent issues."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from staff import access
from staff.models import Person

from ..access import floor_club, floor_people, may_keep_floor_records, may_receive_stock

from .. import locks, offline
from ..forms.consumables import ConsumableItemForm, IssueFilterForm, IssueForm, ReceiveForm, not_enough_message
from ..services import consumables as services
from ..models import ConsumableIssue, ConsumableItem, TeamSubmission
from kernel.months import next_month, previous_month
from ..scope import club_qs, floor_url, month_bounds, month_from

RECENT = 10
PAGE_SIZE = 50


def _floor_page(request):
    viewer = access.viewer_of(request)
    club = floor_club(request, viewer)
    if not may_keep_floor_records(viewer):
        raise PermissionDenied
    return viewer, club


def _technicians(viewer, club):
    """The active technicians of ``club`` to whom ``viewer`` may issue."""
    return floor_people(viewer).filter(club=club, status=Person.Status.ACTIVE)


def _recent_issues(viewer, club):
    return ConsumableIssue.objects.filter(item__club=club, technician__in=floor_people(viewer)).select_related(
        "item", "technician", "issued_by"
    )


def _render_list(request, viewer, club, *, receive_form=None, issue_form=None):
    may_receive = may_receive_stock(viewer, club)
    technicians = _technicians(viewer, club)
    if may_receive and receive_form is None:
        receive_form = ReceiveForm(club=club)
    if issue_form is None:
        issue_form = IssueForm(club=club, technicians=technicians)
    items = ConsumableItem.objects.filter(club=club).order_by("-is_active", "name")
    context = {
        "club": club,
        "clubs": access.picker_clubs(viewer),
        "club_qs": club_qs(viewer, club),
        "items": items,
        "low_stock": [item for item in items if item.is_active and item.is_low],
        "may_receive": may_receive,
        "may_manage": access.may_manage_club(viewer, club),
        "receive_form": receive_form,
        "issue_form": issue_form,
        "recent": _recent_issues(viewer, club)[:RECENT],
    }
    return render(request, "attendance/consumable_list.html", context)


@login_required
@require_GET
def consumable_list(request):
    """The club's stock, with low-stock badges, and the forms to receive and issue."""
    viewer, club = _floor_page(request)
    response = _render_list(request, viewer, club)
    if access.leads_a_team(viewer):
        # Handing out to the supervisor's own team: the service worker keeps this page for offline use.
        response["X-ClubOps-Offline"] = str(viewer.pk)
    return response


def _month_open(form, viewer, club):
    """Stock received on a day of a locked month is refused (stock movements carry no reason to keep)."""
    day = form.cleaned_data["received_on"]
    if locks.is_locked(club, day):
        form.add_error("received_on", _("%(month)s is locked; record the delivery on a day of an open month.")
                       % {"month": f"{day:%Y-%m}"})
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def consumable_receive(request):
    viewer, club = _floor_page(request)
    if not may_receive_stock(viewer, club):
        raise PermissionDenied
    form = ReceiveForm(request.POST or None, club=club)
    if form.is_valid() and _month_open(form, viewer, club):
        data = form.cleaned_data
        services.receive(
            item=data["item"], quantity=data["quantity"], received_on=data["received_on"], by=viewer, note=data["note"]
        )
        messages.success(
            request,
            _("Received %(quantity)s %(unit)s of %(item)s; %(stock)s in stock now.")
            % {"quantity": data["quantity"], "unit": data["item"].unit, "item": data["item"].name,
               "stock": data["item"].stock},
        )
        return redirect(floor_url("attendance:consumable_list", viewer, club))
    if form.is_bound:
        messages.error(request, _("The stock was not received; see the form below. What you entered is still there."))
    return _render_list(request, viewer, club, receive_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def consumable_issue(request):
    """Issue stock to a technician: from the page at once, or late from a phone's queue (JSON, with an
    idempotency key: a repeat issues nothing twice). A late issue is recorded when it arrives, against the
    stock then; the form's checks, whom the viewer may issue to and the month lock apply as to any issue."""
    viewer, club = _floor_page(request)
    late = offline.wants_json(request) and request.method == "POST"
    if request.method == "POST" and (before := offline.answered_before(offline.key_from(request), viewer)):
        return JsonResponse(before) if late else redirect(floor_url("attendance:consumable_list", viewer, club))
    form = IssueForm(request.POST or None, club=club, technicians=_technicians(viewer, club))
    today = timezone.localdate(timezone=club.zone)
    if late and (lock_problem := locks.lock_error(viewer, club, today)):
        return JsonResponse({"status": "locked", "message": str(lock_problem), "taken": [], "conflicts": []},
                            status=409)
    if form.is_valid():
        data = form.cleaned_data
        item = data["item"]
        answer = {"status": "saved", "taken": [], "conflicts": [],
                  "next": floor_url("attendance:consumable_list", viewer, club)}

        def save():
            record = services.issue(
                item=item, technician=data["technician"], quantity=data["quantity"], by=viewer, note=data["note"]
            )
            answer["taken"].append(record.pk)
            return answer

        try:
            kept = offline.save_once(request, viewer, kind=TeamSubmission.Kind.CONSUMABLES, club=club, day=today,
                                     reason="", save=save)
        except services.NotEnoughStock as short:
            form.add_error("quantity", not_enough_message(short.available, item.unit))
        else:
            messages.success(
                request,
                _("Issued %(quantity)s %(unit)s of %(item)s to %(name)s; %(stock)s left.")
                % {"quantity": data["quantity"], "unit": item.unit, "item": item.name,
                   "name": data["technician"].name, "stock": item.stock},
            )
            if item.is_low:
                messages.warning(request, _("%(item)s is running low: %(stock)s %(unit)s left.") % {
                    "item": item.name, "stock": item.stock, "unit": item.unit})
            # The phone's late sending shows them on the page it opens next (``next``), as the team screen does.
            return JsonResponse(kept) if late else redirect(floor_url("attendance:consumable_list", viewer, club))
    if late:
        return JsonResponse({"status": "invalid", "errors": {
            "issue": {"name": str(_("Issue to a technician")), "messages": offline.form_messages(form)}}}, status=400)
    if form.is_bound:
        messages.error(request, _("Nothing was issued; see the form below. What you entered is still there."))
    return _render_list(request, viewer, club, issue_form=form)


def _club_for_catalogue(request, viewer):
    club = floor_club(request, viewer)
    if not access.may_manage_club(viewer, club):
        raise PermissionDenied
    return club


@login_required
@require_http_methods(["GET", "POST"])
def consumable_item_add(request):
    viewer = access.viewer_of(request)
    club = _club_for_catalogue(request, viewer)
    form = ConsumableItemForm(request.POST or None, club=club)
    if form.is_valid():
        item = form.save()
        messages.success(
            request, _("%(item)s was added to the catalogue; receive stock to fill it.") % {"item": item.name}
        )
        return redirect(floor_url("attendance:consumable_list", viewer, club))
    context = {"form": form, "club": club, "list_url": floor_url("attendance:consumable_list", viewer, club)}
    return render(request, "attendance/consumable_item_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def consumable_item_edit(request, pk):
    viewer = access.viewer_of(request)
    item = get_object_or_404(ConsumableItem.objects.select_related("club"), pk=pk)
    club = access.get_club(viewer, item.club_id)
    if not access.may_manage_club(viewer, club):
        raise PermissionDenied
    form = ConsumableItemForm(request.POST or None, instance=item, club=club)
    if form.is_valid():
        form.save()
        messages.success(request, _("%(item)s was saved.") % {"item": item.name})
        return redirect(floor_url("attendance:consumable_list", viewer, club))
    list_url = floor_url("attendance:consumable_list", viewer, club)
    context = {"form": form, "club": club, "item": item, "list_url": list_url}
    return render(request, "attendance/consumable_item_form.html", context)


@login_required
@require_GET
def consumable_issues(request):
    """Consumables issued in a month, to everyone the viewer looks after or to one technician."""
    viewer, club = _floor_page(request)
    people = floor_people(viewer).filter(club=club)
    form = IssueFilterForm(request.GET or None, technicians=people)
    month = month_from(request, club.zone)
    start, end = month_bounds(month, club.zone)
    issues = _recent_issues(viewer, club).filter(issued_at__gte=start, issued_at__lt=end)
    technician = None
    if form.is_bound and form.is_valid():
        technician = form.cleaned_data["technician"]
    elif form.is_bound and form.errors.get("technician"):
        messages.error(request, _("That technician is not one you look after; showing everyone."))
    if technician is not None:
        issues = issues.filter(technician=technician)
    totals = issues.order_by().values("item__name", "item__unit").annotate(total=Sum("quantity")).order_by("item__name")
    page = Paginator(issues.order_by("-issued_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "club": club,
        "clubs": access.picker_clubs(viewer),
        "club_qs": club_qs(viewer, club),
        "form": form,
        "month": month,
        "month_value": month.strftime("%Y-%m"),
        "previous_month": previous_month(month).strftime("%Y-%m"),
        "next_month": next_month(month).strftime("%Y-%m"),
        "technician": technician,
        "totals": totals,
        "page": page,
    }
    return render(request, "attendance/consumable_issues.html", context)


urls = [
    path("consumables/", consumable_list, name="consumable_list"),
    path("consumables/receive/", consumable_receive, name="consumable_receive"),
    path("consumables/issue/", consumable_issue, name="consumable_issue"),
    path("consumables/items/add/", consumable_item_add, name="consumable_item_add"),
    path("consumables/items/<int:pk>/edit/", consumable_item_edit, name="consumable_item_edit"),
    path("consumables/issues/", consumable_issues, name="consumable_issues"),
]
