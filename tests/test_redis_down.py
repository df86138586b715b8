"""When the broker is down, the team screen still saves at once; its job waits in the outbox and goes out later.

The broker is "down" by pointing Celery at a closed port; "back" is the real Redis at
``REDIS_URL`` or 127.0.0.1:6379/15 (skipped locally when none answers, failed in CI) or, on the
defaults, a file-system broker in a temporary folder. Celery runs as in production here (not
eagerly), so the job is really published; the test then takes the message off the queue and
runs it, as a worker would.
"""

import os
import time

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from kombu import Connection

from attendance.models import Attendance, GroomingItem
from clubops.celery import app
from conftest import need_service
from duties.models import Checklist, ChecklistItem, Duty, DutyVersion, Evidence
from outbox import services
from outbox.models import OutboxJob

CLOSED_PORT = "redis://127.0.0.1:6390/0"  # nothing listens there
URL = reverse("attendance:team_day")
RECORD_EVIDENCE = "duties.tasks.record_evidence"


@pytest.fixture
def broker():
    """Celery as in production (not eager); ``broker.point(url, options)`` moves the broker; restored afterwards."""
    keys = ("task_always_eager", "broker_url", "broker_write_url", "broker_transport_options")
    saved = {key: app.conf.get(key) for key in keys}
    app.conf.task_always_eager = False

    class Broker:
        url = None
        options = None

        def point(self, url, options):
            self.url, self.options = url, options
            app.conf.broker_url = app.conf.broker_write_url = url
            app.conf.broker_transport_options = options

        def messages(self):
            """Take every message off the default queue: [(task name, args, kwargs, id)]."""
            taken = []
            with Connection(self.url, transport_options=self.options) as conn:
                queue = conn.SimpleQueue(app.conf.task_default_queue)
                try:
                    while True:
                        message = queue.get(timeout=0.5)
                        args, kwargs, _embed = message.decode()
                        taken.append((message.headers["task"], args, kwargs, message.headers["id"]))
                        message.ack()
                except queue.Empty:
                    pass
                finally:
                    queue.close()
            return taken

    yield Broker()
    for key, value in saved.items():
        app.conf[key] = value


@pytest.fixture
def redis_broker():
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as error:
        need_service("Redis", f"{url}: {error}")
    return url


@pytest.fixture
def file_broker(tmp_path):
    folder = tmp_path / "queue"
    folder.mkdir()
    return "filesystem://", {"data_folder_in": str(folder), "data_folder_out": str(folder), "store_processed": False,
                             "control_folder": str(tmp_path / "control")}


@pytest.fixture
def open_grooming_item(world):
    """The supervisor's daily "check the team's grooming" item, open, for today."""
    today = timezone.localdate(timezone=world.club1.zone)
    duty = Duty.objects.create(club=world.club1, position=world.supervisor_a.position, key="grooming-check", order=1)
    duty.current = DutyVersion.objects.create(duty=duty, number=1, cadence="daily", text_en="Check the team's grooming",
                                              evidence=Evidence.GROOMING_CHECKED)
    duty.save()
    checklist = Checklist.objects.create(person=world.supervisor_a, club=world.club1, cadence="daily",
                                         period_start=today, period_end=today)
    return ChecklistItem.objects.create(checklist=checklist, duty=duty, duty_version=duty.current)


def save_team_screen(client, world):
    """The supervisor saves the team screen: everyone worked, every grooming item passed."""
    GroomingItem.ensure_defaults(world.club1)
    data = {}
    for person in world.team_a.members.all():
        data[f"p{person.pk}-presence"] = "worked"
        for item in GroomingItem.objects.filter(club=world.club1):
            if item.applies_to_person(person):
                data[f"p{person.pk}-item_{item.pk}"] = "on"
    client.force_login(world.supervisor_a.user)
    started = time.monotonic()
    response = client.post(URL, data)
    return response, time.monotonic() - started


def save_while_the_broker_is_down(client, world, broker, django_capture_on_commit_callbacks):
    broker.point(CLOSED_PORT, settings.REDIS_BROKER_TRANSPORT_OPTIONS)
    with django_capture_on_commit_callbacks(execute=True):
        response, took = save_team_screen(client, world)
    assert response.status_code == 302, "the save must succeed"
    assert took < 2, f"the save took {took:.2f} s with the broker down"
    assert Attendance.objects.filter(person__team=world.team_a).count() == world.team_a.members.count()
    kept = [job for job in OutboxJob.objects.filter(task=RECORD_EVIDENCE) if job.args[1] == Evidence.GROOMING_CHECKED]
    assert len(kept) == 1 and kept[0].args[0] == world.supervisor_a.pk
    kept = kept[0]
    assert kept.sent_at is None and kept.attempts == 1 and "6390" in kept.last_error
    return kept


def run_like_a_worker(messages):
    app.loader.import_default_modules()  # a worker finds every app's tasks when it starts
    for name, args, kwargs, _id in messages:
        app.tasks[name].apply(args=args, kwargs=kwargs, throw=True)


@pytest.mark.redis
def test_a_save_while_redis_is_down_is_kept_and_sent_when_it_is_back(
    client, world, broker, redis_broker, open_grooming_item, django_capture_on_commit_callbacks
):
    kept = save_while_the_broker_is_down(client, world, broker, django_capture_on_commit_callbacks)
    open_grooming_item.refresh_from_db()
    assert open_grooming_item.state == ChecklistItem.State.OPEN  # not ticked yet: the job waits

    # The relay cannot send while the broker is still down, and says so.
    assert services.relay() == (0, 2)
    first = OutboxJob.objects.order_by("pk").first()
    assert first.sent_at is None and first.attempts == 2 and "6390" in first.last_error

    broker.point(redis_broker, settings.REDIS_BROKER_TRANSPORT_OPTIONS)
    broker.messages()  # start from an empty queue
    assert services.relay() == (2, 0)
    kept.refresh_from_db()
    assert kept.sent_at is not None and kept.attempts == 2
    queued = broker.messages()
    assert sorted(name for name, *_rest in queued) == [RECORD_EVIDENCE, RECORD_EVIDENCE]
    assert f"outbox-{kept.pk}-2" in {message_id for *_rest, message_id in queued}
    run_like_a_worker(queued)
    open_grooming_item.refresh_from_db()
    assert open_grooming_item.state == ChecklistItem.State.DONE
    assert services.relay() == (0, 0)  # nothing is sent twice


def test_a_save_while_the_broker_is_down_is_sent_by_the_next_save_once_it_is_back(
    client, world, broker, file_broker, open_grooming_item, django_capture_on_commit_callbacks
):
    """On the defaults (file-system broker): the next successful publish queues the relay itself."""
    save_while_the_broker_is_down(client, world, broker, django_capture_on_commit_callbacks)
    broker.point(*file_broker)
    services._next_check["at"] = 0.0  # as in a fresh process
    with django_capture_on_commit_callbacks(execute=True):
        response, _took = save_team_screen(client, world)
    assert response.status_code == 302
    queued = broker.messages()
    names = [name for name, *_rest in queued]
    assert names.count(RECORD_EVIDENCE) == 2  # the second save's own jobs went straight out
    assert names.count(services.RELAY_TASK) == 1  # ... and asked a worker to send what waited
    assert OutboxJob.objects.filter(sent_at__isnull=True).count() == 2
    run_like_a_worker(queued)  # the worker runs the relay ...
    assert OutboxJob.objects.filter(sent_at__isnull=True).count() == 0
    assert sorted(name for name, *_rest in broker.messages()) == [RECORD_EVIDENCE, RECORD_EVIDENCE]  # the kept two


def test_the_relay_command_says_when_the_broker_is_still_down(world, broker, file_broker, capsys):
    from django.core.management import call_command

    broker.point(CLOSED_PORT, settings.REDIS_BROKER_TRANSPORT_OPTIONS)
    assert isinstance(services.enqueue("attendance.tasks.send_notice_email", 12345), OutboxJob)
    with pytest.raises(SystemExit) as exit_:
        call_command("relay_outbox")
    assert exit_.value.code == 1
    assert "sent 0, still waiting 1" in capsys.readouterr().out
    broker.point(*file_broker)
    call_command("relay_outbox")
    assert "sent 1, still waiting 0" in capsys.readouterr().out
    assert [(name, args) for name, args, *_rest in broker.messages()] == [("attendance.tasks.send_notice_email", [12345])]


def test_with_celery_eager_the_job_runs_at_once_and_nothing_is_kept(world, open_grooming_item,
                                                                      django_capture_on_commit_callbacks):
    from django.test import Client

    with django_capture_on_commit_callbacks(execute=True):
        response, _took = save_team_screen(Client(), world)
    assert response.status_code == 302
    open_grooming_item.refresh_from_db()
    assert open_grooming_item.state == ChecklistItem.State.DONE
    assert not OutboxJob.objects.exists()
