"""Summary reports: pre-filled with the period's figures, written and submitted by the chair, read by the superior."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse

from attendance.models import Attendance
from duties.models import Checklist, ChecklistItem
from meetings import services
from meetings.models import ActionItem, DayRule, Frequency, Kind, Meeting, Report
from meetings.services import report_recipient
from meetings.tests.factories import make_series

D = datetime.date
UTC = datetime.UTC
OCTOBER_END = D(2026, 10, 30)  # the last working day of October 2026 (a Friday)


@pytest.fixture
def october(world):
    """The marketing department's October: a month-end meeting, daily meetings, attendance, checklists."""
    month_end = make_series(world.club1, world.marketing.department, world.marketing, title="Marketing month-end",
                            kind=Kind.MONTH_END, frequency=Frequency.MONTHLY, day_rule=DayRule.LAST_WORKING_DAY,
                            positions=["marketing_director", "customer_manager"])
    services.meetings_make(series=month_end, days=[OCTOBER_END])
    daily = make_series(world.club1, world.marketing.department, world.marketing, title="Marketing daily",
                        positions=["marketing_director", "customer_manager"])
    services.meetings_make(series=daily, days=[D(2026, 10, d) for d in (12, 13, 14, 15)])
    held = list(Meeting.objects.filter(series=daily).order_by("starts_at"))
    for meeting in held[:3]:
        services.minutes_save(meeting=meeting, by=world.marketing, minutes="ok", now=meeting.starts_at)
    services.meeting_cancel(meeting=held[3], by=world.marketing, reason="holiday event")
    done = services.action_item_add(meeting=held[0], by=world.marketing, what="Done one", owner=world.customer_manager,
                                    due=D(2026, 10, 14), now=held[0].starts_at)
    services.action_item_update(item=done, by=world.customer_manager, status="done", note="",
                                now=datetime.datetime(2026, 10, 13, 8, tzinfo=UTC))
    services.action_item_add(meeting=held[1], by=world.marketing, what="Late one", owner=world.customer_manager,
                             due=D(2026, 10, 20), now=held[1].starts_at)
    for day, status in [(D(2026, 10, 5), "present"), (D(2026, 10, 6), "late"), (D(2026, 10, 7), "absent"),
                        (D(2026, 10, 8), "present")]:
        Attendance.objects.create(person=world.customer_manager, club=world.club1, date=day, status=status)
    Attendance.objects.create(person=world.technician, club=world.club1, date=D(2026, 10, 5), status="absent")
    for day, state in [(D(2026, 10, 5), "done"), (D(2026, 10, 6), "done"), (D(2026, 10, 7), "not_done")]:
        checklist = Checklist.objects.create(person=world.customer_manager, club=world.club1, cadence="daily",
                                             period_start=day, period_end=day)
        ChecklistItem.objects.create(checklist=checklist, duty=world.duty_1, duty_version=world.duty_1.current, state=state)
    meeting = Meeting.objects.select_related("club", "chair", "department", "series").get(series=month_end)
    services.minutes_save(meeting=meeting, by=world.marketing, minutes="October in review", now=meeting.starts_at)
    return meeting


def figures_of(meeting):
    start, end = services.report_period(meeting)
    from meetings.selectors import report_figures

    return report_figures(meeting=meeting, start=start, end=end, today=D(2026, 11, 2))


def test_the_report_is_prefilled_with_the_departments_figures(world, october, monkeypatch):
    monkeypatch.setattr("training.selectors.department_figures", lambda **kw: {
        "sessions_held": 2, "attendance_rate": 90.0, "assessments_taken": 5, "pass_rate": 80.0, "extra": 1},
        raising=False)
    figures = figures_of(october)
    assert figures["period"] == {"start": "2026-10-01", "end": "2026-10-31"}
    [marketing] = figures["departments"]
    assert marketing["kind"] == "marketing"
    assert marketing["attendance"] == {"worked": 3, "late": 1, "early": 0, "absent": 1, "leave": 0, "not_recorded": 0,
                                       "rate": 75.0}
    assert (marketing["checklists"]["done"], marketing["checklists"]["not_done"], marketing["checklists"]["rate"]) == (
        2, 1, 66.7)
    assert marketing["training"] == {"sessions_held": 2, "attendance_rate": 90.0, "assessments_taken": 5, "pass_rate": 80.0}
    assert figures["meetings"] == {"scheduled": 5, "held": 4, "cancelled": 1, "finalised": 0, "rate": 100.0}
    assert figures["action_items"] == {"raised": 2, "done": 1, "dropped": 0, "open": 1, "overdue": 1}


def test_the_technical_managers_report_covers_care_and_massage(world, october):
    series = make_series(world.club1, world.tech_manager.department, world.tech_manager, kind=Kind.MONTH_END,
                         frequency=Frequency.MONTHLY, day_rule=DayRule.LAST_WORKING_DAY)
    services.meetings_make(series=series, days=[OCTOBER_END])
    meeting = Meeting.objects.select_related("club", "chair", "department").get(series=series)
    kinds = [d["kind"] for d in figures_of(meeting)["departments"]]
    assert kinds == ["care", "massage"]
    assert figures_of(meeting)["departments"][1]["attendance"]["absent"] == 1


def test_each_chair_reports_to_the_superior_of_the_product(world):
    assert report_recipient(world.marketing, world.club1) == world.owner
    assert report_recipient(world.tech_manager, world.club1) == world.care_manager
    assert report_recipient(world.dept_manager, world.club1) == world.store_manager


def test_the_chair_submits_and_the_superior_acknowledges(client_as, world, october):
    services.meeting_finalise(meeting=october, by=world.marketing, now=october.starts_at)
    report = Report.objects.get(meeting=october)
    assert (report.status, report.to, report.period_start) == ("draft", world.owner, D(2026, 10, 1))
    url = reverse("meetings:report", args=[october.pk])
    client = client_as(world.marketing)
    response = client.post(url, {"action": "submit", "analysis": "Attendance fell.", "plan": ""})
    assert "Write the analysis and the plan before submitting." in response.content.decode()
    assert 'Attendance fell.' in response.content.decode()
    client.post(url, {"action": "submit", "analysis": "Attendance fell.", "plan": "Talk to the late ones."})
    report.refresh_from_db()
    assert (report.status, report.analysis, report.submitted_at is not None) == ("submitted", "Attendance fell.", True)
    assert client.post(url, {"action": "save", "analysis": "changed", "plan": "x"}).status_code == 403

    assert client_as(world.store_manager).post(url, {"action": "acknowledge"}).status_code == 403
    owner = client_as(world.owner)
    response = owner.post(url, {"action": "return", "comment": ""})
    assert "Say what should change when returning a report." in response.content.decode()
    owner.post(url, {"action": "return", "comment": "Add the member visits."})
    report.refresh_from_db()
    assert (report.status, report.review_comment, report.reviewed_by) == ("returned", "Add the member visits.", world.owner)

    client = client_as(world.marketing)
    client.post(url, {"action": "submit", "analysis": "Attendance fell; visits late.", "plan": "Talk; visit."})
    client_as(world.owner).post(url, {"action": "acknowledge", "comment": ""})
    report.refresh_from_db()
    assert report.status == "acknowledged"
    assert [h.status for h in report.history.order_by("history_date")][-4:] == [
        "submitted", "returned", "submitted", "acknowledged"]


def test_the_report_pdf_holds_the_figures(client_as, world, october):
    from pypdf import PdfReader

    services.meeting_finalise(meeting=october, by=world.marketing, now=october.starts_at)
    response = client_as(world.owner).get(reverse("meetings:report_pdf", args=[october.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages).replace("\x00", "")
    assert "Attendance rate" in text and "Checklist completion" in text and "Marketing month-end" in text



def test_a_report_pdf_not_drawn_yet_is_drawn_by_a_job_while_the_button_says_so(client_as, world, october, monkeypatch,
                                                                               django_capture_on_commit_callbacks):
    from django.utils.module_loading import import_string

    from meetings import pdf
    from outbox import services as outbox

    services.meeting_finalise(meeting=october, by=world.marketing, now=october.starts_at)
    queued, drawn = [], []
    monkeypatch.setattr(outbox, "enqueue", lambda task, *args, **kwargs: queued.append((task, args)))
    draw = pdf.report_pdf
    monkeypatch.setattr(pdf, "report_pdf", lambda *args: drawn.append(1) or draw(*args))
    client = client_as(world.owner)
    url = reverse("meetings:report_pdf", args=[october.pk])

    with django_capture_on_commit_callbacks(execute=True):
        answers = [client.get(url, {"ready": "1"}).json()["ready"] for _ in range(2)]

    assert answers == [False, False] and drawn == []
    assert queued == [("meetings.tasks.prepare_meeting_pdf", ("report", october.pk, "en"))]
    import_string(queued[0][0])(*queued[0][1])  # the worker draws it
    assert client.get(url, {"ready": "1"}).json() == {"ready": True}
    assert client.get(url).content.startswith(b"%PDF") and len(drawn) == 1  # read back, not drawn again


def test_a_report_is_read_only_by_those_it_concerns(client_as, world, october):
    services.meeting_finalise(meeting=october, by=world.marketing, now=october.starts_at)
    url = reverse("meetings:report", args=[october.pk])
    assert client_as(world.customer_manager).get(url).status_code == 403  # reads the meeting, not the report
    assert client_as(world.store_manager).get(url).status_code == 200
    assert client_as(world.store_manager_2).get(url).status_code == 404
    page = client_as(world.owner).get(reverse("meetings:report_list")).content.decode()
    assert "Marketing month-end" in page


def test_open_items_after_the_period_count_as_overdue(world, october):
    assert ActionItem.objects.filter(status="open").count() == 1
    assert figures_of(october)["action_items"]["overdue"] == 1


def test_the_superior_reads_a_report_once_it_is_submitted(client_as, world):
    series = make_series(world.club1, world.tech_manager.department, world.tech_manager, kind=Kind.MONTH_END,
                         frequency=Frequency.MONTHLY, day_rule=DayRule.LAST_WORKING_DAY, title="Technical month-end")
    services.meetings_make(series=series, days=[OCTOBER_END])
    meeting = Meeting.objects.select_related("club", "chair", "department", "series").get(series=series)
    services.minutes_save(meeting=meeting, by=world.tech_manager, minutes="October", now=meeting.starts_at)
    services.meeting_finalise(meeting=meeting, by=world.tech_manager, now=meeting.starts_at)
    url = reverse("meetings:report", args=[meeting.pk])
    assert client_as(world.care_manager).get(url).status_code == 403, "a draft is the author's"
    client_as(world.tech_manager).post(url, {"action": "submit", "analysis": "Fewer absences.", "plan": "Keep it."})
    page = client_as(world.care_manager).get(url)
    assert page.status_code == 200 and "Fewer absences." in page.content.decode()
    assert Report.objects.get(meeting=meeting).to == world.care_manager


def test_a_submitted_and_an_answered_report_are_drawn_ahead_so_the_first_download_is_ready(
        client_as, world, october, monkeypatch, django_capture_on_commit_callbacks):
    from django.utils.module_loading import import_string

    from meetings import pdf
    from outbox import services as outbox

    queued, drawn = [], []
    monkeypatch.setattr(outbox, "enqueue", lambda task, *args, **kwargs: queued.append((task, args)))
    draw = pdf.report_pdf
    monkeypatch.setattr(pdf, "report_pdf", lambda *args: drawn.append(1) or draw(*args))
    services.meeting_finalise(meeting=october, by=world.marketing, now=october.starts_at)
    report = Report.objects.get(meeting=october)
    url = reverse("meetings:report_pdf", args=[october.pk])
    languages = ("zh-hans", "zh-hant", "en")
    for step in ("submit", "acknowledge"):
        queued.clear()
        with django_capture_on_commit_callbacks(execute=True):
            if step == "submit":
                services.report_submit(report=report, by=world.marketing, analysis="Fine", plan="More regulars")
            else:
                services.report_review(report=Report.objects.get(pk=report.pk), by=world.owner, acknowledge=True,
                                       comment="")
        reports = [(task, args) for task, args in queued if args[0] == "report"]
        assert sorted(reports) == sorted(("meetings.tasks.prepare_meeting_pdf", ("report", october.pk, language))
                                         for language in languages), f"drawn ahead on {step}, in every language"
        for task, args in reports:  # the worker draws them
            import_string(task)(*args)
        for language in languages:  # the superior finds the PDF ready, in their language
            answer = client_as(world.owner).get(url, {"ready": "1"}, HTTP_ACCEPT_LANGUAGE=language).json()
            assert answer == {"ready": True}, (step, language)
    assert len(drawn) == 6
