"""The default series' titles, agendas and places read in each reader's script; typed words stay as typed."""

from types import SimpleNamespace

import pytest
from django.db import connection

from meetings.models import Meeting, MeetingSeries
from meetings.services import meetings_create_ahead, series_install_defaults

# What a data migration is given: its reads and writes go through this connection.
schema_editor = SimpleNamespace(connection=connection)


def stored(table, pk, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def page(client_as, person, url, language):
    client = client_as(person)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    person.language = language
    person.save(update_fields=["language"])
    return client.get(url).content.decode()


@pytest.fixture
def daily(world):
    series_install_defaults(club=world.club1)
    return MeetingSeries.objects.get(club=world.club1, key="marketing-daily")


def test_it_shows_a_default_series_in_the_readers_script(client_as, world, daily):
    url = f"/meetings/series/{daily.pk}/"
    hant = page(client_as, world.marketing, url, "zh-hant")
    assert "營銷部每日工作會議" in hant and "昨日工作回顧" in hant and "前台會議區" in hant
    assert "营销部每日工作会议" not in hant and "昨日工作回顾" not in hant
    hans = page(client_as, world.marketing, url, "zh-hans")
    assert "营销部每日工作会议" in hans and "營銷部" not in hans
    assert "Marketing daily work meeting" in page(client_as, world.marketing, url, "en")


def test_it_stores_the_default_words_as_their_id_in_every_meeting(world, daily):
    assert stored("meetings_meetingseries", daily.pk, "title") == "Marketing daily work meeting"
    meetings_create_ahead(series=daily)
    meeting = Meeting.objects.filter(series=daily).first()
    assert stored("meetings_meeting", meeting.pk, "title") == "Marketing daily work meeting"
    assert stored("meetings_meeting", meeting.pk, "place") == "Front-desk meeting corner"


def test_saving_a_default_back_unchanged_keeps_it_a_default(world, daily):
    daily.agenda_template = daily.agenda_template.replace("\n", "\r\n")  # as a text area sends it
    daily.save()
    assert stored("meetings_meetingseries", daily.pk, "agenda_template").startswith("Yesterday's work in review\n")


def test_a_typed_title_stays_as_typed(client_as, world, daily):
    MeetingSeries.objects.filter(pk=daily.pk).update(title="晨會（前台）")
    assert stored("meetings_meetingseries", daily.pk, "title") == "晨會（前台）"
    assert "晨會（前台）" in page(client_as, world.marketing, f"/meetings/series/{daily.pk}/", "zh-hans")


def test_the_migration_turns_the_old_simplified_defaults_into_ids(world, daily):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("meetings.migrations.0003_default_words_in_every_language")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE meetings_meetingseries SET title = %s, place = %s WHERE id = %s", ["营销部每日工作会议", "前台会议区", daily.pk])
    migration.store_default_words_as_ids(apps, schema_editor)
    assert stored("meetings_meetingseries", daily.pk, "title") == "Marketing daily work meeting"
    assert stored("meetings_meetingseries", daily.pk, "place") == "Front-desk meeting corner"
