"""A notice the system wrote is read in the reader's language, whatever it was when it was written."""

from django.core import mail

from attendance import jobs
from staff.models import Person
from staff.notices import notify

from .figures import MONDAY


def speaks(person, language):
    Person.objects.filter(pk=person.pk).update(language=language)


def notices_page(client_as, person, language):
    speaks(person, language)
    client = client_as(person)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client.get("/attendance/notices/").content.decode()


def test_it_shows_a_job_notice_in_the_language_the_reader_has_now(client_as, world):
    speaks(world.supervisor_a, "zh-hans")
    jobs.close_day(club=world.club1, day=MONDAY)

    hant = notices_page(client_as, world.supervisor_a, "zh-hant")
    assert "沒有" in hant and "記錄" in hant and "Team A" in hant
    assert "没有" not in hant and "记录" not in hant
    hans = notices_page(client_as, world.supervisor_a, "zh-hans")
    assert "没有" in hans and "沒有" not in hans
    english = notices_page(client_as, world.supervisor_a, "en")
    assert "Nothing was recorded for Team A on 2025-03-10." in english


def test_it_e_mails_the_notice_in_the_readers_language(world, django_capture_on_commit_callbacks):
    speaks(world.supervisor_a, "en")
    world.supervisor_a.user.email = "a@club-one.example"
    world.supervisor_a.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        jobs.close_day(club=world.club1, day=MONDAY)
    assert "Nothing was recorded for Team A on 2025-03-10." in mail.outbox[0].body


def test_a_typed_notice_stays_as_typed(client_as, world):
    notify(world.supervisor_a, "typed", MONDAY, "明早 9 點開會", email=False)
    assert "明早 9 點開會" in notices_page(client_as, world.supervisor_a, "zh-hans")
