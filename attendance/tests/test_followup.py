"""Follow-up (technical manager duty 8): the honour roll, who needs a talk, and recording the talk."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext_lazy

from attendance.models import AttendancePolicy, AttendanceTalk, MonthLock, Status
from attendance.selectors.followup import followup_for_person, month_followup
from staff.models import Person

from .figures import in_language, listed, messages_of, record, shows

URL = reverse("attendance:followup")
MARCH = datetime.date(2025, 3, 1)


def day(n):
    return MARCH.replace(day=n)


def talk_url(person, month="2025-03"):
    return f"{reverse('attendance:followup_talk', args=[person.pk])}?month={month}"


def march(world):
    """Tech A1 late three times; Tech A2 perfect; Tech B1 absent once; supervisor_b late once (neither list)."""
    for n in (3, 4, 5):
        record(world.technician, day(n), Status.LATE)
    record(world.technician, day(6), Status.PRESENT)
    for n in (3, 4, 5, 6):
        record(world.technician_a2, day(n), Status.PRESENT)
    record(world.technician_b, day(3), Status.PRESENT)
    record(world.technician_b, day(4), Status.ABSENT)
    record(world.supervisor_b, day(3), Status.LATE)
    record(world.supervisor_a, day(3), Status.PRESENT)
    record(world.supervisor_a, day(4), Status.LEAVE, leave_type="sick")


def test_it_lists_the_honour_roll_and_who_needs_a_talk(client_as, world):
    march(world)

    response = client_as(world.tech_manager).get(f"{URL}?month=2025-03")

    assert response.status_code == 200
    assert sorted(listed(response, "needs-talk")) == sorted([world.technician.pk, world.technician_b.pk])
    assert listed(response, "honour-roll") == [world.technician_a2.pk, world.supervisor_a.pk]  # by team, then no team
    assert shows(response, "late 3 times (30′) · 0 absences")


def test_the_selector_gives_both_lists_from_the_database(world, django_assert_max_num_queries):
    march(world)
    AttendancePolicy.for_club(world.club1)

    with django_assert_max_num_queries(3):  # policy, people with counts, talks
        result = month_followup(world.club1, MARCH)

    assert [p.name for p in result.needs_talk] == ["Tech B1", "Tech A1"]  # absences first
    assert {p.name for p in result.honour_roll} == {"Tech A2", "supervisor_a"}
    assert (result.needs_talk[1].late, result.needs_talk[1].late_minutes) == (3, 30)


def test_someone_who_left_or_has_no_records_is_on_neither_list(world):
    record(world.left, day(3), Status.PRESENT)
    result = month_followup(world.club1, MARCH)

    names = {p.name for p in result.honour_roll + result.needs_talk}
    assert "Gone Person" not in names and "Tech A2" not in names


def test_an_early_leave_keeps_someone_off_the_honour_roll(world):
    record(world.technician_a2, day(3), Status.LEFT_EARLY)

    assert month_followup(world.club1, MARCH).honour_roll == []


def test_each_club_has_its_own_thresholds(world):
    for n in (3, 4, 5):
        record(world.technician, day(n), Status.LATE)
        record(world.technician_2, day(n), Status.LATE)
    AttendancePolicy.objects.create(club=world.club2, talk_after_late_count=5)

    assert [p.name for p in month_followup(world.club1, MARCH).needs_talk] == ["Tech A1"]
    assert month_followup(world.club2, MARCH).needs_talk == []


def test_the_month_is_a_date_range(world):
    record(world.technician, datetime.date(2025, 2, 28), Status.ABSENT)
    record(world.technician, datetime.date(2025, 4, 1), Status.ABSENT)
    record(world.technician, datetime.date(2024, 3, 5), Status.ABSENT)
    record(world.technician, day(31), Status.PRESENT)

    result = month_followup(world.club1, MARCH)

    assert [p.name for p in result.honour_roll] == ["Tech A1"]


def test_a_supervisor_sees_their_own_team_and_may_not_record_a_talk(client_as, world):
    march(world)

    response = client_as(world.supervisor_a).get(f"{URL}?month=2025-03")

    assert listed(response, "needs-talk") == [world.technician.pk]
    assert not shows(response, "Record the talk")
    assert client_as(world.supervisor_a).get(talk_url(world.technician)).status_code == 403


def test_the_technical_manager_records_a_talk_and_it_shows_on_the_list(client_as, world):
    march(world)
    client = client_as(world.tech_manager)

    response = client.post(talk_url(world.technician), {
        "held_on": "2025-04-02", "cause": "Takes two buses; the first one is often late.",
        "help_agreed": "Starts on the 10:30 shift for a month.", "follow_up_on": "2025-05-02",
    }, follow=True)

    assert messages_of(response) == ["The talk with Tech A1 about 2025-03 is recorded."]
    talk = AttendanceTalk.objects.get(person=world.technician, month=MARCH)
    assert (talk.held_by, talk.club, talk.held_on) == (world.tech_manager, world.club1, datetime.date(2025, 4, 2))
    assert shows(response, "Talk held 2025-04-02 · tech_manager")
    assert shows(response, "Takes two buses; the first one is often late.")


def test_a_second_save_updates_the_talk_and_keeps_the_earlier_wording(client_as, world):
    client = client_as(world.tech_manager)
    body = {"held_on": "2025-04-02", "cause": "Buses.", "help_agreed": "Later shift."}
    client.post(talk_url(world.technician), body)
    client.post(talk_url(world.technician), body)
    client.post(talk_url(world.technician), {**body, "help_agreed": "Later shift and a colleague's lift."})

    talk = AttendanceTalk.objects.get(person=world.technician, month=MARCH)
    assert talk.help_agreed == "Later shift and a colleague's lift."
    wordings = [h.help_agreed for h in talk.history.order_by("history_date")]
    assert wordings == ["Later shift.", "Later shift and a colleague's lift."]


def test_form_errors_come_in_the_readers_language_and_keep_what_was_typed(client_as, world):
    Person.objects.filter(pk=world.tech_manager.pk).update(language="zh-hans")

    response = client_as(world.tech_manager).post(talk_url(world.technician), {
        "held_on": "2099-01-01", "cause": "   ", "help_agreed": "A colleague gives a lift.",
    })

    assert response.status_code == 200
    content = response.content.decode()
    assert in_language("zh-hans", gettext_lazy("Write down the real cause you found.")) in content
    future = gettext_lazy("A talk is recorded after it was held; this day has not come yet.")
    assert in_language("zh-hans", future) in content
    assert "A colleague gives a lift." in content and 'value="2099-01-01"' in content
    assert not AttendanceTalk.objects.exists()


def test_a_talk_cannot_predate_its_month_nor_be_followed_up_before_it(client_as, world):
    response = client_as(world.tech_manager).post(talk_url(world.technician), {
        "held_on": "2025-02-20", "cause": "x", "help_agreed": "y", "follow_up_on": "2025-02-01",
    })

    assert shows(response, "The talk is about 2025-03, so it cannot have been held before that month began.")
    assert not AttendanceTalk.objects.exists()
    response = client_as(world.tech_manager).post(talk_url(world.technician), {
        "held_on": "2025-04-02", "cause": "x", "help_agreed": "y", "follow_up_on": "2025-04-01",
    })
    assert shows(response, "The follow-up comes after the talk.")


def test_a_talk_about_a_locked_month_needs_the_store_manager_and_a_reason(client_as, world):
    # The talk is about March (talk_url), held in open April: the month it is about decides.
    MonthLock.objects.create(club=world.club1, month=datetime.date(2025, 3, 1), locked_by=world.store_manager)
    body = {"held_on": "2025-04-02", "cause": "Buses.", "help_agreed": "Later shift."}

    refused = client_as(world.tech_manager).post(talk_url(world.technician), body)
    assert shows(refused, "2025-03 is locked: only the store manager can change it, with a reason.")
    no_reason = client_as(world.store_manager).post(talk_url(world.technician), body)
    assert shows(no_reason, "This month is locked: give a reason for the change.")
    assert not AttendanceTalk.objects.exists()

    client_as(world.store_manager).post(talk_url(world.technician), {**body, "lock_reason": "Entered late."})

    talk = AttendanceTalk.objects.get()
    assert talk.history.get().history_change_reason == "Entered late."


def test_the_talk_page_follows_the_access_rule(client_as, world):
    assert client_as(world.marketing).get(talk_url(world.technician)).status_code == 403
    assert client_as(world.store_manager_2).get(talk_url(world.technician)).status_code == 404
    assert client_as(world.tech_manager).get(talk_url(world.tech_manager)).status_code == 403
    assert client_as(world.dept_manager).get(talk_url(world.technician)).status_code == 200


def test_a_persons_honour_months_and_talks_for_their_page(world, django_assert_max_num_queries):
    for n in (3, 4):
        record(world.technician, day(n), Status.PRESENT)  # March: honour roll
    record(world.technician, datetime.date(2025, 4, 2), Status.LATE)  # April: not
    record(world.technician, datetime.date(2025, 5, 2), Status.PRESENT)  # May: honour roll, but still running
    AttendanceTalk.objects.create(person=world.technician, club=world.club1, month=datetime.date(2025, 4, 1),
                                  held_on=datetime.date(2025, 5, 3), held_by=world.tech_manager,
                                  cause="Buses.", help_agreed="Later shift.")

    with django_assert_max_num_queries(4):
        result = followup_for_person(world.technician, today=datetime.date(2025, 5, 20))

    assert result.honour_months == [MARCH]
    assert [t.month for t in result.talks] == [datetime.date(2025, 4, 1)]
    assert result.talks[0].held_by.name == "tech_manager"


def _queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_its_query_count_does_not_grow_with_the_lists(client_as, world):
    client = client_as(world.tech_manager)
    AttendancePolicy.for_club(world.club1)
    record(world.technician_a2, day(20), Status.PRESENT)
    small = _queries(client, f"{URL}?month=2025-03")
    march(world)
    AttendanceTalk.objects.create(person=world.technician, club=world.club1, month=MARCH, held_on=day(20),
                                  cause="Buses.", help_agreed="Later shift.", held_by=world.tech_manager)

    big = _queries(client, f"{URL}?month=2025-03")

    assert big == small
    assert big <= 15  # measured: 14: 6 session, login and navigation; policy, counts, the pages' people, talks; pickers


@pytest.mark.timeless  # fixed counts, no dates
def test_the_counts_of_the_talk_list_read_in_the_readers_language():
    """The late / absent / early counts are written by ngettext calls makemessages can find: they once took their
    words as arguments, were dropped from the catalogs, and read in English on a Chinese page."""
    from types import SimpleNamespace

    from django.utils import translation

    from attendance.views.followup import Phrases

    person = SimpleNamespace(late=2, late_minutes=15, absent=1, early=3)
    with translation.override("zh-hant"):
        assert Phrases().counts(person) == "遲到 2 次 (15′) · 缺勤 1 次 · 早退 3 次"
        assert Phrases().worked(4) == "出勤 4 天"
    with translation.override("zh-hans"):
        assert Phrases().counts(person) == "迟到 2 次 (15′) · 缺勤 1 次 · 早退 3 次"
