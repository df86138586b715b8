"""The owner's report's "Targets and actuals" costs the same queries for 2 and for 8 month plans: the plans'
targets are read together and each club's records once for the month, whatever the number of plans."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import Period
from plans.models import Status as PlanStatus
from plans.report import report_section

from .conftest import make_plan

pytestmark = pytest.mark.clock("2026-11-20T15:00:00+08:00")

OCT = datetime.date(2026, 10, 1)
METRICS = ["late_arrivals", "absences", "attendance_rate", "grooming_pass_rate", "hygiene_pass_rate",
           "checklist_completion", "complaints", "spot_check_average", "training_sessions_held",
           "assessment_pass_rate", "meetings_held", "customers_served", "services"]


def add_plans(world, count, start):
    for n in range(start, start + count):
        author, department = ((world.store_manager, None) if n % 2 == 0
                              else (world.marketing, world.marketing.department))
        targets = [(metric, str(10 + n), {}) for metric in METRICS]
        targets += [("late_arrivals", "3", {"team": world.team_a}), ("late_arrivals", "2", {"month": OCT}),
                    ("services", "40", {"person": world.technician})]
        plan = make_plan(author, department=department, period=Period.MONTH, start=OCT,
                         end=datetime.date(2026, 10, 31), title=f"October plan {n}", targets=targets)
        plan.status = PlanStatus.APPROVED
        plan.save(update_fields=["status"])


def queries(callable_):
    with CaptureQueriesContext(connection) as captured:
        result = callable_()
    return len(captured), result


def test_the_targets_section_costs_the_same_for_2_and_8_plans(world, client_as):
    clubs = [world.club1, world.club2]
    add_plans(world, 2, 0)
    few, section = queries(lambda: report_section(world.owner, clubs, OCT))
    assert len(section["report_targets"][0]["plans"]) == 2
    add_plans(world, 6, 2)
    many, section = queries(lambda: report_section(world.owner, clubs, OCT))
    assert len(section["report_targets"][0]["plans"]) == 8
    assert many == few

    client = client_as(world.owner)
    client.get("/reports/monthly/2026-10/")  # sessions, caches: once
    page_many, page = queries(lambda: client.get("/reports/monthly/2026-10/"))
    assert page.status_code == 200 and page.content.decode().count('data-testid="report-target-plan"') == 8
    from plans.models import Plan

    Plan.objects.filter(title__in=[f"October plan {n}" for n in range(2, 8)]).delete()
    page_few, page = queries(lambda: client.get("/reports/monthly/2026-10/"))
    assert page.content.decode().count('data-testid="report-target-plan"') == 2
    assert page_many == page_few
