from unittest import mock

import pytest
from django.db import OperationalError

from clubops.celery import app as celery_app

pytestmark = pytest.mark.timeless  # reads no clock: a --clock replay leaves it out

UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"


@pytest.fixture
def broken_database():
    """The health check's own database connection fails; nothing else is touched."""
    with mock.patch("outbox.views.connection") as connection:
        connection.cursor.side_effect = OperationalError("could not connect to server")
        yield


@pytest.fixture
def unreachable_broker(monkeypatch):
    monkeypatch.setattr(celery_app.conf, "broker_url", UNREACHABLE_BROKER)


def test_it_is_ok_when_the_database_and_the_broker_answer(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_it_needs_no_sign_in_and_is_never_cached(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


def test_it_is_degraded_but_serving_when_the_broker_is_unreachable(client, db, unreachable_broker):
    """Saves still work without the broker (jobs wait in the outbox): stay in the load balancer."""
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["database"]) == ("degraded", "ok")
    assert body["broker"].startswith("error: ")


def test_it_is_unavailable_when_the_database_fails(client, db, broken_database):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error: OperationalError", "broker": "ok"}


def test_it_answers_only_get(client, db):
    assert client.post("/healthz").status_code == 405
