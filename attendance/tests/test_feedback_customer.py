"""Customer feedback linked to a customer: named only by those who may see the club's customers, listed on the
customer's file."""

import pytest
from django.urls import reverse

from attendance.models import CustomerFeedback
from customers.tests.factories import CustomerFactory

pytestmark = pytest.mark.clock("2026-12-02T10:00:00+08:00")
FEEDBACK = reverse("attendance:quality_feedback")


@pytest.fixture
def li_mei(world):
    return CustomerFactory(club=world.club1, name="Li Mei", manager=world.customer_manager)


def test_the_store_manager_names_the_customer_and_the_file_lists_the_feedback(client_as, world, li_mei):
    far = CustomerFactory(club=world.club2, name="Far Away")
    client = client_as(world.store_manager)
    client.cookies["django_language"] = "en"
    form = client.get(FEEDBACK).content.decode()
    assert "Customer (if known)" in form and "Li Mei" in form and "Far Away" not in form
    # another club's customer cannot be named; nothing typed is lost
    response = client.post(FEEDBACK, {"technician": world.technician.pk, "date": "2026-12-02", "kind": "complaint",
                                      "said": "Pressed too hard", "action": "Redo offered", "customer": far.pk})
    assert response.status_code == 200 and not CustomerFeedback.objects.exists()
    assert "Choose one of this club&#x27;s customers." in response.content.decode()
    assert "Pressed too hard" in response.content.decode()
    response = client.post(FEEDBACK, {"technician": world.technician.pk, "date": "2026-12-02", "kind": "complaint",
                                      "said": "Pressed too hard", "action": "Redo offered", "customer": li_mei.pk})
    assert response.status_code == 302
    assert CustomerFeedback.objects.get().customer == li_mei
    for person in (world.store_manager, world.marketing, world.customer_manager):
        page = client_as(person).get(reverse("customers:detail", args=[li_mei.pk])).content.decode()
        assert "Pressed too hard" in page and world.technician.name in page, person


def test_a_supervisor_never_sees_a_customers_name_and_cannot_link_one(client_as, world, li_mei):
    client = client_as(world.supervisor_a)
    form = client.get(FEEDBACK).content.decode()
    assert "Li Mei" not in form and 'name="customer"' not in form
    response = client.post(FEEDBACK, {"technician": world.technician.pk, "date": "2026-12-02", "kind": "praise",
                                      "said": "Lovely", "customer": li_mei.pk})
    assert response.status_code == 302
    assert CustomerFeedback.objects.get().customer is None
    assert client.get(reverse("customers:detail", args=[li_mei.pk])).status_code == 403


def test_the_customers_file_reads_the_feedback_in_chinese(client_as, world, li_mei):
    CustomerFeedback.objects.create(club=world.club1, technician=world.technician, date="2026-12-01",
                                    kind="praise", said="手法很好", customer=li_mei)
    client = client_as(world.marketing)
    client.cookies["django_language"] = "zh-hans"
    page = client.get(reverse("customers:detail", args=[li_mei.pk])).content.decode()
    assert "手法很好" in page and "表扬" in page
