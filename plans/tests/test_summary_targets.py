"""A month-end summary report to the superior carries its author's targets against actuals and the gap, kept
with the report's figures: a record changed after it was submitted does not change what the superior read."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from attendance.models import Attendance
from meetings import services
from meetings.selectors import figure_tables
from meetings.tests.test_reports import october  # noqa: F401  (the marketing department's October)
from plans.models import Period, Status

from .conftest import make_plan

pytestmark = pytest.mark.clock("2026-11-02T10:00:00+08:00")


@pytest.fixture
def plan(world):
    plan = make_plan(world.marketing, period=Period.MONTH, start=datetime.date(2026, 10, 1),
                     end=datetime.date(2026, 10, 31), title="Marketing October",
                     targets=[("late_arrivals", "3", {}), ("attendance_rate", "95", {})])
    plan.status = Status.APPROVED
    plan.save(update_fields=["status"])
    return plan


def targets_table(report):
    with translation.override("en"):
        [table] = [t for t in figure_tables(report.figures) if "Marketing October" in str(t.title)]
        return {str(label): values for label, values in table.rows}


def test_the_report_carries_the_chairs_targets_actuals_and_gap(world, october, plan):  # noqa: F811
    report = services.report_prepare(meeting=october)
    [entry] = report.figures["targets"]["plans"]
    assert entry["title"] == "Marketing October"
    rows = targets_table(report)
    # October in the marketing department: the customer manager was late once (the fixture's records)
    assert rows["Late arrivals"] == ["3", "1", "-2", "within the ceiling"]
    assert rows["Attendance rate"][0] == "95.0 %"


def test_the_submitted_report_keeps_what_its_author_read(world, october, plan, client_as):  # noqa: F811
    report = services.report_prepare(meeting=october)
    services.report_submit(report=report, by=world.marketing, analysis="Fewer late arrivals", plan="Keep it so")
    Attendance.objects.create(person=world.customer_manager, club=world.club1, date=datetime.date(2026, 10, 9),
                              status="late")
    report.refresh_from_db()
    assert targets_table(report)["Late arrivals"][1] == "1"
    page = client_as(world.store_manager).get(reverse("meetings:report", args=[october.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Marketing October: targets and actuals" in text and "Fewer late arrivals" in text


def test_a_chair_without_plans_gets_no_targets_part(world, october):  # noqa: F811
    report = services.report_prepare(meeting=october)
    assert "targets" not in report.figures
    assert report.figures["meetings"]["held"] == 4  # the report's own figures are there as before
