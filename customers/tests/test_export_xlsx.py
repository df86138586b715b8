"""The customer list as XLSX: the CSV's rules (store manager and owner, POST, logged, phones masked, no notes)."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from customers.models import Access
from customers.tests.factories import CustomerFactory

pytestmark = pytest.mark.clock("2026-12-02T10:00:00+08:00")


def test_the_xlsx_export_masks_phones_leaves_out_notes_and_is_logged(client_as, world):
    CustomerFactory(club=world.club1, name="Li Mei", phone="13812345678", manager=world.customer_manager,
                    health_notes="Recent knee surgery", birthday=datetime.date(1990, 5, 6))
    CustomerFactory(club=world.club1, name="=HYPERLINK(\"x\")", phone="13700001234")
    CustomerFactory(club=world.club2, name="Far Away")
    client = client_as(world.store_manager)
    client.cookies["django_language"] = "en"
    assert "Export the list (XLSX, logged)" in client.get(reverse("customers:list")).content.decode()
    assert client.get(reverse("customers:export") + "?format=xlsx").status_code == 405
    response = client.post(reverse("customers:export"), {"format": "xlsx"})
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    assert response["Content-Disposition"].endswith('.xlsx"')
    cells = [[c for c in row] for row in load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True)]
    text = repr(cells)
    assert "Li Mei" in text and "138****5678" in text and "13812345678" not in text
    assert "knee" not in text and "1990" not in text and "Far Away" not in text
    assert "'=HYPERLINK" in text  # a formula stays text
    assert len(cells) == 3
    logged = Access.objects.get()
    assert (logged.by, logged.action, logged.rows) == (world.store_manager, "export", 2)


@pytest.mark.parametrize("persona", ["marketing", "customer_manager", "supervisor_a", "technician"])
def test_only_the_store_manager_and_the_owner_export_the_xlsx(client_as, world, persona):
    CustomerFactory(club=world.club1, name="Li Mei")
    response = client_as(getattr(world, persona)).post(reverse("customers:export"), {"format": "xlsx"})
    assert response.status_code == 403 and not Access.objects.exists()
