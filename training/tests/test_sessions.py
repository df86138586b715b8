"""Plans and sessions: scheduling, attendance in one form, materials (checked uploads, guarded downloads), reminders."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from staff.models import Notice
from training import jobs
from training.forms import MAX_UPLOAD_MB
from training.models import SessionAttendance, SessionMaterial, TrainingPlan, TrainingSession
from training.tests import factories as f


@pytest.fixture
def plan(world):
    return f.plan(world.club1, world.tech_manager)


@pytest.fixture
def held(world, plan):
    return f.session(plan, world.tech_manager, [world.technician, world.technician_a2, world.technician_b])


def test_the_technical_manager_writes_a_plan_for_the_massage_department(client_as, world):
    client = client_as(world.tech_manager)
    massage = f.massage(world.club1)
    response = client.post(reverse("training:plan_add"), {
        "title": "Service scripts", "topic": "scripts", "department": massage.pk, "position": "technician",
        "goals": "Explain every item", "owner": world.tech_manager.pk, "starts_on": "2026-03-01",
        "ends_on": "2026-02-01",
    })
    assert "The plan cannot end before it starts." in response.content.decode()
    client.post(reverse("training:plan_add"), {
        "title": "Service scripts", "topic": "scripts", "department": massage.pk, "position": "technician",
        "goals": "Explain every item", "owner": world.tech_manager.pk, "starts_on": "2026-03-01",
        "ends_on": "2026-05-31", "assessment_plan": "Quiz at the end",
    })
    assert TrainingPlan.objects.get().club == world.club1


def test_the_marketing_director_plans_only_for_the_marketing_department(client_as, world):
    client = client_as(world.marketing)
    page = client.get(reverse("training:plan_add")).content.decode()
    assert "Marketing / front office" in page and "Massage technicians" not in page
    massage = f.massage(world.club1)
    client.post(reverse("training:plan_add"), {
        "title": "x", "topic": "sales", "department": massage.pk, "goals": "x", "owner": world.marketing.pk,
        "starts_on": "2026-03-01", "ends_on": "2026-05-31",
    })
    assert not TrainingPlan.objects.exists()


def test_scheduling_a_session_expects_the_plans_people(client_as, world, plan):
    client = client_as(world.tech_manager)
    page = client.get(reverse("training:session_add", args=[plan.pk])).content.decode()
    assert "Tech A1" in page and "Tech B1" in page
    response = client.post(reverse("training:session_add", args=[plan.pk]), {
        "subject": "Reflex zones", "date": "2026-03-02", "start": "14:00", "end": "13:00", "place": "Room 2",
        "trainer": world.tech_manager.pk, "expected": [world.technician.pk],
    })
    assert "The session must end after it starts." in response.content.decode()
    client.post(reverse("training:session_add", args=[plan.pk]), {
        "subject": "Reflex zones", "date": "2026-03-02", "start": "14:00", "end": "16:00", "place": "Room 2",
        "trainer": world.tech_manager.pk, "expected": [world.technician.pk, world.technician_b.pk],
    })
    session = TrainingSession.objects.get()
    assert session.club == world.club1 and session.status == "scheduled"
    assert set(session.attendance.values_list("person__name", flat=True)) == {"Tech A1", "Tech B1"}


def test_attendance_is_taken_for_everyone_in_one_submit(client_as, world, held):
    rows = {row.person_id: row.pk for row in held.attendance.all()}
    client = client_as(world.tech_manager)
    client.post(reverse("training:session_detail", args=[held.pk]), {
        f"a{rows[world.technician.pk]}-status": "present",
        f"a{rows[world.technician_a2.pk]}-status": "late", f"a{rows[world.technician_a2.pk]}-note": "10 min",
        f"a{rows[world.technician_b.pk]}-status": "absent",
    })
    held.refresh_from_db()
    assert held.status == "held" and held.attendance_taken_by == world.tech_manager
    marks = dict(held.attendance.values_list("person__name", "status"))
    assert marks == {"Tech A1": "present", "Tech A2": "late", "Tech B1": "absent"}


def test_a_bad_line_keeps_every_line_and_saves_nothing(client_as, world, held):
    rows = {row.person_id: row.pk for row in held.attendance.all()}
    response = client_as(world.tech_manager).post(reverse("training:session_detail", args=[held.pk]), {
        f"a{rows[world.technician.pk]}-status": "present", f"a{rows[world.technician.pk]}-note": "first row",
        f"a{rows[world.technician_a2.pk]}-status": "sleeping",
        f"a{rows[world.technician_b.pk]}-status": "absent",
    })
    page = response.content.decode()
    assert "1 line(s) need a look" in page and "first row" in page
    assert not SessionAttendance.objects.exclude(status="expected").exists()


def test_attendance_waits_for_the_day(client_as, world, plan):
    future = f.session(plan, world.tech_manager, [world.technician],
                       date=timezone.localdate() + datetime.timedelta(days=3))
    (row,) = future.attendance.all()
    page = client_as(world.tech_manager).post(reverse("training:session_detail", args=[future.pk]),
                                              {f"a{row.pk}-status": "present"}, follow=True).content.decode()
    assert "has not taken place yet" in page
    row.refresh_from_db()
    assert row.status == "expected"


def test_the_trainer_takes_attendance_an_expected_technician_only_reads(client_as, world, plan):
    session = f.session(plan, world.supervisor_a, [world.technician])
    (row,) = session.attendance.all()
    assert client_as(world.technician).post(reverse("training:session_detail", args=[session.pk]),
                                            {f"a{row.pk}-status": "present"}).status_code == 403
    client_as(world.supervisor_a).post(reverse("training:session_detail", args=[session.pk]),
                                       {f"a{row.pk}-status": "late"})
    row.refresh_from_db()
    assert row.status == "late"


def upload(client, session, name, content, content_type="application/pdf"):
    return client.post(reverse("training:material_upload", args=[session.pk]),
                       {"file": SimpleUploadedFile(name, content, content_type=content_type), "name": ""})


def test_a_material_is_stored_and_downloaded_only_by_those_who_see_the_session(client_as, world, held, settings):
    response = upload(client_as(world.tech_manager), held, "steps.pdf", f.PDF)
    assert response.status_code == 302
    material = SessionMaterial.objects.get()
    assert material.file.path.startswith(settings.MEDIA_ROOT) and "steps" not in material.file.name
    url = reverse("training:material_download", args=[material.pk])
    download = client_as(world.technician).get(url)
    assert download.status_code == 200 and download.content == f.PDF
    assert 'attachment; filename="steps.pdf"' in download["Content-Disposition"]
    assert client_as(world.customer_manager).get(url).status_code == 403
    assert client_as(world.store_manager_2).get(url).status_code == 404


@pytest.mark.parametrize("name, content, message", [
    ("virus.exe", b"MZ\x90\x00", "is not a file type training material may have"),
    ("fake.pdf", b"<html>not a pdf</html>", "does not contain what its name says"),
    ("photo.png", b"\xff\xd8\xff\xe0 jpeg bytes", "does not contain what its name says"),
])
def test_an_upload_of_the_wrong_type_is_refused(client_as, world, held, name, content, message):
    response = upload(client_as(world.tech_manager), held, name, content)
    assert message in response.content.decode()
    assert not SessionMaterial.objects.exists()


def test_an_upload_too_large_is_refused(client_as, world, held, monkeypatch):
    monkeypatch.setattr("training.forms.MAX_UPLOAD_MB", 0)
    response = upload(client_as(world.tech_manager), held, "steps.pdf", f.PDF)
    assert "is too large: at most 0 MB" in response.content.decode()
    assert not SessionMaterial.objects.exists()
    assert MAX_UPLOAD_MB == 20


def test_the_day_before_a_session_trainer_and_attendees_get_one_reminder(world, plan,
                                                                          django_capture_on_commit_callbacks):
    for person in (world.technician, world.supervisor_a):
        person.language = "en"
        person.save()
    world.technician.user.email = "a1@example.com"
    world.technician.user.save()
    day = datetime.date(2026, 5, 10)
    first = f.session(plan, world.supervisor_a, [world.technician, world.technician_a2], date=day, start="10:00",
                      end="11:00", subject="Reflex zones")
    f.session(plan, world.supervisor_a, [world.technician], date=day, start="14:00", end="15:00", subject="Practice")
    f.session(plan, world.supervisor_a, [world.technician_b], date=day, subject="Cancelled one", status="cancelled")
    with django_capture_on_commit_callbacks(execute=True):
        made = jobs.session_reminders(day=day - datetime.timedelta(days=1))
    assert made == {"one": 3, "two": 0}
    notice = Notice.objects.get(person=world.technician, kind="training_session")
    assert notice.date == day and "10:00 Reflex zones" in notice.text and "14:00 Practice" in notice.text
    assert "you train" in Notice.objects.get(person=world.supervisor_a).text
    assert not Notice.objects.filter(person=world.technician_b).exists()
    assert [m.to for m in mail.outbox] == [["a1@example.com"]]

    out = StringIO()
    call_command("remind_training_sessions", date=(day - datetime.timedelta(days=1)).isoformat(), stdout=out)
    assert "one: 0 session reminders made" in out.getvalue()
    assert Notice.objects.filter(kind="training_session").count() == 3
    assert first.attendance.count() == 2


def test_the_beat_entry_exists(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="training.tasks.send_training_reminders")
    assert task.enabled and task.interval.every == 1


def test_the_task_runs_both_reminders(world):
    from training.tasks import send_training_reminders

    result = send_training_reminders.delay().get()
    assert set(result) == {"sessions", "recertification"}
