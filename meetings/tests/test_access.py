"""Who reads which minutes: own department, heads, the club's managers, and whoever is invited."""

from django.urls import reverse

from meetings import services
from meetings.models import Attendee
from meetings.tests.factories import meeting_on, today_of


def status(client, meeting):
    return client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).status_code


def test_a_supervisor_cannot_read_another_departments_minutes_unless_invited(client_as, world, today_meeting):
    services.minutes_save(meeting=today_meeting, by=world.marketing, minutes="Marketing secrets")
    client = client_as(world.supervisor_a)
    assert status(client, today_meeting) == 403
    assert client.get(reverse("meetings:meeting_pdf", args=[today_meeting.pk])).status_code == 403
    Attendee.objects.create(meeting=today_meeting, person=world.supervisor_a, expected=False)
    assert status(client, today_meeting) == 200
    assert "Marketing secrets" in client.get(reverse("meetings:meeting_detail", args=[today_meeting.pk])).content.decode()


def test_a_supervisor_reads_their_own_departments_meetings(client_as, world, massage_weekly):
    meeting = meeting_on(massage_weekly, today_of(world.club1))
    assert status(client_as(world.supervisor_b), meeting) == 200


def test_the_owner_of_an_action_item_reads_the_meeting_that_named_them(client_as, world, today_meeting):
    services.action_item_add(meeting=today_meeting, by=world.marketing, what="Check the stock", owner=world.supervisor_a,
                             due=today_of(world.club1))
    assert status(client_as(world.supervisor_a), today_meeting) == 200


def test_who_reads_a_marketing_meeting(client, world, today_meeting):
    expected = {
        "owner": 200, "store_manager": 200, "marketing": 200, "customer_manager": 200,
        "care_manager": 403, "tech_manager": 403, "dept_manager": 403, "supervisor_b": 403, "technician": 403,
        "store_manager_2": 404,
    }
    found = {}
    for name in expected:
        client.force_login(getattr(world, name).user)
        found[name] = status(client, today_meeting)
    assert found == expected


def test_only_the_chair_and_managers_record(client_as, world, today_meeting):
    url = reverse("meetings:meeting_minutes", args=[today_meeting.pk])
    assert client_as(world.customer_manager).post(url, {"minutes": "mine"}).status_code == 403
    assert client_as(world.tech_manager).post(url, {"minutes": "mine"}).status_code == 403
    assert client_as(world.store_manager).post(url, {"minutes": "the store manager's"}).status_code == 302
    today_meeting.refresh_from_db()
    assert today_meeting.minutes == "the store manager's"


def test_the_meeting_list_shows_only_what_one_may_read(client_as, world, today_meeting, massage_weekly):
    page = client_as(world.supervisor_a).get(reverse("meetings:home")).content.decode()
    assert "Massage weekly" in page and "Marketing daily" not in page
