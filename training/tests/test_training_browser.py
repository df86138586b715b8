"""The technical manager schedules a session, takes attendance and scores a hands-on assessment;
the technician takes a quiz on a phone and finds both results on their record."""

import pytest
from django.utils import timezone

from staff.demo import seed_demo
from staff.models import Person
from tests.browser import DESKTOP, PHONE, SCREENSHOTS, sign_in
from training.models import Attempt, SessionAttendance, TrainingSession
from training.tests import factories as f


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.mark.browser
def test_a_session_a_hands_on_score_and_a_quiz_end_up_on_the_technicians_record(browser, transactional_db,
                                                                                 live_server):
    seed_demo()
    manager = Person.objects.get(user__username="techmanager")
    technician = Person.objects.get(user__username="technician")
    plan = f.plan(manager.club, manager, topic="theory", title="足疗理论知识")
    f.question(manager.club, "true_false", "按摩力度越大，效果越好。", topic="theory", answer_true=False)
    f.question(manager.club, "single", "足浴水温一般控制在多少？", topic="theory",
               choices=[("40–45℃", True), ("55℃以上", False)])
    quiz = f.quiz(plan, title="理论测验", pass_mark=50)
    handson = f.handson(plan, title="手法考核", criteria=(("手法力度", 3, 10), ("穴位准确", 1, 10)), pass_mark=60)
    today = timezone.localdate(timezone=manager.club.zone)

    ctx, page = sign_in(browser, live_server.url, "techmanager", **DESKTOP)
    page.goto(f"{live_server.url}/training/plans/{plan.pk}/")
    page.get_by_test_id("schedule-session").click()
    form = page.get_by_test_id("session-form")
    form.locator("input[name=subject]").fill("足部反射区总论")
    form.locator("input[name=date]").fill(today.isoformat())
    form.locator("input[name=start]").fill("10:00")
    form.locator("input[name=end]").fill("11:30")
    form.locator("input[name=place]").fill("培训室")
    form.locator("button[type=submit]").click()
    page.wait_for_selector('[data-testid="attendance-form"]')
    session = TrainingSession.objects.get(plan=plan)
    late = session.attendance.exclude(person=technician).order_by("person__name").first()
    card = page.locator(f'[data-testid="attendance-form"] [data-person="{late.person_id}"]')
    card.locator("label", has_text="Late").or_(card.locator("label", has_text="迟到")).first.click()
    page.get_by_test_id("save-attendance").click()
    page.wait_for_selector('[data-testid="attendance-list"], [data-testid="attendance-form"]')
    session.refresh_from_db()
    assert session.status == "held"
    assert SessionAttendance.objects.get(session=session, person=technician).status == "present"
    assert SessionAttendance.objects.get(pk=late.pk).status == "late"

    page.goto(f"{live_server.url}/training/assessments/{handson.pk}/score/?person={technician.pk}")
    pressure, points = handson.criteria.all()
    page.fill(f"#id_s{pressure.pk}", "8")
    page.fill(f"#id_s{points.pk}", "6")
    page.get_by_test_id("save-scores").click()
    page.wait_for_selector('[data-testid="result"]')
    scored = Attempt.objects.get(assessment=handson, person=technician)
    assert (str(scored.score), scored.passed) == ("75.0", True)  # (3 × 0.8 + 1 × 0.6) / 4
    ctx.close()

    ctx, page = sign_in(browser, live_server.url, "technician", **PHONE)
    page.goto(f"{live_server.url}/training/people/{technician.pk}/")
    page.get_by_test_id("to-take").locator("a", has_text="理论测验").click()
    page.get_by_test_id("start-quiz").click()
    quiz_form = page.get_by_test_id("quiz-form")
    quiz_form.wait_for()
    no_sideways_scroll(page)
    attempt = Attempt.objects.get(assessment=quiz, person=technician)
    for row in attempt.answers.select_related("question"):
        if row.question.kind == "true_false":
            page.locator(f'input[name="q{row.pk}"][value="false"]').check()
        else:
            right = row.question.choices.get(is_correct=True)
            page.locator(f'input[name="q{row.pk}"][value="{right.pk}"]').check()
    page.get_by_test_id("submit-quiz").click()
    page.wait_for_selector('[data-testid="result"]')
    attempt.refresh_from_db()
    assert (attempt.state, str(attempt.score), attempt.passed) == ("marked", "100.0", True)

    page.goto(f"{live_server.url}/training/people/{technician.pk}/")
    record = page.get_by_test_id("record-attempts").inner_text()
    assert "理论测验" in record and "100%" in record and "手法考核" in record and "75%" in record
    assert "足部反射区总论" in page.get_by_test_id("record-sessions").inner_text()
    no_sideways_scroll(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "training-record-technician.png"), full_page=True)
    ctx.close()
