"""The owner's monthly report shows each club's approved plans for the month, target against actual, read live;
a store manager's report shows their club's; a plan still waiting for approval is not in it."""

import datetime

import pytest

from attendance.models import Attendance, Status
from plans.models import Period
from plans.models import Status as PlanStatus

from .conftest import make_plan

pytestmark = pytest.mark.clock("2026-11-20T15:00:00+08:00")

OCT = datetime.date(2026, 10, 1)


def october_plan(author, title, late_target, status=PlanStatus.APPROVED):
    plan = make_plan(author, department=None, period=Period.MONTH, start=OCT, end=datetime.date(2026, 10, 31),
                     title=title, targets=[("late_arrivals", late_target, {})])
    plan.status = status
    plan.save(update_fields=["status"])
    return plan


@pytest.fixture
def october(world):
    for n, person in enumerate([world.technician, world.technician_b], start=5):
        Attendance.objects.create(person=person, club=person.club, date=OCT.replace(day=n), status=Status.LATE,
                                  late_minutes=10)
    return {
        "club1": october_plan(world.store_manager, "October at Club One", "5"),
        "club2": october_plan(world.store_manager_2, "October at Club Two", "4"),
        "draft": october_plan(world.store_manager, "A draft nobody approved", "1", status=PlanStatus.SUBMITTED),
    }


def section(page):
    text = page.content.decode()
    start = text.find('data-testid="report-targets"')
    return "" if start < 0 else text[start:text.find("</section>", start)]


def test_the_owner_reads_each_clubs_targets_against_the_months_records(world, october, client_as):
    page = client_as(world.owner).get("/reports/monthly/2026-10/")
    assert page.status_code == 200
    targets = section(page)
    assert "Targets and actuals" in targets
    assert "October at Club One" in targets and "October at Club Two" in targets
    assert "A draft nobody approved" not in targets
    club_one = targets[targets.find("October at Club One"):targets.find("October at Club Two")]
    # two late arrivals recorded in October, against at most five planned
    assert [cell.strip() for cell in club_one.split('data-testid="report-target-line">')[1].split("</td>")[:3]] == [
        "<td>Late arrivals", '<td class="text-end">2', '<td class="text-end">5']


def test_a_late_record_shows_at_once(world, october, client_as):
    client = client_as(world.owner)
    client.get("/reports/monthly/2026-10/")
    Attendance.objects.create(person=world.technician_a2, club=world.club1, date=OCT.replace(day=20),
                              status=Status.LATE, late_minutes=3)
    targets = section(client.get("/reports/monthly/2026-10/"))
    club_one = targets[targets.find("October at Club One"):targets.find("October at Club Two")]
    assert '<td class="text-end">3' in club_one


def test_a_store_manager_reads_only_their_clubs_plans(world, october, client_as):
    page = client_as(world.store_manager_2).get(f"/reports/monthly/2026-10/clubs/{world.club2.pk}/")
    assert page.status_code == 200
    targets = section(page)
    assert "October at Club Two" in targets and "Club One" not in targets


def test_a_month_without_approved_plans_has_no_targets_section(world, client_as):
    page = client_as(world.owner).get("/reports/monthly/2026-10/")
    assert page.status_code == 200 and 'data-testid="report-targets"' not in page.content.decode()


@pytest.fixture
def customers_plans(world):
    """Both clubs planned customers for October; the till says 60 and 90 were served; a ceiling of late arrivals
    (lower is better) does not add up across clubs."""
    from decimal import Decimal

    from business import services as business
    from business.models import Source

    plans = []
    for manager, club, target, served in ((world.store_manager, world.club1, "100", 60),
                                          (world.store_manager_2, world.club2, "200", 90)):
        plan = make_plan(manager, department=None, period=Period.MONTH, start=OCT, end=datetime.date(2026, 10, 31),
                         title=f"Customers at {club.name}", targets=[("customers_served", target, {}),
                                                                     ("late_arrivals", "3", {})])
        plan.status = PlanStatus.APPROVED
        plan.save(update_fields=["status"])
        business.save_figures(club, {OCT.replace(day=7): {"club": {"customers_served": Decimal(served)}}},
                              source=Source.FORM, by=manager)
        plans.append(plan)
    return plans


def test_the_chain_report_adds_up_the_clubs_month_targets(world, customers_plans, client_as):
    targets = section(client_as(world.owner).get("/reports/monthly/2026-10/"))
    chain = targets[targets.find('data-testid="report-chain-targets"'):targets.find("</table>")]
    lines = chain.split('data-testid="report-chain-target-line">')[1:]
    assert len(lines) == 1  # customers served adds up; a ceiling of late arrivals does not
    import re

    cells = [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in lines[0].split("</td>")[:4]]
    assert cells == ["Customers served · 2 clubs", "150", "300", "50.0 %"]


def test_the_report_files_and_email_carry_the_targets(world, customers_plans, client_as):
    import io

    from django.core import mail
    from openpyxl import load_workbook

    from reports import jobs

    book = load_workbook(io.BytesIO(client_as(world.owner).get("/reports/monthly/2026-10/",
                                                               {"format": "xlsx"}).content))
    assert "Targets and actuals · all clubs" in book.sheetnames
    chain = [[cell.value for cell in row] for row in book["Targets and actuals · all clubs"].iter_rows()]
    assert chain[1] == ["Customers served", 150, 300, "50.0 %"]
    club_one = next(name for name in book.sheetnames if name == "Targets and actuals · Club One")
    rows = [[cell.value for cell in row] for row in book[club_one].iter_rows()]
    assert ["Customers at Club One", "Late arrivals", 0, 3, "within the ceiling"] in rows

    # a late correction of the till's figure makes the kept file again, with the new actual
    from decimal import Decimal

    from business import services as business
    from business.models import Source
    business.save_figures(world.club1, {OCT.replace(day=8): {"club": {"customers_served": Decimal(40)}}},
                          source=Source.FORM, by=world.store_manager)
    book = load_workbook(io.BytesIO(client_as(world.owner).get("/reports/monthly/2026-10/",
                                                               {"format": "xlsx"}).content))
    chain = [[cell.value for cell in row] for row in book["Targets and actuals · all clubs"].iter_rows()]
    assert chain[1] == ["Customers served", 190, 300, "63.3 %"]

    world.owner.user.email = "owner@example.com"
    world.owner.user.save()
    world.owner.language = "en"
    world.owner.save()
    jobs.run_due(datetime.datetime(2026, 11, 1, 8, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))))
    message = next(m for m in mail.outbox if m.to == ["owner@example.com"])
    html, text = message.alternatives[0][0], message.body
    assert "Targets and actuals · all clubs" in html and "Customers at Club Two" in html
    assert "Customers served · 190 · 300 · 63.3 %" in text
