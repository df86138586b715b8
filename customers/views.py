"""The customers' pages: the list and its export, a customer's file (the full file behind a logged POST),
contacts, anonymisation, the personal-data log, events and outside visits."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kernel.clock import club_today
from kernel.spreadsheets import XlsxStream, safe_row
from staff import registry
from staff.access import club_params, picker_clubs

from . import access, selectors, services
from .forms import AnonymiseForm, ArrivalForm, ContactForm, CustomerForm, EventForm, VisitForm
from .models import Access, Arrival, Customer, Event, Level, OutsideVisit, mask_phone

PAGE_SIZE = 50


def _url(name, viewer, club, *args, **params):
    query = urlencode(club_params(viewer, club, **params))
    return reverse(name, args=args) + (f"?{query}" if query else "")


# --- Customers ---------------------------------------------------------------------------------------


@login_required
@require_GET
def customer_list(request):
    """The club's customers: name, level, source, manager, phone (masked unless they are the viewer's own)."""
    viewer, club = access.customers_club(request)
    customers = Customer.objects.filter(club=club).select_related("manager").order_by("anonymised_at", "name", "pk")
    query = request.GET.get("q", "").strip()[:60]
    if query:
        customers = customers.filter(name__icontains=query)
    level = request.GET.get("level", "")
    if level in Level.values:
        customers = customers.filter(level=level)
    mine = request.GET.get("mine") == "1"
    if mine:
        customers = customers.filter(manager=viewer)
    page = Paginator(customers, PAGE_SIZE).get_page(request.GET.get("page"))
    for customer in page:
        customer.phone_shown = customer.phone if access.sees_phone_in_list(viewer, customer) else customer.masked_phone
    return render(request, "customers/list.html", {
        "club": club, "clubs": picker_clubs(viewer), "page": page, "query": query, "level": level, "mine": mine,
        "levels": Level.choices, "may_add": True, "may_export": access.may_export(viewer, club),
        "may_see_log": access.leads_marketing(viewer, club), "export_url": _url("customers:export", viewer, club),
        "page_query": urlencode(club_params(viewer, club, q=query, level=level, mine="1" if mine else "")),
    })


@login_required
@require_http_methods(["GET", "POST"])
def customer_add(request):
    viewer, club = access.customers_club(request)
    form = CustomerForm(request.POST or None, club=club,
                        initial={"manager": viewer.pk if access.in_marketing(viewer, club) else None,
                                 "event": request.GET.get("event") or None,
                                 "source": "event" if request.GET.get("event") else "walk_in"})
    if request.method == "POST" and form.is_valid():
        customer = services.save_customer(form, by=viewer, club=club)
        messages.success(request, _("The customer was added."))
        return redirect("customers:detail", pk=customer.pk)
    return render(request, "customers/form.html", {"form": form, "club": club, "clubs": picker_clubs(viewer)})


def _detail_context(viewer, customer, *, full=False, form=None):
    today = club_today(customer.club)
    contacts = list(customer.contacts.select_related("by", "next_by").order_by("-date", "-pk")[:50])
    sections, sections_context = registry.customer_sections(viewer, customer)  # e.g. the floor's feedback
    return {**sections_context, "sections": sections,
        "customer": customer, "club": customer.club, "full": full, "today": today, "contacts": contacts,
        "technicians": list(customer.technicians.order_by("name")),
        "may_open_full": access.may_open_full_file(viewer, customer) and not customer.anonymised_at,
        "may_anonymise": access.may_anonymise(viewer, customer) and not customer.anonymised_at,
        "contact_form": ContactForm(today=today) if not customer.anonymised_at else None,
        "form": form if form is not None else (CustomerForm(instance=customer, club=customer.club) if full else None),
        "accesses": list(customer.accesses.select_related("by")[:10]) if full else [],
    }


@login_required
@require_GET
def customer_detail(request, pk):
    """The file without contact details or health notes; contacts and the next step."""
    viewer, customer = access.get_customer(request, pk)
    return render(request, "customers/detail.html", _detail_context(viewer, customer))


@never_cache
@login_required
@require_POST
def customer_full(request, pk):
    """The full file (phone, birthday, health notes) and its edit form: each opening is logged."""
    viewer, customer = access.get_customer(request, pk, full=True)
    if customer.anonymised_at:
        raise PermissionDenied
    services.log_access(viewer, customer.club, Access.Action.VIEW, customer=customer)
    return render(request, "customers/detail.html", _detail_context(viewer, customer, full=True))


@never_cache
@login_required
@require_POST
def customer_edit(request, pk):
    """A change of the file (sent from the full file); a form with a problem shows the full file again (logged)."""
    viewer, customer = access.get_customer(request, pk, full=True)
    if customer.anonymised_at:
        raise PermissionDenied
    form = CustomerForm(request.POST, instance=customer, club=customer.club)
    if form.is_valid():
        services.save_customer(form, by=viewer, club=customer.club)
        messages.success(request, _("The customer's file was saved."))
        return redirect("customers:detail", pk=customer.pk)
    services.log_access(viewer, customer.club, Access.Action.VIEW, customer=customer)
    customer.refresh_from_db()
    return render(request, "customers/detail.html", _detail_context(viewer, customer, full=True, form=form))


@login_required
@require_http_methods(["GET", "POST"])
def contact_add(request, pk):
    """Log a contact (call, message, visit, complaint handling) with its outcome and the next step."""
    viewer, customer = access.get_customer(request, pk)
    if customer.anonymised_at:
        raise PermissionDenied
    form = ContactForm(request.POST or None, today=club_today(customer.club))
    if request.method == "POST" and form.is_valid():
        services.log_contact(customer, by=viewer, fields=form.contact_fields())
        messages.success(request, _("The contact was logged."))
        return redirect("customers:detail", pk=customer.pk)
    return render(request, "customers/contact_form.html", {"form": form, "customer": customer,
                                                           "club": customer.club})


@login_required
@require_http_methods(["GET", "POST"])
def customer_anonymise(request, pk):
    """Remove the person on their request (POST with the confirmation): the figures stay."""
    viewer, customer = access.get_customer(request, pk)
    if not access.may_anonymise(viewer, customer) or customer.anonymised_at:
        raise PermissionDenied
    form = AnonymiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.anonymise(customer, by=viewer)
        messages.success(request, _("The customer was anonymised: their name, phone, birthday and notes are gone."))
        return redirect("customers:detail", pk=customer.pk)
    return render(request, "customers/anonymise.html", {"form": form, "customer": customer, "club": customer.club})


EXPORT_COLUMNS = [
    ("name", lambda c: c.display_name), ("phone", lambda c: mask_phone(c.phone)),
    ("level", lambda c: c.get_level_display()), ("source", lambda c: c.get_source_display()),
    ("manager", lambda c: c.manager.name if c.manager else ""),
    ("joined_on", lambda c: c.joined_on.isoformat()),
    ("consent", lambda c: _("yes") if c.consent else _("no")),
    ("consent_on", lambda c: c.consent_on.isoformat() if c.consent_on else ""),
]


@never_cache
@login_required
@require_POST
def customer_export(request):
    """The customer list as CSV, or XLSX with ``format=xlsx`` (phones masked, no notes): the store manager and the
    owner; logged either way."""
    viewer, club = access.customers_club(request)
    if not access.may_export(viewer, club):
        raise PermissionDenied
    customers = list(Customer.objects.filter(club=club).select_related("manager").order_by("name", "pk"))
    header = [str(Customer._meta.get_field(key).verbose_name) for key, _get in EXPORT_COLUMNS]
    rows = [[str(get(customer)) for _key, get in EXPORT_COLUMNS] for customer in customers]
    services.log_access(viewer, club, Access.Action.EXPORT, rows=len(customers))
    if request.POST.get("format") == "xlsx":
        book = XlsxStream(_("Customers"), widths={1: 16, 2: 14, 5: 14, 6: 12, 8: 12}, freeze=(2, 1))
        book.row(header, "header")
        for row in rows:
            book.row(row)  # every text made safe by the stream
        response = HttpResponse(book.close().read(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = content_disposition_header(True, f"customers-{club.code}.xlsx")
        return response
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(safe_row(header))
    for row in rows:
        writer.writerow(safe_row(row))
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"customers-{club.code}.csv")
    return response


@login_required
@require_GET
def access_log(request):
    """Who opened which full file, exported the list or anonymised someone, and when."""
    viewer, club = access.customers_club(request)
    if not access.leads_marketing(viewer, club):
        raise PermissionDenied
    page = Paginator(Access.objects.filter(club=club).select_related("by", "customer"), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "customers/access_log.html", {"club": club, "clubs": picker_clubs(viewer), "page": page,
                                                         "page_query": urlencode(club_params(viewer, club))})


# --- Events ------------------------------------------------------------------------------------------


@login_required
@require_GET
def event_list(request):
    viewer, club = access.customers_club(request)
    events = Event.objects.filter(club=club).select_related("owner").annotate(
        new_members=Count("new_customers")).order_by("-date", "pk")[:200]
    return render(request, "customers/event_list.html", {"club": club, "clubs": picker_clubs(viewer),
                                                         "events": events,
                                                         "add_url": _url("customers:event_add", viewer, club)})


@login_required
@require_http_methods(["GET", "POST"])
def event_add(request):
    viewer, club = access.customers_club(request)
    form = EventForm(request.POST or None, club=club, initial={"owner": viewer.pk})
    if request.method == "POST" and form.is_valid():
        event = form.save(commit=False)
        event.club = club
        event.save()
        messages.success(request, _("The event was planned."))
        return redirect("customers:event_detail", pk=event.pk)
    return render(request, "customers/event_form.html", {"form": form, "club": club, "clubs": picker_clubs(viewer)})


@login_required
@require_GET
def event_detail(request, pk):
    viewer, event = access.get_event(request, pk)
    newcomers = list(event.new_customers.select_related("manager").order_by("name"))
    follow_ups = selectors.event_follow_ups(event)
    return render(request, "customers/event_detail.html", {
        "event": event, "club": event.club, "newcomers": newcomers, "follow_ups": follow_ups,
        "may_keep": access.may_keep_event(viewer, event),
        "add_member_url": reverse("customers:add") + "?" + urlencode(club_params(viewer, event.club,
                                                                                 event=event.pk)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, pk):
    viewer, event = access.get_event(request, pk, keep=True)
    form = EventForm(request.POST or None, instance=event, club=event.club)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The event was saved."))
        return redirect("customers:event_detail", pk=event.pk)
    return render(request, "customers/event_form.html", {"form": form, "club": event.club, "event": event})


# --- Outside visits ----------------------------------------------------------------------------------


@login_required
@require_GET
def visit_list(request):
    viewer, club = access.customers_club(request)
    visits = list(OutsideVisit.objects.filter(club=club).select_related("by", "club").order_by("-date", "-pk")[:200])
    for visit in visits:
        visit.may_keep = access.may_keep_visit(viewer, visit)
    return render(request, "customers/visit_list.html", {"club": club, "clubs": picker_clubs(viewer),
                                                         "visits": visits, "viewer": viewer,
                                                         "add_url": _url("customers:visit_add", viewer, club)})


@login_required
@require_http_methods(["GET", "POST"])
def visit_add(request):
    viewer, club = access.customers_club(request)
    form = VisitForm(request.POST or None, initial={"date": club_today(club)})
    if request.method == "POST" and form.is_valid():
        visit = form.save(commit=False)
        visit.club, visit.by = club, viewer
        visit.save()
        messages.success(request, _("The visit was logged."))
        return redirect(_url("customers:visits", viewer, club))
    return render(request, "customers/visit_form.html", {"form": form, "club": club, "clubs": picker_clubs(viewer)})


@login_required
@require_http_methods(["GET", "POST"])
def visit_edit(request, pk):
    viewer, visit = access.get_visit(request, pk, keep=True)
    form = VisitForm(request.POST or None, instance=visit)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The visit was saved."))
        return redirect(_url("customers:visits", viewer, visit.club))
    return render(request, "customers/visit_form.html", {"form": form, "club": visit.club, "visit": visit})


# --- VIP and key-customer arrivals ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def arrivals(request):
    """VIP and key customers expected today and later (and the last week's, with notes for next time);
    the form below adds one."""
    import datetime

    viewer, club = access.customers_club(request)
    today = club_today(club)
    form = ArrivalForm(request.POST or None, club=club, initial={"date": today, "receiver": viewer.pk})
    if request.method == "POST" and form.is_valid():
        arrival = form.save(commit=False)
        arrival.club = club
        arrival.save()
        messages.success(request, _("The arrival was added."))
        return redirect(_url("customers:arrivals", viewer, club))
    rows = list(Arrival.objects.filter(club=club, date__gte=today - datetime.timedelta(days=7))
                .select_related("customer", "receiver").order_by("date", "time", "pk")[:200])
    return render(request, "customers/arrivals.html", {
        "club": club, "clubs": picker_clubs(viewer), "today": today, "form": form,
        "expected": [a for a in rows if a.date >= today], "past": [a for a in rows if a.date < today][::-1],
    })


@login_required
@require_http_methods(["GET", "POST"])
def arrival_edit(request, pk):
    viewer, arrival = access.get_arrival(request, pk)
    form = ArrivalForm(request.POST or None, instance=arrival, club=arrival.club)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The arrival was saved."))
        return redirect(_url("customers:arrivals", viewer, arrival.club))
    return render(request, "customers/arrival_form.html", {"form": form, "club": arrival.club, "arrival": arrival})


# --- Figures -----------------------------------------------------------------------------------------


@login_required
@require_GET
def figures(request):
    """The month's figures per customer manager."""
    from kernel.months import parse_month

    viewer, club = access.customers_club(request)
    today = club_today(club)
    month = parse_month(request.GET.get("month", "")) or today.replace(day=1)
    return render(request, "customers/figures.html", {
        "club": club, "clubs": picker_clubs(viewer), "month": month,
        "rows": selectors.month_figures(club, month), "columns": selectors.FIGURES,
    })
