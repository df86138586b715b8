"""E-mailing the monthly report: one e-mail per person and month, claimed before it is sent, retried with backoff.

Protocol:

1. ``deliveries_create`` makes one ``ReportDelivery`` row per recipient and month. The
   database holds one row per person and month, so a second run (or two at once) adds none.
2. ``delivery_send`` claims a row with one conditional UPDATE (pending or failed, and due →
   sending, with a lease); only the run whose UPDATE changed the row sends. Two runs at once
   therefore send one e-mail.
3. A send that raises is recorded (``last_error``), and tried again after 15 minutes, then 30,
   60, … up to ``MAX_ATTEMPTS``; the report page shows it. A run that died while sending leaves a
   lease that expires, after which the row counts as failed once and is tried again.
4. ``send_again`` (the owner's button) puts rows back to pending, due now.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from staff.models import Club, Person, Role

from .models import ReportDelivery

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
FIRST_RETRY = datetime.timedelta(minutes=15)
LEASE = datetime.timedelta(minutes=30)
STATUS = ReportDelivery.Status


def recipients(club_ids):
    """(person, club or None) for everyone who gets the report: each owner (the chain), each store manager (their club)."""
    people = Person.objects.active().filter(
        Q(position=Role.OWNER) | Q(position=Role.STORE_MANAGER, club_id__in=club_ids)
    ).select_related("user", "club")
    return [(p, None if p.position == Role.OWNER else p.club) for p in people.order_by("pk")]


def _address(person):
    return person.user.email if person.user_id and person.user.is_active and person.user.email else ""


def deliveries_create(*, month, club_ids, owners=True):
    """One delivery per recipient of ``month`` (store managers of ``club_ids``; owners when ``owners``); returns new ones."""
    created = []
    have = set(ReportDelivery.objects.filter(month=month).values_list("person_id", flat=True))
    for person, club in recipients(club_ids):
        if (club is None and not owners) or person.pk in have:
            continue
        email = _address(person)
        try:
            with transaction.atomic():
                row = ReportDelivery.objects.create(
                    person=person, month=month, club=club, email=email,
                    status=STATUS.PENDING if email else STATUS.NO_ADDRESS,
                )
            created.append(row)
        except IntegrityError:
            pass  # made by an earlier (or a simultaneous) run: nothing twice
    return created


def due(now):
    """Ids of the deliveries to send now."""
    # A run that died while sending: its lease has run out, so the row counts as a failed try.
    ReportDelivery.objects.filter(status=STATUS.SENDING, next_try_at__lte=now).update(
        status=STATUS.FAILED, last_error="interrupted while sending"
    )
    return list(
        ReportDelivery.objects.filter(status__in=[STATUS.PENDING, STATUS.FAILED])
        .filter(Q(next_try_at__isnull=True) | Q(next_try_at__lte=now))
        .order_by("pk").values_list("pk", flat=True)
    )


def _claim(delivery_id, now):
    """Take the row for this run; False when another run has it or it is not due."""
    return bool(
        ReportDelivery.objects.filter(pk=delivery_id, status__in=[STATUS.PENDING, STATUS.FAILED])
        .filter(Q(next_try_at__isnull=True) | Q(next_try_at__lte=now))
        .update(status=STATUS.SENDING, attempts=F("attempts") + 1, next_try_at=now + LEASE)
    )


def delivery_send(delivery_id, *, now=None, connection=None):
    """Send one delivery if this run can claim it; returns True when an e-mail went out."""
    now = now or timezone.now()
    if not _claim(delivery_id, now):
        return False
    row = ReportDelivery.objects.select_related("person__user", "person__club", "club").get(pk=delivery_id)
    email = _address(row.person)
    if not email:
        ReportDelivery.objects.filter(pk=row.pk).update(status=STATUS.NO_ADDRESS, email="", next_try_at=None)
        return False
    try:
        message = _message(row, email)
        message.connection = connection
        message.send()
    except Exception as error:  # noqa: BLE001 - any failure of the mail server is recorded and retried
        attempts = row.attempts
        gave_up = attempts >= MAX_ATTEMPTS
        ReportDelivery.objects.filter(pk=row.pk).update(
            status=STATUS.GAVE_UP if gave_up else STATUS.FAILED,
            last_error=f"{type(error).__name__}: {error}"[:300],
            next_try_at=None if gave_up else now + FIRST_RETRY * 2 ** (attempts - 1),
        )
        log.warning("report e-mail %s to %s failed (attempt %s): %s", row.pk, email, attempts, error)
        return False
    ReportDelivery.objects.filter(pk=row.pk).update(
        status=STATUS.SENT, sent_at=timezone.now(), email=email, last_error="", next_try_at=None
    )
    return True


def _message(row, email):
    """The e-mail in the recipient's language: a short HTML summary, the PDF and the XLSX attached."""
    from .exports import file_bytes, section_tables
    from .presentation import sections
    from .report import monthly_report
    from .selectors import clubs_with_first_month

    language = row.person.language or settings.LANGUAGE_CODE
    with translation.override(language):
        clubs = Club.objects.all() if row.club_id is None else Club.objects.filter(pk=row.club_id)
        report = monthly_report(clubs_with_first_month(clubs), row.month, scope="chain" if row.club_id is None else "club")
        scope = _("All clubs") if row.club_id is None else row.club.name
        subject = _("ClubOps monthly report %(month)s · %(scope)s") % {"month": f"{row.month:%Y-%m}", "scope": scope}
        from django.urls import reverse

        path = reverse("reports:monthly", args=[f"{row.month:%Y-%m}"])
        context = {"report": report, "sections": sections(report, lambda figure: ""), "scope": scope,
                   "person": row.person, "path": path, "section_tables": section_tables(report)}
        html = render_to_string("reports/email.html", context)
        text = render_to_string("reports/email.txt", context)
        name = "chain" if row.club_id is None else row.club.code
        message = EmailMultiAlternatives(subject, text, None, [email])
        message.attach_alternative(html, "text/html")
        key = (row.club_id, row.month, language, tuple(p.snapshot.built_at if p.snapshot else None for p in report.parts))
        if key not in _FILES:
            if len(_FILES) >= 16:
                _FILES.clear()  # a few reports' files at a time: a run's e-mails and its retries share them
            _FILES[key] = (file_bytes(report, "pdf"), file_bytes(report, "xlsx"))  # kept for the page too
        pdf, xlsx = _FILES[key]
        message.attach(f"report-{name}-{row.month:%Y-%m}.pdf", pdf, "application/pdf")
        message.attach(f"report-{name}-{row.month:%Y-%m}.xlsx", xlsx,
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return message


_FILES = {}


def queue_send(delivery_ids):
    """Queue a send task per delivery once the current transaction commits."""
    from outbox.services import enqueue_on_commit

    for pk in delivery_ids:
        enqueue_on_commit("reports.tasks.send_report_email", pk)  # kept in the outbox while the broker is down


@transaction.atomic
def send_again(*, month, by, delivery_id=None):
    """The owner's "send again": the month's deliveries (or one) back to pending, due now; returns how many."""
    club_ids = list(Club.objects.values_list("pk", flat=True))
    deliveries_create(month=month, club_ids=club_ids)
    rows = ReportDelivery.objects.filter(month=month).exclude(status=STATUS.SENDING)
    if delivery_id is not None:
        rows = rows.filter(pk=delivery_id)
    ids = list(rows.values_list("pk", flat=True))
    ReportDelivery.objects.filter(pk__in=ids).update(status=STATUS.PENDING, next_try_at=None, requested_by=by)
    queue_send(ids)
    return len(ids)
