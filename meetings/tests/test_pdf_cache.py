"""The minutes' PDF is drawn once for each state of the minutes, not on every request."""

import pytest

from conftest import forget_cache
from meetings import pdf, services

from .targets import meeting_targets


@pytest.fixture
def meeting(world, settings):
    forget_cache(settings)
    return meeting_targets(world)["mt_meeting_1"]


@pytest.fixture
def drawn(monkeypatch):
    """How many times a PDF was drawn."""
    count = []
    draw = pdf.minutes_pdf

    def counting(page):
        count.append(page.meeting.pk)
        return draw(page)

    monkeypatch.setattr(pdf, "minutes_pdf", counting)
    return count


def test_it_draws_the_minutes_once_for_many_requests(client, world, meeting, drawn):
    client.force_login(world.marketing.user)
    first = client.get(f"/meetings/{meeting.pk}/minutes.pdf")
    again = [client.get(f"/meetings/{meeting.pk}/minutes.pdf") for _ in range(3)]
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    assert all(r.content == first.content for r in again)
    assert len(drawn) == 1


def test_a_change_to_the_minutes_draws_them_again(client, world, meeting, drawn):
    client.force_login(world.marketing.user)
    client.get(f"/meetings/{meeting.pk}/minutes.pdf")
    services.decision_add(meeting=meeting, by=world.marketing, text="Phone the regulars on Friday")
    response = client.get(f"/meetings/{meeting.pk}/minutes.pdf")
    assert len(drawn) == 2
    assert b"%PDF" in response.content[:8]


def test_a_changed_name_draws_them_again(client, world, meeting, drawn):
    client.force_login(world.marketing.user)
    client.get(f"/meetings/{meeting.pk}/minutes.pdf")
    world.customer_manager.name = "Renamed Manager"
    world.customer_manager.save()
    client.get(f"/meetings/{meeting.pk}/minutes.pdf")
    assert len(drawn) == 2


def test_each_language_has_its_own_copy(client, world, meeting, drawn):
    client.force_login(world.marketing.user)
    client.get(f"/meetings/{meeting.pk}/minutes.pdf", HTTP_ACCEPT_LANGUAGE="en")
    client.get(f"/meetings/{meeting.pk}/minutes.pdf", HTTP_ACCEPT_LANGUAGE="zh-hant")
    assert len(drawn) == 2


def test_a_pdf_not_drawn_yet_is_drawn_by_a_job_while_the_button_says_so(client, world, meeting, drawn, monkeypatch,
                                                                        django_capture_on_commit_callbacks):
    from django.utils.module_loading import import_string

    from outbox import services as outbox

    queued = []
    monkeypatch.setattr(outbox, "enqueue", lambda task, *args, **kwargs: queued.append((task, args)))
    client.force_login(world.marketing.user)

    with django_capture_on_commit_callbacks(execute=True):
        answers = [client.get(f"/meetings/{meeting.pk}/minutes.pdf", {"ready": "1"}).json()["ready"]
                   for _ in range(3)]

    assert answers == [False, False, False] and drawn == []  # asking draws nothing; the button says "preparing"
    assert queued == [("meetings.tasks.prepare_meeting_pdf", ("minutes", meeting.pk, "en"))]  # queued once
    task, args = queued[0]
    import_string(task)(*args)  # the worker draws it
    assert client.get(f"/meetings/{meeting.pk}/minutes.pdf", {"ready": "1"}).json() == {"ready": True}
    assert client.get(f"/meetings/{meeting.pk}/minutes.pdf").content[:5] == b"%PDF-"
    assert len(drawn) == 1  # drawn by the job only


def test_asking_whether_the_pdf_is_ready_keeps_the_pages_access(client, world, meeting):
    client.force_login(world.technician.user)
    refused = client.get(f"/meetings/{meeting.pk}/minutes.pdf").status_code
    assert refused in (403, 404)
    assert client.get(f"/meetings/{meeting.pk}/minutes.pdf", {"ready": "1"}).status_code == refused


def test_finalised_minutes_are_drawn_ahead_so_the_first_download_is_ready(client, world, meeting, drawn, monkeypatch,
                                                                          django_capture_on_commit_callbacks):
    from django.utils import translation
    from django.utils.module_loading import import_string

    from outbox import services as outbox

    queued = []
    monkeypatch.setattr(outbox, "enqueue", lambda task, *args, **kwargs: queued.append((task, args)))
    meeting.minutes = "Agreed the week's targets."
    meeting.save()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.meeting_finalise(meeting=meeting, by=world.marketing)
    assert sorted(queued) == sorted(("meetings.tasks.prepare_meeting_pdf", ("minutes", meeting.pk, language))
                                    for language in ("zh-hans", "zh-hant", "en")), "in every language, once each"
    for task, args in queued:  # the worker draws them
        import_string(task)(*args)
    client.force_login(world.marketing.user)
    for language in ("zh-hant", "zh-hans", "en"):
        assert client.get(f"/meetings/{meeting.pk}/minutes.pdf", {"ready": "1"}, HTTP_ACCEPT_LANGUAGE=language).json() \
            == {"ready": True}, f"the first reader in {language} finds them ready"
    assert len(drawn) == 3
