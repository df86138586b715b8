"""The monthly e-mail: once per person and month, with the PDF and XLSX, retried with backoff, sent again on request."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, connections

from conftest import need_service
from reports import jobs
from reports.models import ReportDelivery

from .month import READ_IN_NOVEMBER, MONTH, build_month


pytestmark = READ_IN_NOVEMBER


FIRST = datetime.datetime(2026, 11, 1, 8, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


class FailingBackend(EmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def with_addresses(world):
    for person, email in ((world.owner, "owner@example.com"), (world.store_manager, "sm1@example.com"),
                          (world.store_manager_2, "sm2@example.com")):
        person.user.email = email
        person.user.save()
        person.language = "en"  # the e-mail is written in the recipient's language
        person.save()


@pytest.fixture
def october(world):
    build_month(world)
    with_addresses(world)
    return world


def by_recipient():
    return sorted((m.to[0], m.subject) for m in mail.outbox)


def test_on_the_first_each_owner_and_store_manager_gets_one_email(october):
    jobs.run_due(FIRST)
    assert by_recipient() == [
        ("owner@example.com", "ClubOps monthly report 2026-10 · All clubs"),
        ("sm1@example.com", "ClubOps monthly report 2026-10 · Club One"),
        ("sm2@example.com", "ClubOps monthly report 2026-10 · Club Two"),
    ]
    message = next(m for m in mail.outbox if m.to == ["owner@example.com"])
    names = [name for name, _content, _type in message.attachments]
    assert names == ["report-chain-2026-10.pdf", "report-chain-2026-10.xlsx"]
    html = message.alternatives[0][0]
    assert "Late arrivals" in html and "Attendance rate" in html
    assert set(ReportDelivery.objects.values_list("status", flat=True)) == {"sent"}


def test_running_the_job_again_sends_nothing_twice(october):
    jobs.run_due(FIRST)
    jobs.run_due(FIRST + datetime.timedelta(minutes=15))
    jobs.run_due(FIRST + datetime.timedelta(days=1))
    assert len(mail.outbox) == 3
    assert ReportDelivery.objects.count() == 3


def test_nothing_is_sent_before_eight_oclock(october):
    jobs.run_due(FIRST - datetime.timedelta(minutes=1))
    assert mail.outbox == []


def test_someone_without_an_address_is_shown_not_mailed(world):
    build_month(world)
    jobs.run_due(FIRST)
    assert mail.outbox == []
    assert set(ReportDelivery.objects.values_list("status", flat=True)) == {"no_address"}


def test_a_failed_send_is_retried_with_backoff_and_shown(client, october, settings):
    settings.EMAIL_BACKEND = "reports.tests.test_delivery.FailingBackend"
    jobs.run_due(FIRST)
    row = ReportDelivery.objects.get(person=october.owner)
    assert (row.status, row.attempts) == ("failed", 1)
    assert "mail server down" in row.last_error
    assert row.next_try_at == FIRST + datetime.timedelta(minutes=15)
    jobs.run_due(FIRST + datetime.timedelta(minutes=10))  # not due yet
    assert ReportDelivery.objects.get(person=october.owner).attempts == 1
    jobs.run_due(FIRST + datetime.timedelta(minutes=15))
    row = ReportDelivery.objects.get(person=october.owner)
    assert row.attempts == 2 and row.next_try_at == FIRST + datetime.timedelta(minutes=45)

    client.force_login(october.owner.user)
    page = client.get("/reports/monthly/2026-10/").content.decode()
    assert f'data-delivery="{row.pk}" data-status="failed"' in page
    assert "mail server down" in page

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    jobs.run_due(FIRST + datetime.timedelta(minutes=45))
    assert by_recipient()[0][0] == "owner@example.com" and len(mail.outbox) == 3
    assert ReportDelivery.objects.get(person=october.owner).status == "sent"


def test_it_gives_up_after_the_last_attempt(october, settings):
    settings.EMAIL_BACKEND = "reports.tests.test_delivery.FailingBackend"
    now = FIRST
    for _ in range(10):
        jobs.run_due(now)
        now += datetime.timedelta(days=1)
    row = ReportDelivery.objects.get(person=october.owner)
    assert (row.status, row.attempts) == ("gave_up", 6)


def test_the_owner_sends_it_again(client, october, django_capture_on_commit_callbacks):
    jobs.run_due(FIRST)
    mail.outbox.clear()
    client.force_login(october.owner.user)
    row = ReportDelivery.objects.get(person=october.store_manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/reports/monthly/2026-10/send/", {"delivery": row.pk})
    assert response.status_code == 302
    assert by_recipient() == [("sm1@example.com", "ClubOps monthly report 2026-10 · Club One")]
    assert ReportDelivery.objects.get(pk=row.pk).requested_by == october.owner
    assert ReportDelivery.objects.filter(person=october.store_manager).count() == 1


def test_only_the_owner_may_send_again(client, october):
    client.force_login(october.store_manager.user)
    assert client.post("/reports/monthly/2026-10/send/").status_code == 403
    assert client.get("/reports/monthly/2026-10/send/").status_code == 405
    assert ReportDelivery.objects.count() == 0


def test_a_running_month_is_not_sent_again(client, october):
    client.force_login(october.owner.user)
    response = client.post("/reports/monthly/2026-11/send/", follow=True)
    assert "is not over yet" in response.content.decode()
    assert ReportDelivery.objects.count() == 0


def _run_in_thread(now, barrier, errors):
    try:
        barrier.wait()
        jobs.run_due(now)
    except Exception as error:  # noqa: BLE001 - reported by the test
        errors.append(error)
    finally:
        connections.close_all()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_one_email_each(world):
    if connection.vendor != "postgresql":
        need_service("PostgreSQL", f"this run's database is {connection.vendor}; set DATABASE_URL=postgres://...")
    build_month(world)
    with_addresses(world)
    barrier, errors = threading.Barrier(2), []
    threads = [threading.Thread(target=_run_in_thread, args=(FIRST, barrier, errors)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(m.to[0] for m in mail.outbox) == ["owner@example.com", "sm1@example.com", "sm2@example.com"]
    assert ReportDelivery.objects.filter(month=MONTH, status="sent").count() == 3
