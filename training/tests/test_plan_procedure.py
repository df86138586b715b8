"""A training plan names the rule or SOP it teaches: only the club's published ones are offered, and the plan's
page links to the document for whom may open it."""

import pytest
from django.urls import reverse

from documents.tests.factories import make_document
from training.models import TrainingPlan

from . import factories as f


def post_plan(client, world, procedure):
    return client.post(reverse("training:plan_add"), {
        "title": "Foot reflexology", "topic": "technique", "department": f.massage(world.club1).pk,
        "position": "technician", "goals": "Every step of the SOP", "owner": world.tech_manager.pk,
        "starts_on": "2026-03-01", "ends_on": "2026-05-31", "procedure": procedure.pk,
    })


def test_the_plan_teaches_a_published_sop_and_links_to_it(client_as, world):
    sop = make_document(world.club1, world.store_manager, title="Foot reflexology SOP", kind="sop")
    draft = make_document(world.club1, world.store_manager, title="Hot stone SOP (draft)", kind="sop", published=False)
    other = make_document(world.club2, world.store_manager_2, title="Club Two SOP", kind="sop")
    client = client_as(world.tech_manager)
    form = client.get(reverse("training:plan_add")).content.decode()
    assert "Foot reflexology SOP" in form and "Hot stone SOP (draft)" not in form and "Club Two SOP" not in form

    for refused in (draft, other):
        page = post_plan(client, world, refused)
        assert page.status_code == 200 and "Select a valid choice" in page.content.decode()
        assert "Every step of the SOP" in page.content.decode()  # what was typed is still there
    assert not TrainingPlan.objects.exists()

    post_plan(client, world, sop)
    plan = TrainingPlan.objects.get()
    assert plan.procedure == sop
    page = client.get(reverse("training:plan_detail", args=[plan.pk])).content.decode()
    assert f'href="{sop.get_absolute_url()}"' in page


@pytest.mark.parametrize("persona", ["tech_manager", "dept_manager", "store_manager", "owner"])
def test_whoever_opens_the_plan_reads_the_procedures_name(client_as, world, persona):
    sop = make_document(world.club1, world.store_manager, title="Foot reflexology SOP", kind="sop")
    plan = f.plan(world.club1, world.tech_manager, procedure=sop)
    page = client_as(getattr(world, persona)).get(reverse("training:plan_detail", args=[plan.pk]))
    assert page.status_code == 200
    assert "Foot reflexology SOP" in page.content.decode()
