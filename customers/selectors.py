"""What the customers' pages, the Today page and the reports read: due follow-ups and the month's figures
per customer manager. A fixed number of queries whatever the number of customers."""

import datetime

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from kernel.clock import club_today
from kernel.months import next_month
from staff.models import Person

from .models import Arrival, Contact, Customer, Event, Level

# The month's figures per customer manager, in this order: key -> label.
FIGURES = {
    "new_members": _("New members"),
    "active_members": _("Active members"),
    "follow_ups": _("Follow-ups made"),
    "overdue": _("Follow-ups overdue"),
    "event_attendance": _("Event attendance"),
    "vip_visits": _("VIP visits"),
}


def due_follow_ups(person, today):
    """The open next steps ``person`` must take by ``today`` (the overdue first)."""
    return list(Contact.objects.filter(next_by=person, next_done=False, next_due__lte=today,
                                       customer__anonymised_at__isnull=True)
                .select_related("customer").order_by("next_due", "pk"))


def arrivals_today(person, today, *, every=False):
    """The VIP and key customers expected at ``person``'s club today: those ``person`` receives (``every``: all)."""
    arrivals = Arrival.objects.filter(club_id=person.club_id, date=today).select_related("customer", "receiver")
    if not every:
        arrivals = arrivals.filter(receiver=person)
    return list(arrivals.order_by("time", "pk"))


def pickable_customers(club):
    """The club's customers one may name on another record (the feedback form): not anonymised, by name."""
    return Customer.objects.filter(club=club, anonymised_at__isnull=True).order_by("name", "pk")


def event_follow_ups(event):
    """Contacts made with the event's new customers since the event."""
    return Contact.objects.filter(customer__event=event, date__gte=event.date).count()


def month_figures(club, month, *, person=None):
    """``[{"person", key: number...}]``: one row per customer manager (and marketing director) of ``club``
    with a figure in ``month`` or working now, and a last row of the club's totals (``person`` None).
    With ``person``: only their row (and no total)."""
    first, after = month, next_month(month)
    today = club_today(club)
    in_month = {"date__gte": first, "date__lt": after}
    figures = {}

    def add(key, rows):
        for person_id, value in rows:
            if person_id is not None:
                figures.setdefault(person_id, {})[key] = value or 0

    customers = Customer.objects.filter(club=club)
    contacts = Contact.objects.filter(club=club)
    add("new_members", customers.filter(joined_on__gte=first, joined_on__lt=after).values("manager")
        .annotate(n=Count("pk")).values_list("manager", "n"))
    add("active_members", contacts.filter(**in_month).values("customer__manager")
        .annotate(n=Count("customer", distinct=True)).values_list("customer__manager", "n"))
    add("follow_ups", contacts.filter(**in_month).values("by").annotate(n=Count("pk")).values_list("by", "n"))
    add("overdue", contacts.filter(next_done=False, next_due__gte=first, next_due__lt=min(after, today))
        .values("next_by").annotate(n=Count("pk")).values_list("next_by", "n"))
    add("event_attendance", Event.objects.filter(club=club, **in_month).values("owner")
        .annotate(n=Sum("attended")).values_list("owner", "n"))
    add("vip_visits", contacts.filter(**in_month, kind=Contact.Kind.VISIT,
                                      customer__level__in=[Level.VIP, Level.KEY_ACCOUNT])
        .values("by").annotate(n=Count("pk")).values_list("by", "n"))
    from . import access

    people = {p.pk: p for p in access.marketing_people(club)}
    missing = set(figures) - set(people)
    if missing:
        people.update({p.pk: p for p in Person.objects.filter(pk__in=missing)})
    rows = []
    for person_id, someone in sorted(people.items(), key=lambda item: (item[1].name, item[0])):
        if person is not None and person_id != person.pk:
            continue
        rows.append({"person": someone, **{key: figures.get(person_id, {}).get(key, 0) for key in FIGURES}})
    if person is None:
        total = {"person": None, **{key: sum(row[key] for row in rows) for key in FIGURES}}
        # the club's own count of new members includes those with no manager
        total["new_members"] = customers.filter(joined_on__gte=first, joined_on__lt=after).count()
        rows.append(total)
    return rows


def club_totals(clubs, month):
    """``{club id: {key: number}}``: each club's total row of ``month_figures`` for many clubs at once, in a
    fixed number of queries whatever the number of clubs (the owner's chain report)."""
    clubs = list(clubs)
    first, after = month, next_month(month)
    totals = {club.pk: dict.fromkeys(FIGURES, 0) for club in clubs}
    if not clubs:
        return totals

    def add(key, rows):
        for club_id, value in rows:
            totals[club_id][key] += value or 0

    ids = list(totals)
    add("new_members", Customer.objects.filter(club_id__in=ids, joined_on__gte=first, joined_on__lt=after)
        .values("club").annotate(n=Count("pk")).values_list("club", "n"))
    # The contacts' four figures in one query (each a count with its own filter), as month_figures counts them.
    in_month = Q(date__gte=first, date__lt=after)
    open_step = Q(next_done=False, next_by__isnull=False, next_due__gte=first)
    by_today = {}
    for club in clubs:  # "overdue" ends at each club's own today (clubs in one time zone share one count)
        by_today.setdefault(min(after, club_today(club)), []).append(club.pk)
    overdue = {f"overdue_{index}": Count("pk", filter=open_step & Q(club_id__in=club_ids, next_due__lt=until))
               for index, (until, club_ids) in enumerate(by_today.items())}
    rows = (
        Contact.objects.filter(Q(club_id__in=ids) & (in_month | open_step & Q(next_due__lt=after)))
        .values("club").order_by("club")
        .annotate(
            active_members=Count("customer", distinct=True, filter=in_month & Q(customer__manager__isnull=False)),
            follow_ups=Count("pk", filter=in_month),
            vip_visits=Count("pk", filter=in_month & Q(kind=Contact.Kind.VISIT,
                                                    customer__level__in=[Level.VIP, Level.KEY_ACCOUNT])),
            **overdue,
        )
    )
    for row in rows:
        club_id = row.pop("club")
        for key in ("active_members", "follow_ups", "vip_visits"):
            totals[club_id][key] += row.pop(key)
        totals[club_id]["overdue"] += sum(row.values())
    add("event_attendance", Event.objects.filter(club_id__in=ids, date__gte=first, date__lt=after).values("club")
        .annotate(n=Sum("attended")).values_list("club", "n"))
    return totals


def last_day(month):
    return next_month(month) - datetime.timedelta(days=1)



