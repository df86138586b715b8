"""A plan's approval: draft → submitted → returned with a comment → resubmitted → approved; who may do each
step, and an approved plan is read-only — on the pages and in the services."""

import datetime

import pytest
from django.urls import reverse

from plans import services
from plans.models import Plan, PlanStep, Status, Target

from .conftest import make_plan

pytestmark = pytest.mark.clock("2026-11-20T15:00:00+08:00")


def test_the_approver_is_the_authors_superior(world):
    assert services.approver_for(world.marketing) == world.store_manager
    assert services.approver_for(world.tech_manager) == world.care_manager  # reports to the health-care manager
    assert services.approver_for(world.store_manager) == world.owner
    assert services.approver_for(world.store_manager_2) == world.owner  # no reporting line: by position


def test_submit_return_resubmit_approve_through_the_pages(client, world, marketing_plan):
    plan = marketing_plan
    client.force_login(world.marketing.user)
    response = client.post(reverse("plans:submit", args=[plan.pk]))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.approver) == (Status.SUBMITTED, world.store_manager)
    assert client.get(reverse("plans:edit", args=[plan.pk])).status_code == 403  # submitted: not editable

    # the author may not decide their own plan; another head may not either
    assert client.post(reverse("plans:decide", args=[plan.pk]), {"decision": "approve"}).status_code == 403
    client.force_login(world.dept_manager.user)
    assert client.post(reverse("plans:decide", args=[plan.pk]), {"decision": "approve"}).status_code in (403,)

    client.force_login(world.store_manager.user)
    page = client.get(reverse("plans:detail", args=[plan.pk]))
    assert b"Approve" in page.content and b"Return with the comment" in page.content
    refused = client.post(reverse("plans:decide", args=[plan.pk]), {"decision": "return", "comment": "  "})
    assert refused.status_code == 400
    assert b"Say what should change when returning a plan." in refused.content
    plan.refresh_from_db()
    assert plan.status == Status.SUBMITTED

    client.post(reverse("plans:decide", args=[plan.pk]), {"decision": "return", "comment": "Lower the late arrivals"})
    plan.refresh_from_db()
    assert (plan.status, plan.comment, plan.decided_by) == (Status.RETURNED, "Lower the late arrivals",
                                                            world.store_manager)

    client.force_login(world.marketing.user)
    edit = client.get(reverse("plans:edit", args=[plan.pk]))
    assert edit.status_code == 200 and b"Lower the late arrivals" in edit.content
    body = {
        "title": plan.title, "department": str(plan.department_id), "period": "quarter", "starts_on": "2026-10-01",
        "goals": "Grow", "t-TOTAL_FORMS": "2", "t-INITIAL_FORMS": "0",
        "t-0-metric": "late_arrivals", "t-0-value": "24", "t-0-part": "",
        "t-1-metric": "attendance_rate", "t-1-value": "96", "t-1-part": "", "action": "submit",
    }
    response = client.post(reverse("plans:edit", args=[plan.pk]), body)
    assert response.status_code == 302, response.content.decode()[:3000]
    plan.refresh_from_db()
    assert plan.status == Status.SUBMITTED
    assert sorted(plan.targets.values_list("metric", "value")) == [("attendance_rate", 96), ("late_arrivals", 24)]

    client.force_login(world.store_manager.user)
    client.post(reverse("plans:decide", args=[plan.pk]), {"decision": "approve", "comment": ""})
    plan.refresh_from_db()
    assert plan.status == Status.APPROVED
    assert list(plan.steps.values_list("action", "by__name")) == [
        ("submitted", "marketing"), ("returned", "store_manager"), ("submitted", "marketing"),
        ("approved", "store_manager")]
    assert plan.history.count() >= 4

    # approved: read-only for everyone, the author included
    client.force_login(world.marketing.user)
    assert client.get(reverse("plans:edit", args=[plan.pk])).status_code == 403
    assert client.post(reverse("plans:submit", args=[plan.pk])).status_code == 403
    page = client.get(reverse("plans:detail", args=[plan.pk]))
    assert b"the plan is read-only" in page.content
    with pytest.raises(services.PlanError):
        services.save_plan(plan, [])
    assert plan.targets.count() == 2


def test_nobody_approves_their_own_plan_even_the_owner(world):
    plan = make_plan(world.store_manager, department=None, targets=[("meetings_held", "20", {})])
    services.submit(plan, world.store_manager)
    with pytest.raises(services.PlanError):
        services.decide(plan, world.store_manager, approve=True)
    services.decide(plan, world.owner, approve=True)
    assert Plan.objects.get(pk=plan.pk).status == Status.APPROVED


def test_a_plan_without_targets_cannot_be_submitted(client, world):
    plan = make_plan(world.marketing)
    client.force_login(world.marketing.user)
    response = client.post(reverse("plans:submit", args=[plan.pk]), follow=True)
    assert b"Add at least one target before submitting the plan." in response.content
    assert Plan.objects.get(pk=plan.pk).status == Status.DRAFT
    assert not PlanStep.objects.exists()


def test_creating_a_plan_then_its_targets_on_the_pages(client, world):
    client.force_login(world.dept_manager.user)
    response = client.post(reverse("plans:add"), {
        "title": "December massage plan", "department": str(world.dept_manager.department_id),
        "period": "month", "starts_on": "2026-12-15", "goals": "More requested services"})
    plan = Plan.objects.get(title="December massage plan")
    assert response.status_code == 302 and response["Location"] == reverse("plans:edit", args=[plan.pk])
    assert (plan.starts_on, plan.ends_on, plan.author, plan.approver) == (
        datetime.date(2026, 12, 1), datetime.date(2026, 12, 31), world.dept_manager, world.store_manager)
    page = client.get(response["Location"])
    assert b"Team A" in page.content and b"Tech A1" in page.content  # parts offered: the department's teams, people
    body = {
        "title": plan.title, "department": str(plan.department_id), "period": "month", "starts_on": "2026-12-01",
        "goals": "x", "t-TOTAL_FORMS": "3", "t-INITIAL_FORMS": "0",
        "t-0-metric": "late_arrivals", "t-0-value": "8", "t-0-part": "",
        "t-1-metric": "late_arrivals", "t-1-value": "5", "t-1-part": f"team:{world.team_a.pk}",
        "t-2-metric": "hygiene_pass_rate", "t-2-value": "98", "t-2-part": f"person:{world.technician.pk}",
    }
    refused = client.post(reverse("plans:edit", args=[plan.pk]), body)
    assert refused.status_code == 200
    assert b"Hygiene pass rate is not measured per team or person." in refused.content
    assert b'value="98"' in refused.content  # what was typed is kept
    assert not Target.objects.exists()
    body["t-2-value"] = "140"
    body["t-2-part"] = ""
    assert b"A rate is at most 100 %." in client.post(reverse("plans:edit", args=[plan.pk]), body).content
    body["t-2-value"] = "98"
    assert client.post(reverse("plans:edit", args=[plan.pk]), body).status_code == 302
    assert Target.objects.filter(plan=plan).count() == 3


def test_a_head_writes_only_for_their_departments(client, world):
    client.force_login(world.marketing.user)
    response = client.post(reverse("plans:add"), {
        "title": "Sneaky", "department": str(world.dept_manager.department_id), "period": "month",
        "starts_on": "2026-12-01"})
    assert response.status_code == 200
    assert b"Select a valid choice." in response.content
    assert not Plan.objects.exists()
    client.force_login(world.supervisor_a.user)
    assert client.get(reverse("plans:add")).status_code == 403


def test_today_shows_plans_waiting_and_targets_so_far(client, world, marketing_plan):
    client.force_login(world.store_manager.user)
    assert b"today-plan-waiting" not in client.get("/").content  # a draft waits for nobody
    services.submit(marketing_plan, world.marketing)
    home = client.get("/").content.decode()
    assert 'data-testid="today-plan-waiting"' in home and "Q4 plan" in home
    assert reverse("plans:list") in home  # the Plans menu

    services.decide(marketing_plan, world.store_manager, approve=True)
    client.force_login(world.marketing.user)
    home = client.get("/").content.decode()
    assert 'data-testid="today-plan"' in home
    assert "Late arrivals" in home and "0 / 30" in home  # nothing late yet, against the quarter's 30

    client.force_login(world.technician.user)
    home = client.get("/").content.decode()
    assert "today-plan" not in home and reverse("plans:add") not in home
