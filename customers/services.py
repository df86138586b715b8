"""Writing customers, contacts, and the personal-data log: the only writers of these records."""

from django.db import transaction

from kernel.clock import club_today, now

from .models import PERSONAL_FIELDS, Access, Contact, Customer


def log_access(viewer, club, action, *, customer=None, rows=0):
    return Access.objects.create(club=club, customer=customer, by=viewer, action=action, rows=rows)


@transaction.atomic
def save_customer(form, *, by, club):
    """A new customer (``form.instance`` without a key) or a change; a change is logged as an edit of the file."""
    customer = form.save(commit=False)
    new = customer.pk is None
    customer.club = club
    if new:
        customer.created_by = by
        if not customer.joined_on:
            customer.joined_on = club_today(club)
    if customer.consent and not customer.consent_on:
        customer.consent_on = club_today(club)
    if not customer.consent:
        customer.consent_on = None
    customer.save()
    form.save_m2m()
    if not new:
        log_access(by, club, Access.Action.EDIT, customer=customer)
    return customer


@transaction.atomic
def log_contact(customer, *, by, fields):
    """A contact with ``customer``: it closes the customer's open next steps and may set a new one."""
    for open_step in Contact.objects.filter(customer=customer, next_done=False, next_due__isnull=False):
        open_step.next_done = True
        open_step.save(update_fields=["next_done"])
    contact = Contact(customer=customer, club=customer.club, by=by, **fields)
    if contact.next_due and contact.next_by_id is None:
        contact.next_by = customer.manager or by
    contact.save()
    return contact


@transaction.atomic
def anonymise(customer, *, by):
    """Remove the person, keep the figures: the personal fields and the contacts' notes are emptied (the
    customer's history never held them; the contacts' history is removed); the level, source, manager,
    dates, contacts and event links stay."""
    for name in PERSONAL_FIELDS:
        setattr(customer, name, None if name == "birthday" else "")
    customer.consent = False
    customer.consent_on = None
    customer.anonymised_at = now()
    customer.save()
    customer.technicians.clear()
    # the contacts' history held their outcomes: removed with the person (the emptied contacts start it again)
    Contact.history.filter(customer_id=customer.pk).delete()
    for contact in Contact.objects.filter(customer=customer):
        contact.outcome = ""
        contact.next_step = ""
        contact.save()  # next_done as it was: the month's overdue count stays (Today leaves them out)
    log_access(by, customer.club, Access.Action.ANONYMISE, customer=customer)
    return customer


def customers_of(club):
    return Customer.objects.filter(club=club)
