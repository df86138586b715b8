"""The parts that only a real PostgreSQL and a real Redis can show."""

import os
import threading

import pytest
from django.conf import settings
from django.db import IntegrityError, connection, connections

from conftest import need_service
from staff.models import Person, Role
from tests.factories import ClubFactory

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_url():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as error:
        need_service("Redis", f"{REDIS_URL}: {error}")
    return REDIS_URL


@pytest.mark.redis
def test_it_queues_a_celery_message_through_redis(redis_url):
    from kombu import Connection

    with Connection(redis_url, connect_timeout=2) as conn:
        queue = conn.SimpleQueue("clubops-ci-check")
        queue.put({"hello": "club"})
        message = queue.get(timeout=2)
        assert message.payload == {"hello": "club"}
        message.ack()
        queue.close()


def test_it_uses_redis_when_redis_url_is_set_and_files_otherwise():
    """REDIS_URL decides the broker, the results and the cache; without it a file broker works."""
    from django.core.cache import cache
    from kombu import Connection

    from clubops.celery import app

    if os.environ.get("REDIS_URL"):
        assert settings.CELERY_BROKER_URL == os.environ["REDIS_URL"]
        assert "RedisCache" in settings.CACHES["default"]["BACKEND"]
    else:
        assert settings.CELERY_BROKER_URL == "filesystem://"
    cache.set("clubops-ci", "ok", 10)
    assert cache.get("clubops-ci") == "ok"
    with Connection(app.conf.broker_url, transport_options=app.conf.broker_transport_options) as conn:
        queue = conn.SimpleQueue("clubops-broker-check")
        queue.put({"club": 1})
        message = queue.get(timeout=2)
        assert message.payload == {"club": 1}
        message.ack()
        queue.close()


def _create_technician(club, phone, results):
    try:
        Person.objects.create(
            club=club, name=f"Racer {phone}", gender="female", hire_date="2024-01-01",
            position=Role.TECHNICIAN, phone=phone,
        )
        results.append("created")
    except IntegrityError:
        results.append("refused")
    finally:
        connections.close_all()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_cannot_give_two_people_one_phone_in_a_club():
    if connection.vendor != "postgresql":
        need_service("PostgreSQL", f"this run's database is {connection.vendor}; set DATABASE_URL=postgres://...")
    club = ClubFactory()
    barrier = threading.Barrier(4)
    results = []

    def racer():
        barrier.wait()
        _create_technician(club, "13812345678", results)

    threads = [threading.Thread(target=racer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["created", "refused", "refused", "refused"]
    assert Person.objects.filter(club=club, phone="13812345678").count() == 1
