"""A club's grooming items (儀容儀表) and hygiene items (衛生): what the team screen and the hygiene screen
check against. The store manager (and the owner) lists them, adds the club's own, edits their wording and
order, and retires one: a retired item leaves the checks from then on, the records that named it are kept.
Every change is in the item's history (``{% history_link %}``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from staff import access

from ..access import floor_club
from ..forms.items import GroomingItemForm, HygieneItemForm
from ..models import GroomingItem, HygieneItem
from ..scope import club_qs, floor_url

KINDS = {
    "grooming": (GroomingItem, GroomingItemForm),
    "hygiene": (HygieneItem, HygieneItemForm),
}


def _managed_club(request, viewer):
    """The club of the page (``?club=`` for the owner); only those who manage it may change its items."""
    club = floor_club(request, viewer)
    if not access.may_manage_club(viewer, club):
        raise PermissionDenied
    return club


def _item(viewer, kind, pk):
    """An item of a club the viewer manages: another club's is a 404, their own club's a 403 for the others."""
    model = KINDS[kind][0]
    item = model.objects.select_related("club").filter(pk=pk).first()
    if item is None:
        raise Http404
    access.club_in_reach(viewer, item.club_id)
    if not access.may_manage_club(viewer, item.club):
        raise PermissionDenied
    return item


def _list_url(viewer, club, kind=""):
    url = floor_url("attendance:check_items", viewer, club)
    return f"{url}#{kind}-items" if kind else url


def _titles(kind):
    if kind == "grooming":
        return _("Add a grooming item"), _("Edit the grooming item")
    return _("Add a hygiene item"), _("Edit the hygiene item")


@login_required
@require_GET
def check_items(request):
    """The club's grooming and hygiene items, in use first, each with how often it was failed."""
    viewer = access.viewer_of(request)
    club = _managed_club(request, viewer)
    grooming = (
        GroomingItem.objects.filter(club=club).annotate(failed=Count("failures")).order_by("-is_active", "order", "pk")
    )
    hygiene = (
        HygieneItem.objects.filter(club=club).annotate(failed=Count("failures")).order_by("-is_active", "order", "pk")
    )
    context = {
        "club": club,
        "clubs": access.picker_clubs(viewer),
        "club_qs": club_qs(viewer, club),
        "lists": [
            {"kind": "grooming", "title": _("Grooming items"), "items": list(grooming),
             "intro": _("A supervisor checks each technician against these on the team screen every day."),
             "add_url": floor_url("attendance:grooming_item_add", viewer, club)},
            {"kind": "hygiene", "title": _("Hygiene items"), "items": list(hygiene),
             "intro": _("Each area is checked against these on the hygiene screen every day."),
             "add_url": floor_url("attendance:hygiene_item_add", viewer, club)},
        ],
        "area_count": club.areas.filter(is_active=True).count(),
        "areas_url": floor_url("attendance:area_list", viewer, club),
        "setup_url": setup_url(viewer, club),
    }
    return render(request, "attendance/grooming_items.html", context)


def setup_url(viewer, club):
    """The club's setup checklist, for those who set up the club (the same people who manage its items)."""
    return reverse("staff:club_setup", args=[club.pk]) if access.may_set_up_club(viewer, club) else ""


@login_required
@require_http_methods(["GET", "POST"])
def item_add(request, kind):
    viewer = access.viewer_of(request)
    club = _managed_club(request, viewer)
    model, form_class = KINDS[kind]
    form = form_class(request.POST if request.method == "POST" else None, instance=model(club=club), club=club)
    if form.is_valid():
        item = form.save()
        messages.success(request, _("“%(name)s” was added to the check.") % {"name": item.label})
        return redirect(_list_url(viewer, club, kind))
    if form.is_bound:
        messages.error(request, _("Nothing was saved yet; see below. What you entered is still there."))
    return render(request, "attendance/grooming_item_form.html", {
        "form": form, "club": club, "kind": kind, "title": _titles(kind)[0], "list_url": _list_url(viewer, club, kind),
    })


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, kind, pk):
    viewer = access.viewer_of(request)
    item = _item(viewer, kind, pk)
    club = item.club
    form = KINDS[kind][1](request.POST if request.method == "POST" else None, instance=item, club=club)
    if form.is_valid():
        item = form.save()
        messages.success(request, _("“%(name)s” was saved.") % {"name": item.label})
        return redirect(_list_url(viewer, club, kind))
    if form.is_bound:
        messages.error(request, _("Nothing was saved yet; see below. What you entered is still there."))
    return render(request, "attendance/grooming_item_form.html", {
        "form": form, "club": club, "kind": kind, "item": item, "title": _titles(kind)[1],
        "list_url": _list_url(viewer, club, kind),
    })


@login_required
@require_POST
def item_retire(request, kind, pk):
    """Retire an item (``active=0``) or bring it back (``active=1``), from the list in one tap."""
    viewer = access.viewer_of(request)
    item = _item(viewer, kind, pk)
    active = request.POST.get("active") == "1"
    if item.is_active != active:
        item.is_active = active
        item.save()
    if active:
        messages.success(request, _("“%(name)s” is checked again.") % {"name": item.label})
    else:
        messages.success(request, _("“%(name)s” was retired: it leaves the check; past records keep it.")
                         % {"name": item.label})
    return redirect(_list_url(viewer, item.club, kind))


urls = [
    path("items/", check_items, name="check_items"),
    path("items/grooming/add/", item_add, {"kind": "grooming"}, name="grooming_item_add"),
    path("items/grooming/<int:pk>/", item_edit, {"kind": "grooming"}, name="grooming_item_edit"),
    path("items/grooming/<int:pk>/retire/", item_retire, {"kind": "grooming"}, name="grooming_item_retire"),
    path("items/hygiene/add/", item_add, {"kind": "hygiene"}, name="hygiene_item_add"),
    path("items/hygiene/<int:pk>/", item_edit, {"kind": "hygiene"}, name="hygiene_item_edit"),
    path("items/hygiene/<int:pk>/retire/", item_retire, {"kind": "hygiene"}, name="hygiene_item_retire"),
]
