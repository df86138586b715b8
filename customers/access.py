"""Who may see and keep a club's customers, built only on the kernel's scope primitives (``staff.access``).

* The customer pages (list, a customer's file without contact details, contacts, events, outside
  visits) are the marketing department's — the marketing director and the customer managers of the
  club — the club's store manager's and the owner's. Everyone else of the club gets 403, another
  club's pages and records a 404.
* A customer's **full file** (phone, birthday, health notes) is opened with a POST that is logged
  (``Access``): by the owner, the store manager, the marketing director, and the customer's own
  customer manager. The same people change the file.
* Phones are masked in lists, except for the customer's own customer manager, who calls them.
* The customer list is **exported** by the store manager and the owner only (a POST, logged; phones
  masked, no health notes).
* A customer is **anonymised** by the store manager, the owner or the marketing director.
* Events and outside visits are kept by the marketing director, the store manager, the owner and
  their owner (an event) or their visitor (a visit).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from staff.access import club_or_404, is_store_manager_of, page_club, sees_every_club, viewer_of
from staff.models import Department, Person, Role

MARKETING = (Role.MARKETING_DIRECTOR, Role.CUSTOMER_MANAGER)


def in_marketing(viewer, club):
    """The marketing director or a customer manager of ``club``."""
    return viewer.club_id == club.pk and viewer.position in MARKETING


def sees_customers(viewer, club):
    """The club's customer pages at all."""
    return sees_every_club(viewer) or is_store_manager_of(viewer, club.pk) or in_marketing(viewer, club)


def sees_any_customers(viewer):
    """Whether the menu offers the customer pages."""
    return sees_every_club(viewer) or viewer.position in (Role.STORE_MANAGER, *MARKETING) and viewer.club_id


def leads_marketing(viewer, club):
    """The owner, the club's store manager and its marketing director."""
    return sees_every_club(viewer) or is_store_manager_of(viewer, club.pk) or (
        viewer.club_id == club.pk and viewer.position == Role.MARKETING_DIRECTOR)


def sees_figures_on_today(viewer):
    """The running month's marketing figures on the Today page: the club's marketing people (a customer manager:
    their own row) and its store manager."""
    return bool(viewer.club_id) and (viewer.position in MARKETING or is_store_manager_of(viewer, viewer.club_id))


def may_open_full_file(viewer, customer):
    """Contact details and health notes: those who lead marketing, and the customer's own manager."""
    return leads_marketing(viewer, customer.club) or (
        customer.manager_id == viewer.pk and in_marketing(viewer, customer.club))


def sees_phone_in_list(viewer, customer):
    """The list shows the phone unmasked only to the customer's own customer manager."""
    return customer.manager_id == viewer.pk and not customer.anonymised_at


def may_export(viewer, club):
    return sees_every_club(viewer) or is_store_manager_of(viewer, club.pk)


def may_anonymise(viewer, customer):
    return leads_marketing(viewer, customer.club)


def may_keep_event(viewer, event):
    return leads_marketing(viewer, event.club) or (event.owner_id == viewer.pk and in_marketing(viewer, event.club))


def may_keep_visit(viewer, visit):
    return leads_marketing(viewer, visit.club) or (visit.by_id == viewer.pk and in_marketing(viewer, visit.club))


def customers_club(request):
    """(viewer, club) of a customer page of a club: ``?club=`` for the owner, else the viewer's own."""
    viewer = viewer_of(request)
    club = page_club(request, viewer)
    if not sees_customers(viewer, club):
        raise PermissionDenied
    return viewer, club


def _in_reach(viewer, obj):
    club_or_404(viewer, obj.club_id)
    if not sees_customers(viewer, obj.club):
        raise PermissionDenied
    return obj


def get_customer(request, pk, *, full=False):
    """A customer the viewer may see (``full``: whose full file they may open): 404 for another club's."""
    from .models import Customer

    viewer = viewer_of(request)
    customer = _in_reach(viewer, get_object_or_404(Customer.objects.select_related("club", "manager", "event"),
                                                   pk=pk))
    if full and not may_open_full_file(viewer, customer):
        raise PermissionDenied
    return viewer, customer


def get_event(request, pk, *, keep=False):
    from .models import Event

    viewer = viewer_of(request)
    event = _in_reach(viewer, get_object_or_404(Event.objects.select_related("club", "owner"), pk=pk))
    if keep and not may_keep_event(viewer, event):
        raise PermissionDenied
    return viewer, event


def get_visit(request, pk, *, keep=False):
    from .models import OutsideVisit

    viewer = viewer_of(request)
    visit = _in_reach(viewer, get_object_or_404(OutsideVisit.objects.select_related("club", "by"), pk=pk))
    if keep and not may_keep_visit(viewer, visit):
        raise PermissionDenied
    return viewer, visit


def get_arrival(request, pk):
    """An expected arrival: seen and kept by everyone who sees the club's customers."""
    from .models import Arrival

    viewer = viewer_of(request)
    return viewer, _in_reach(viewer, get_object_or_404(Arrival.objects.select_related("club", "customer"), pk=pk))


def marketing_people(club):
    """Who may look after a customer, own an event or make a visit: the club's active marketing people."""
    return Person.objects.active().filter(
        Q(position__in=MARKETING) | Q(department__kind=Department.Kind.MARKETING), club=club,
    ).distinct().order_by("name")


def event_owners(club):
    """Who may own an event: the club's marketing people and its store manager."""
    return Person.objects.active().filter(
        Q(position__in=(*MARKETING, Role.STORE_MANAGER)) | Q(department__kind=Department.Kind.MARKETING),
        club=club).distinct().order_by("name")


def technicians(club):
    return Person.objects.active().filter(club=club, position=Role.TECHNICIAN).order_by("name")
