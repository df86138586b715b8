"""An assessment links the SOP it tests: only the club's published SOPs are offered, another club's (or a draft, or
a rule) is refused in words with what was typed kept, and the technician opens the SOP from the assessment page."""

from django.urls import reverse
from django.utils import translation

from documents.tests.factories import make_document
from training.models import Assessment

from . import factories as f


def post_assessment(client, plan, sop):
    return client.post(reverse("training:assessment_add", args=[plan.pk]), {
        "title": "Foot reflexology steps", "kind": "quiz", "pass_mark": "80", "max_attempts": "2",
        "question_count": "5", "assessors_required": "1", "sop": sop.pk,
    })


def test_an_assessment_links_the_clubs_sop_and_the_technician_opens_it(client_as, world):
    sop = make_document(world.club1, world.store_manager, title="Foot reflexology SOP", kind="sop")
    plan = f.plan(world.club1, world.tech_manager, procedure=sop)
    client = client_as(world.tech_manager)
    form = client.get(reverse("training:assessment_add", args=[plan.pk])).content.decode()
    assert "Foot reflexology SOP" in form
    assert f'<option value="{sop.pk}" selected>' in form  # the plan's own SOP, offered first

    with translation.override("en"):
        page = post_assessment(client, plan, sop)
    assessment = Assessment.objects.get()
    assert page.status_code == 302 and assessment.sop == sop

    technician = client_as(world.technician)
    page = technician.get(reverse("training:assessment_detail", args=[assessment.pk])).content.decode()
    assert f'href="{sop.get_absolute_url()}"' in page and "Foot reflexology SOP" in page
    document = technician.get(sop.get_absolute_url())
    assert document.status_code == 200 and "Foot reflexology SOP" in document.content.decode()


def test_only_the_clubs_published_sops_can_be_chosen(client_as, world):
    other = make_document(world.club2, world.store_manager_2, title="Club Two SOP", kind="sop")
    draft = make_document(world.club1, world.store_manager, title="Hot stone SOP (draft)", kind="sop",
                          published=False)
    rule = make_document(world.club1, world.store_manager, title="Floor rules", kind="rule")
    plan = f.plan(world.club1, world.tech_manager)
    client = client_as(world.tech_manager)
    form = client.get(reverse("training:assessment_add", args=[plan.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Club Two SOP" not in form and "Hot stone SOP (draft)" not in form and "Floor rules" not in form

    for refused in (other, draft, rule):
        with translation.override("en"):
            page = post_assessment(client, plan, refused)
        text = page.content.decode()
        assert page.status_code == 200
        assert "Choose one of this club&#x27;s published SOPs; that document is not one." in text
        assert 'value="Foot reflexology steps"' in text  # what was typed is still there
        assert "Club Two SOP" not in text
    assert not Assessment.objects.exists()


def test_an_assessment_without_an_sop_shows_none(client_as, world):
    plan = f.plan(world.club1, world.tech_manager)
    assessment = f.quiz(plan)
    page = client_as(world.technician).get(reverse("training:assessment_detail", args=[assessment.pk]))
    assert page.status_code == 200 and 'data-testid="assessment-sop"' not in page.content.decode()
