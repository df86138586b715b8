from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kernel.dates import parse_date
from staff import access
from staff.models import Role

from . import catalogue, selectors, services
from .access import may_close_open_items, may_review_checklists, may_sign_off
from .forms import CloseOpenItemsForm, DutyForm, ItemTickForm, SignOffForm
from .models import Checklist, ChecklistItem, Duty


@login_required
def my_checklists(request):
    """"My checklists": today first, then the week, month, quarter and year; overdue items on top."""
    viewer = access.viewer_of(request)
    today = services.today_for(viewer)
    current, overdue = selectors.my_checklists(viewer, today)
    unsaved = request.session.pop("duties_unsaved", None)  # a note that failed to save is shown again
    context = {"checklists": current, "overdue": overdue, "today": today, "unsaved": unsaved}
    return render(request, "duties/my_checklists.html", context)


@login_required
@require_POST
def item_tick(request, pk):
    viewer = access.viewer_of(request)
    item = get_object_or_404(ChecklistItem.objects.select_related("checklist", "checklist__person"), pk=pk)
    person = access.get_person(viewer, item.checklist.person_id)
    if person.pk != viewer.pk:
        raise PermissionDenied  # only the person ticks their own items
    form = ItemTickForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(str(e) for field in form.errors.values() for e in field)
        messages.error(request, _("Not saved: %(errors)s") % {"errors": errors})
        request.session["duties_unsaved"] = {"item": item.pk, "note": request.POST.get("note", "")[:300]}
    else:
        try:
            services.item_tick(item=item, by=viewer, state=form.cleaned_data["state"], note=form.cleaned_data["note"])
        except services.ChecklistLocked as error:
            messages.error(request, str(error))
    next_url = request.POST.get("next") or reverse("duties:my_checklists")
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = reverse("duties:my_checklists")  # never off the site, e.g. "//elsewhere.example/"
    return redirect(f"{next_url}#item-{item.pk}")


def _window(request, today):
    kind = request.GET.get("period", "day")
    raw = request.GET.get("date", "")
    day = parse_date(raw) if raw else today
    if day is None:
        messages.error(request, _("“%(value)s” is not a date; showing today.") % {"value": raw})
        day = today
    return kind, day, *selectors.review_window(kind, day)


@login_required
def review(request):
    """A superior's view of the checklists of the people they lead: overdue first."""
    viewer = access.viewer_of(request)
    if not may_review_checklists(viewer):
        raise PermissionDenied
    today = services.today_for(viewer)
    kind, day, start, end = _window(request, today)
    club_today = services.today_by_club()  # the people reviewed may be of clubs in other time zones
    context = {
        "kind": kind, "day": day, "start": start, "end": end, "today": today,
        "rows": selectors.review_rows(viewer, start, end, club_today),
        "checklists": selectors.review_checklists(viewer, start, end),
        "items": selectors.item_rows(viewer, start, end, club_today),
    }
    if may_close_open_items(viewer):
        unsaved = request.session.pop("duties_close_unsaved", None)  # what was typed when closing failed
        context["past_open"] = selectors.open_items_past(viewer, start, end, club_today).count()
        context["close_form"] = CloseOpenItemsForm(
            initial={"period": kind if kind in ("day", "week", "month") else "day", "date": day, **(unsaved or {})})
    duty_ids = {row["duty_id"] for row in context["items"]}
    names = {d.pk: str(d) for d in Duty.objects.filter(pk__in=duty_ids).select_related("current")}
    for row in context["items"]:
        row["text"] = names.get(row["duty_id"], "")
        row["rate"] = selectors.rate(row)
    return render(request, "duties/review.html", context)


@login_required
@require_POST
def review_close(request):
    """Close, for the whole list under review, the items still open after their period ended."""
    viewer = access.viewer_of(request)
    if not may_close_open_items(viewer):
        raise PermissionDenied
    form = CloseOpenItemsForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(str(e) for field in form.errors.values() for e in field)
        messages.error(request, _("Not saved: %(errors)s") % {"errors": errors})
        request.session["duties_close_unsaved"] = {"state": request.POST.get("state", ""),
                                                   "note": request.POST.get("note", "")[:300]}
        query = urlencode({"period": request.POST.get("period", ""), "date": request.POST.get("date", "")})
        return redirect(f"{reverse('duties:review')}?{query}")
    data = form.cleaned_data
    start, end = selectors.review_window(data["period"], data["date"])
    items = selectors.open_items_past(viewer, start, end, services.today_by_club())
    closed = services.items_close(items=items, by=viewer, state=data["state"], note=data["note"])
    messages.success(request, _("%(count)s open items closed.") % {"count": closed})
    return redirect(f"{reverse('duties:review')}?period={data['period']}&date={data['date']:%Y-%m-%d}")


@login_required
@require_http_methods(["GET", "POST"])
def checklist_detail(request, pk):
    viewer = access.viewer_of(request)
    checklist = get_object_or_404(Checklist.objects.select_related("person", "signed_off_by"), pk=pk)
    person = access.get_person(viewer, checklist.person_id)
    may_sign = may_sign_off(viewer, person)
    form = SignOffForm(request.POST or None, initial={"comment": checklist.comment})
    if request.method == "POST":
        if not may_sign:
            raise PermissionDenied
        if checklist.is_signed_off:
            messages.error(request, _("This checklist has already been signed off."))
        elif form.is_valid():
            services.checklist_sign_off(checklist=checklist, by=viewer, comment=form.cleaned_data["comment"])
            messages.success(request, _("Signed off."))
            return redirect("duties:checklist_detail", pk=checklist.pk)
    items = checklist.items.select_related("duty_version", "ticked_by").order_by("order", "pk")
    context = {
        "checklist": checklist, "items": items, "form": form, "may_sign": may_sign and not checklist.is_signed_off,
        "today": services.today_for(viewer),
    }
    return render(request, "duties/checklist_detail.html", context)


def _catalogue_scope(request, viewer):
    club = access.club_from_request(request, viewer)
    position = request.GET.get("position") or request.POST.get("position") or Role.SUPERVISOR
    if position not in Role.values or position == Role.OWNER:
        raise Http404
    return club, position


def _catalogue_url(club, position):
    return f"{reverse('duties:catalogue')}?club={club.pk}&position={position}"


@login_required
@require_http_methods(["GET", "POST"])
def catalogue_view(request):
    """The catalogue editor for one club and position: add, reword, reorder, retire."""
    viewer = access.viewer_of(request)
    club, position = _catalogue_scope(request, viewer)
    may_manage = access.may_manage_club(viewer, club)
    form = DutyForm(request.POST or None)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "install":
            created = catalogue.catalogue_install_defaults(club=club)
            messages.success(request, _("%(count)s default duties added.") % {"count": created})
            return redirect(_catalogue_url(club, position))
        if form.is_valid():
            catalogue.duty_add(club=club, position=position, by=viewer, **form.cleaned_data)
            messages.success(request, _("The duty was added."))
            return redirect(_catalogue_url(club, position))
    duties = Duty.objects.filter(club=club, position=position).select_related("current").order_by("-is_active", "order", "pk")
    context = {
        "club": club, "position": position, "positions": [c for c in Role.choices if c[0] != Role.OWNER],
        "duties": duties, "form": form, "may_manage": may_manage,
        "empty": not Duty.objects.filter(club=club).exists(),
    }
    return render(request, "duties/catalogue.html", context)


def _duty_for_change(viewer, pk):
    duty = get_object_or_404(Duty.objects.select_related("club", "current"), pk=pk)
    club = access.get_club(viewer, duty.club_id)
    if not access.may_manage_club(viewer, club):
        raise PermissionDenied
    return duty


@login_required
@require_http_methods(["GET", "POST"])
def duty_edit(request, pk):
    viewer = access.viewer_of(request)
    duty = _duty_for_change(viewer, pk)
    current = duty.current
    initial = {f: getattr(current, f) for f in catalogue.VERSIONED_FIELDS} if current else {}
    form = DutyForm(request.POST or None, initial=initial)
    if form.is_valid():
        catalogue.duty_change(duty=duty, by=viewer, **form.cleaned_data)
        messages.success(request, _("Saved as a new version; checklists made before keep the old wording."))
        return redirect(_catalogue_url(duty.club, duty.position))
    versions = duty.versions.select_related("created_by").order_by("-number")
    return render(request, "duties/duty_edit.html", {"duty": duty, "form": form, "versions": versions})


@login_required
@require_POST
def duty_move(request, pk):
    viewer = access.viewer_of(request)
    duty = _duty_for_change(viewer, pk)
    catalogue.duty_move(duty=duty, step=-1 if request.POST.get("direction") == "up" else 1)
    return redirect(_catalogue_url(duty.club, duty.position))


@login_required
@require_POST
def duty_retire(request, pk):
    viewer = access.viewer_of(request)
    duty = _duty_for_change(viewer, pk)
    catalogue.duty_set_active(duty=duty, active=request.POST.get("active") == "1")
    return redirect(_catalogue_url(duty.club, duty.position))
