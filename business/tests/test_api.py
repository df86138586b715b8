"""The JSON import endpoint: a club's token, kept hashed, imports for that club only and opens nothing else."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from business import services
from business.models import ApiToken, ClubDay, Entry, Source, TechnicianDay

pytestmark = pytest.mark.clock("2026-11-20T15:00:00+08:00")

URL = "/business/api/import/"


def post(client, body, token=None, **headers):
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client.post(URL, json.dumps(body), content_type="application/json", **headers)


def rows(world):
    return {"rows": [
        {"date": "2026-11-19", "customers_served": 84, "revenue": "25600.50", "new_members": 3},
        {"date": "2026-11-19", "technician_id": world.technician.pk, "services": 6, "requested_services": 2},
        {"date": "2026-11-19", "technician": "Tech B1", "services": 4.5},
    ]}


def test_the_url_is_the_documented_one():
    assert reverse("business:api_import") == URL


def test_a_token_imports_for_its_club(client, world):
    token, raw = services.token_create(world.club1, name="Till", by=world.store_manager)
    response = post(client, rows(world), raw)
    assert response.status_code == 200, response.content
    assert response.json()["ok"] is True and response.json()["days"] == 1
    day = ClubDay.objects.get()
    assert (day.club, day.revenue, day.entry.source, day.entry.token) == (world.club1, Decimal("25600.50"),
                                                                          Source.API, token)
    assert TechnicianDay.objects.count() == 2

    again = post(client, {"rows": [{"date": "2026-11-19", "revenue": 26000}]}, raw)
    assert again.json()["rows_changed"] == 1
    day.refresh_from_db()
    assert (day.revenue, day.revision, day.customers_served) == (Decimal("26000.00"), 2, 84)  # blank: kept


def test_a_bad_row_imports_nothing_and_the_errors_name_the_rows(client, world):
    _token, raw = services.token_create(world.club1, name="Till", by=world.store_manager)
    body = rows(world)
    body["rows"][1]["services"] = "lots"
    body["rows"].append({"date": "2026-11-19", "technician_id": world.technician_2.pk, "services": 3})  # club 2
    body["rows"].append({"date": "2026-11-19", "tips": 5})
    response = post(client, body, raw, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [e["row"] for e in errors] == [5, 2, 4]
    assert errors[1] == {"row": 2, "column": "Services (鐘數)", "message": "“lots” is not a number."}
    assert "no technician of this club" in errors[2]["message"]
    assert not ClubDay.objects.exists() and not TechnicianDay.objects.exists() and not Entry.objects.exists()


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer cob_wrong", "Basic c3RvcmVfbWFuYWdlcg==", "Token x"])
def test_no_or_a_wrong_token_is_a_401(client, world, header):
    services.token_create(world.club1, name="Till", by=world.store_manager)
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = post(client, rows(world), **extra)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert not ClubDay.objects.exists()


def test_a_signed_in_session_is_not_a_token(client, world):
    client.force_login(world.store_manager.user)
    assert post(client, rows(world)).status_code == 401
    assert client.get(URL).status_code == 405
    assert not ClubDay.objects.exists()


def test_a_revoked_token_is_a_403(client, world):
    token, raw = services.token_create(world.club1, name="Till", by=world.store_manager)
    services.token_revoke(token, by=world.store_manager)
    assert post(client, rows(world), raw).status_code == 403
    assert not ClubDay.objects.exists()


def test_a_token_opens_no_page(client, world):
    _token, raw = services.token_create(world.club1, name="Till", by=world.store_manager)
    for name in ("business:figures", "business:day", "business:tokens"):
        response = client.get(reverse(name), HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_token_of_club_two_only_reaches_club_two(client, world):
    _token, raw = services.token_create(world.club2, name="Till", by=world.store_manager_2)
    response = post(client, {"rows": [{"date": "2026-11-19", "revenue": 100},
                                      {"date": "2026-11-19", "technician": "Tech A1", "services": 3}]}, raw)
    assert response.status_code == 400  # Tech A1 works in club 1
    response = post(client, {"rows": [{"date": "2026-11-19", "revenue": 100}]}, raw)
    assert response.status_code == 200
    assert ClubDay.objects.get().club == world.club2


def test_the_body_must_be_json_with_rows(client, world):
    _token, raw = services.token_create(world.club1, name="Till", by=world.store_manager)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.post(URL, "not json", content_type="application/json", **headers).status_code == 400
    assert post(client, {"days": []}, raw).status_code == 400
    assert post(client, {"rows": "x"}, raw).status_code == 400


def test_the_store_manager_makes_a_token_sees_it_once_and_revokes_it(client, world):
    client.force_login(world.store_manager.user)
    page = client.post(reverse("business:tokens"), {"name": "收银系统"})
    assert page.status_code == 200
    raw = page.context["created"]
    assert raw.startswith("cob_") and raw in page.content.decode()
    token = ApiToken.objects.get()
    assert token.digest != raw and raw not in json.dumps(list(ApiToken.objects.values()), default=str)
    assert raw not in json.dumps(list(ApiToken.history.values()), default=str)
    assert raw not in client.get(reverse("business:tokens")).content.decode()  # shown once

    client.force_login(world.store_manager_2.user)
    assert client.post(reverse("business:tokens"), {"revoke": token.pk}).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None

    client.force_login(world.store_manager.user)
    assert client.post(reverse("business:tokens"), {"revoke": token.pk}).status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == world.store_manager
    client.logout()
    assert post(client, rows(world), raw).status_code == 403
