"""Planning and research duties tick themselves from their records: "draw up the work plans" when the author
submits a plan, "write market analysis reports" when the writer's research report is published. An item that
someone set by hand keeps what they said, and a rule being published ticks nothing."""

import datetime

import pytest

from documents import services as documents_services
from documents.models import DocumentVersion
from documents.tests.factories import make_document
from duties.catalogue import catalogue_install_defaults
from duties.models import ChecklistItem
from duties.services import checklists_generate
from plans import services as plans_services
from plans.models import Period

from .conftest import make_plan

pytestmark = pytest.mark.clock("2026-11-20T15:00:00+08:00")
DAY = datetime.date(2026, 11, 20)


@pytest.fixture
def checklists(world):
    catalogue_install_defaults(club=world.club1)
    checklists_generate(club=world.club1, day=DAY)


def item(person, key):
    return ChecklistItem.objects.get(checklist__person=person, checklist__cadence="monthly",
                                     checklist__period_start=datetime.date(2026, 11, 1), duty__key=key)


def test_submitting_a_plan_ticks_the_authors_planning_duty(world, checklists, django_capture_on_commit_callbacks):
    plan = make_plan(world.marketing, period=Period.MONTH, start=datetime.date(2026, 12, 1),
                     end=datetime.date(2026, 12, 31), title="December marketing plan",
                     targets=[("new_members", "40", {})])
    assert item(world.marketing, "marketing_director-1").state == "open"
    with django_capture_on_commit_callbacks(execute=True):
        plans_services.submit(plan, world.marketing)
    ticked = item(world.marketing, "marketing_director-1")
    assert ticked.state == "done" and ticked.evidence_note == "December marketing plan"
    assert item(world.store_manager, "store_manager-2").state == "open"  # somebody else's plan ticks nothing of theirs


def test_publishing_a_research_report_ticks_its_writers_research_duty(world, checklists,
                                                                        django_capture_on_commit_callbacks):
    report = make_document(world.club1, world.store_manager, title="Competitors in November", kind="market",
                           department="marketing", period="2026-11-01", published=False)
    DocumentVersion.objects.filter(document=report).update(drafted_by=world.marketing)
    rule = make_document(world.club1, world.store_manager, title="Floor rules", published=False)
    DocumentVersion.objects.filter(document=rule).update(drafted_by=world.marketing)
    with django_capture_on_commit_callbacks(execute=True):
        documents_services.publish(document=rule, by=world.store_manager)
    assert item(world.marketing, "marketing_director-9").state == "open"
    with django_capture_on_commit_callbacks(execute=True):
        documents_services.publish(document=report, by=world.store_manager)
    ticked = item(world.marketing, "marketing_director-9")
    assert ticked.state == "done" and ticked.evidence_note == "Competitors in November"
