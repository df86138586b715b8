"""A meeting's record: attendance with guests, minutes, decisions, action items, moving, cancelling, finalising."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import ActionItem, Attendee, Correction, Decision, Meeting
from meetings.tests.factories import meeting_on, today_of


def url(name, obj):
    return reverse(f"meetings:{name}", args=[obj.pk])


def test_the_chair_takes_attendance_and_a_guest_is_marked_so(client_as, world, today_meeting):
    client = client_as(world.marketing)
    page = client.get(url("meeting_attendance", today_meeting))
    assert page.status_code == 200
    body = {f"s{world.marketing.pk}": "present", f"s{world.customer_manager.pk}": "late",
            f"n{world.customer_manager.pk}": "traffic", "guest": world.store_manager.pk, "guest_status": "present"}
    response = client.post(url("meeting_attendance", today_meeting), body)
    assert response.status_code == 302
    rows = {a.person.name: (a.status, a.expected, a.note) for a in today_meeting.attendees.select_related("person")}
    assert rows == {"marketing": ("present", True, ""), "customer_manager": ("late", True, "traffic"),
                    "store_manager": ("present", False, "")}
    today_meeting.refresh_from_db()
    assert today_meeting.status == Meeting.Status.HELD
    detail = client.get(url("meeting_detail", today_meeting)).content.decode()
    assert "2 present, 1 late, 0 absent, 0 excused" in detail and ">guest<" in detail


def test_a_meeting_in_the_future_is_recorded_on_its_day(client_as, world, marketing_daily):
    tomorrow = meeting_on(marketing_daily, today_of(world.club1) + datetime.timedelta(days=1))
    response = client_as(world.marketing).post(url("meeting_minutes", tomorrow), {"minutes": "too early"})
    assert "record it on the day" in response.content.decode()
    tomorrow.refresh_from_db()
    assert tomorrow.minutes == ""


def test_minutes_decision_and_action_item(client_as, world, today_meeting):
    client = client_as(world.marketing)
    client.post(url("meeting_minutes", today_meeting), {"minutes": "We looked at yesterday."})
    client.post(url("decision_add", today_meeting), {"text": "Call every VIP this week."})
    due = today_of(world.club1) + datetime.timedelta(days=3)
    response = client.post(url("action_item_add", today_meeting),
                           {"what": "Call the VIPs", "owner": world.store_manager.pk, "due": due.isoformat()})
    assert response.status_code == 302
    today_meeting.refresh_from_db()
    assert today_meeting.minutes == "We looked at yesterday."
    assert list(today_meeting.decisions.values_list("text", flat=True)) == ["Call every VIP this week."]
    item = ActionItem.objects.get()
    assert (item.owner, item.due, item.status, item.series) == (world.store_manager, due, "open", today_meeting.series)


def test_an_action_item_without_owner_or_due_before_the_meeting_is_refused_and_the_input_kept(
        client_as, world, today_meeting):
    client = client_as(world.marketing)
    response = client.post(url("action_item_add", today_meeting), {"what": "Tidy the lobby", "due": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Name the person who will do it." in page and "Give a due date." in page
    assert 'value="Tidy the lobby"' in page
    yesterday = today_of(world.club1) - datetime.timedelta(days=1)
    response = client.post(url("action_item_add", today_meeting),
                           {"what": "Tidy the lobby", "owner": world.customer_manager.pk, "due": yesterday.isoformat()})
    assert "The due date is before the meeting" in response.content.decode()
    assert not ActionItem.objects.exists()


def test_moving_and_cancelling_need_a_reason(client_as, world, marketing_daily):
    meeting = meeting_on(marketing_daily, today_of(world.club1) + datetime.timedelta(days=2))
    client = client_as(world.marketing)
    local = meeting.starts_at.astimezone(world.club1.zone)
    response = client.post(url("meeting_move", meeting), {"date": local.date().isoformat(), "time": "15:00",
                                                           "duration_minutes": "45", "place": "Lobby", "reason": ""})
    assert "This field is required." in response.content.decode()
    client.post(url("meeting_move", meeting), {"date": local.date().isoformat(), "time": "15:00",
                                                "duration_minutes": "45", "place": "Lobby", "reason": "guests at 10"})
    meeting.refresh_from_db()
    assert meeting.starts_at.astimezone(world.club1.zone).hour == 15 and meeting.moved_from == local
    assert meeting.move_reason == "guests at 10"
    client.post(url("meeting_cancel", meeting), {"reason": ""})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED
    client.post(url("meeting_cancel", meeting), {"reason": "training day"})
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancel_reason) == ("cancelled", "training day")
    assert meeting.occurrence is not None
    services.meetings_create_ahead(series=marketing_daily)
    assert Meeting.objects.filter(series=marketing_daily, occurrence=meeting.occurrence).count() == 1


def test_finalised_minutes_are_read_only_and_corrections_need_a_reason(client_as, world, today_meeting):
    client = client_as(world.marketing)
    client.post(url("meeting_minutes", today_meeting), {"minutes": "First version."})
    client.post(url("meeting_finalise", today_meeting))
    today_meeting.refresh_from_db()
    assert today_meeting.is_finalised and today_meeting.finalised_by == world.marketing

    response = client.post(url("meeting_minutes", today_meeting), {"minutes": "Second version."})
    assert "Give a reason for the correction." in response.content.decode()
    assert 'Second version.' in response.content.decode(), "what was typed is kept"
    today_meeting.refresh_from_db()
    assert today_meeting.minutes == "First version."

    client.post(url("meeting_minutes", today_meeting), {"minutes": "Second version.", "reason": "typo in a name"})
    today_meeting.refresh_from_db()
    assert today_meeting.minutes == "Second version."
    correction = Correction.objects.get()
    assert (correction.part, correction.reason, correction.by) == ("minutes", "typo in a name", world.marketing)
    assert [h.minutes for h in today_meeting.history.order_by("history_date")][-2:] == ["First version.", "Second version."]
    assert "typo in a name" in client.get(url("meeting_detail", today_meeting)).content.decode()


def test_only_the_chair_finalises(client_as, world, today_meeting):
    services.minutes_save(meeting=today_meeting, by=world.marketing, minutes="Notes")
    assert client_as(world.store_manager).post(url("meeting_finalise", today_meeting)).status_code == 403
    today_meeting.refresh_from_db()
    assert not today_meeting.is_finalised


def test_a_meeting_with_nothing_written_is_not_finalised(client_as, world, today_meeting):
    response = client_as(world.marketing).post(url("meeting_finalise", today_meeting), follow=True)
    assert "Write the minutes or a decision before finalising." in response.content.decode()


def test_after_finalising_only_the_chair_and_the_club_managers_correct(client_as, world, today_meeting):
    services.minutes_save(meeting=today_meeting, by=world.marketing, minutes="Notes")
    services.meeting_finalise(meeting=today_meeting, by=world.marketing)
    # The marketing director chairs; the care manager heads other departments and cannot even read it.
    assert client_as(world.care_manager).post(url("decision_add", today_meeting), {"text": "x"}).status_code == 403
    response = client_as(world.store_manager).post(url("decision_add", today_meeting), {"text": "Late addition",
                                                                                         "reason": "forgotten"})
    assert response.status_code == 302
    assert Decision.objects.get().text == "Late addition"


def test_the_minutes_download_as_a_pdf_with_chinese_text(client_as, world, today_meeting):
    from io import BytesIO

    from pypdf import PdfReader

    services.minutes_save(meeting=today_meeting, by=world.marketing, minutes="今日重点：会员回访")
    services.decision_add(meeting=today_meeting, by=world.marketing, text="本周完成VIP回访")
    response = client_as(world.customer_manager).get(url("meeting_pdf", today_meeting))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"%PDF")
    reader = PdfReader(BytesIO(content))
    # pypdf reads fpdf2's embedded Identity CMap as two bytes a character: drop the NULs it leaves.
    text = "".join(page.extract_text() for page in reader.pages).replace("\x00", "").replace(" ", "")
    assert "会员回访" in text and "VIP" in text and "Marketingdaily" in text


def test_without_a_chinese_font_the_pdf_says_so(client_as, world, today_meeting, monkeypatch):
    from io import BytesIO

    from pypdf import PdfReader

    from kernel import pdf

    monkeypatch.setattr(pdf, "find_font", lambda language="zh-hans": None)
    services.minutes_save(meeting=today_meeting, by=world.marketing, minutes="今日重点")
    content = client_as(world.marketing).get(url("meeting_pdf", today_meeting)).content
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages).replace("\x00", "")
    assert "No font with Chinese characters was found" in text
    assert "Marketing daily" in text


def test_attendance_rows_keep_their_history(world, today_meeting):
    services.attendance_record(meeting=today_meeting, by=world.marketing,
                               marks={world.customer_manager.pk: ("absent", "")})
    services.attendance_record(meeting=today_meeting, by=world.marketing,
                               marks={world.customer_manager.pk: ("excused", "sick note")})
    row = Attendee.objects.get(meeting=today_meeting, person=world.customer_manager)
    # the row's creation (expected, nothing marked yet) is kept too (kernel.bulk → kernel.history)
    assert [(h.status, h.note) for h in row.history.order_by("history_date")] == [
        ("", ""), ("absent", ""), ("excused", "sick note")]


@pytest.fixture
def busy(world, today_meeting):
    """A meeting with more of everything, to show the page's queries do not grow."""

    yesterday = today_of(world.club1) - datetime.timedelta(days=1)
    services.meetings_make(series=today_meeting.series, days=[yesterday])
    earlier = Meeting.objects.select_related("club", "series").get(series=today_meeting.series, occurrence=yesterday)

    def add(n):
        from tests.factories import PersonFactory

        for i in range(n):
            carried = services.action_item_add(meeting=earlier, by=world.marketing, what=f"Carried {n}-{i}",
                                               owner=world.customer_manager, due=today_of(world.club1),
                                               now=earlier.starts_at)
            services.action_item_update(item=carried, by=world.marketing, status="done", note="", at_meeting=today_meeting,
                                        now=today_meeting.starts_at + datetime.timedelta(minutes=5))
            person = PersonFactory(name=f"Extra {n}-{i}", club=world.club1, position="customer_manager",
                                   department=world.marketing.department)
            Attendee.objects.create(meeting=today_meeting, person=person, status="present")
            services.decision_add(meeting=today_meeting, by=world.marketing, text=f"Decision {n}-{i}")
            services.action_item_add(meeting=today_meeting, by=world.marketing, what=f"Item {n}-{i}", owner=person,
                                     due=today_of(world.club1))
    return add


def test_the_meeting_page_reads_a_fixed_number_of_queries(client_as, world, today_meeting, busy,
                                                           django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(world.marketing)
    counts = []
    for extra in (1, 6):
        busy(extra)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("meeting_detail", today_meeting)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[0]):
        client.get(url("meeting_detail", today_meeting))


def test_the_series_page_reads_a_fixed_number_of_queries(client_as, world, marketing_daily, today_meeting, busy):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(world.marketing)
    counts = []
    for extra in (1, 6):
        busy(extra)
        services.series_update(series=marketing_daily, by=world.marketing, place=f"Room {extra}")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("series_detail", marketing_daily)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_meeting_list_shows_todays_meeting(client_as, world, today_meeting):
    page = client_as(world.customer_manager).get(reverse("meetings:home")).content.decode()
    assert "Marketing daily" in page
    assert timezone.localtime(today_meeting.starts_at, world.club1.zone).strftime("%H:%M") in page
