"""The person page shows their honour-roll months, the months they needed a talk, and the talks held."""

import datetime

from django.urls import reverse

from attendance.models import Attendance, AttendanceTalk, Status


def test_the_person_page_shows_honour_roll_talk_months_and_talks(client_as, world):
    for day in range(1, 4):
        Attendance.objects.create(person=world.technician, club=world.club1, date=datetime.date(2026, 9, day),
                                  status=Status.PRESENT)
    for day in range(1, 4):
        Attendance.objects.create(person=world.technician, club=world.club1, date=datetime.date(2026, 10, day),
                                  status=Status.LATE, late_minutes=20)
    AttendanceTalk.objects.create(person=world.technician, club=world.club1, month=datetime.date(2026, 10, 1),
                                  held_on=datetime.date(2026, 11, 2), held_by=world.tech_manager,
                                  cause="takes care of a sick parent", help_agreed="moved to the late shift")
    client = client_as(world.supervisor_a)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(reverse("staff:person_detail", args=[world.technician.pk])).content.decode()
    section = page[page.index('data-testid="person-followup"'):]
    assert "2026-09" in section.split("Needs a talk")[0]
    assert "2026-10" in section.split("Needs a talk")[1]
    assert "takes care of a sick parent" in section and "moved to the late shift" in section
