"""Importing figures from a file: the template, row-by-row errors, nothing half-imported, re-import with history."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from business.importer import LABELS
from business.models import ClubDay, Entry, Source, TechnicianDay

from .conftest import in_zh, xlsx, zh

pytestmark = pytest.mark.clock("2026-11-20T15:00:00+08:00")

HEAD = ["date", "technician_id", "technician", "customers_served", "revenue", "addon_sales", "product_sales",
        "new_members", "member_topups", "services", "requested_services"]


def upload(client, content, name="figures.xlsx", **extra):
    return client.post(reverse("business:import"), {"file": SimpleUploadedFile(name, content), **extra})


def good_rows(world, revenue=25600.5):
    return [
        HEAD,
        ["2026-11-19", None, None, 84, revenue, 2100, 880, 3, 6000, None, None],
        ["2026-11-19", world.technician.pk, "Tech A1", None, None, None, None, None, None, 6, 2],
        ["2026-11-19", None, "Tech B1", None, None, None, None, None, None, 4.5, 1],
        ["2026-11-18", None, None, 70, "20,000.00", None, None, 1, None, None, None],
    ]


def test_the_template_opens_with_a_row_per_technician_and_explains_its_columns(client, world):
    from openpyxl import load_workbook

    client.force_login(world.store_manager.user)
    response = client.get(f"{reverse('business:template')}?date=2026-11-19")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    figures, columns = book.worksheets
    rows = list(figures.iter_rows(values_only=True))
    assert rows[0][0] == zh("Date") and rows[0][4] == in_zh(LABELS["revenue"])
    assert [r[2] for r in rows[1:]] == [None, "Tech A1", "Tech A2", "Tech B1"]
    assert all(r[0] == "2026-11-19" for r in rows[1:])
    explained = [r[1] for r in columns.iter_rows(values_only=True)]
    assert set(HEAD) <= set(explained)

    csv_file = client.get(f"{reverse('business:template')}?date=2026-11-19&format=csv")
    assert csv_file.status_code == 200 and csv_file["Content-Type"].startswith("text/csv")
    assert "Tech B1" in csv_file.content.decode("utf-8-sig")


def test_the_filled_template_imports_as_it_is(client, world):
    from openpyxl import load_workbook

    client.force_login(world.store_manager.user)
    book = load_workbook(io.BytesIO(client.get(f"{reverse('business:template')}?date=2026-11-19").content))
    sheet = book.worksheets[0]
    sheet["E2"] = 31000  # the club's revenue
    sheet["J3"], sheet["K3"] = 7, 3  # Tech A1
    out = io.BytesIO()
    book.save(out)
    response = upload(client, out.getvalue())
    assert response.status_code == 302
    assert ClubDay.objects.get().revenue == Decimal("31000.00")
    assert TechnicianDay.objects.get().services == 7  # the other technicians' empty rows are skipped


def test_one_bad_row_imports_nothing_and_says_which_row_and_column(client, world):
    client.force_login(world.store_manager.user)
    rows = good_rows(world)
    rows[3][9] = "abc"  # row 4 of the sheet: Tech B1's services
    rows.append(["2026-11-18", None, "Nobody", None, None, None, None, None, None, 3, None])  # row 6
    rows.append(["2026-11-17", None, "Tech A2", None, None, None, None, None, None, 2, 5])  # row 7
    rows.append(["2026-12-01", None, None, 1, 1, None, None, None, None, None, None])  # row 8: the future
    response = upload(client, xlsx(rows))
    assert response.status_code == 200
    text = response.content.decode()
    errors = [str(e) for e in response.context["errors"]]
    assert len(errors) == 4
    assert errors[0].startswith(zh("Row %(row)s, column “%(column)s”: %(message)s") % {
        "row": 4, "column": in_zh(LABELS["services"]), "message": ""})
    assert str(4) in errors[0] and "abc" in errors[0]
    assert "6" in errors[1] and "Nobody" in errors[1]
    assert zh("more requested services than services.") in errors[2]
    assert zh("%(value)s has not happened yet.") % {"value": "2026-12-01"} in errors[3]
    assert zh("Nothing was imported; see the problems below.") in text
    assert not ClubDay.objects.exists() and not TechnicianDay.objects.exists() and not Entry.objects.exists()


def test_a_good_file_imports_and_a_second_import_replaces_with_history(client, world):
    client.force_login(world.store_manager.user)
    response = upload(client, xlsx(good_rows(world)))
    assert response.status_code == 302
    assert response["Location"].endswith("month=2026-11")
    day = ClubDay.objects.get(date="2026-11-19")
    assert (day.revenue, day.customers_served, day.entry.source, day.entry.file_name) == (
        Decimal("25600.50"), 84, Source.IMPORT, "figures.xlsx")
    assert ClubDay.objects.get(date="2026-11-18").revenue == Decimal("20000.00")
    assert {r.person.name: r.services for r in TechnicianDay.objects.select_related("person")} == {
        "Tech A1": 6, "Tech B1": Decimal("4.5")}

    again = upload(client, xlsx(good_rows(world, revenue=26000)), name="figures-corrected.xlsx")
    assert again.status_code == 302
    day.refresh_from_db()
    assert (day.revenue, day.revision, day.entry.file_name) == (Decimal("26000.00"), 2, "figures-corrected.xlsx")
    assert [h.revenue for h in day.history.order_by("history_id")] == [Decimal("25600.50"), Decimal("26000.00")]
    assert ClubDay.objects.get(date="2026-11-18").revision == 1  # unchanged


def test_headings_in_chinese_and_a_gbk_csv_are_read(client, world):
    client.force_login(world.store_manager.user)
    with_labels = [in_zh(LABELS[key]) for key in HEAD]
    text = ",".join(with_labels) + "\n2026/11/19,,,84,\"25,600.50\",,,,,,\n"
    response = upload(client, text.encode("gb18030"), name="till.csv")
    assert response.status_code == 302, response.context and response.context["errors"]
    assert ClubDay.objects.get().revenue == Decimal("25600.50")


def test_a_file_that_is_not_a_spreadsheet_is_refused_with_a_message(client, world):
    client.force_login(world.store_manager.user)
    response = upload(client, b"not a zip", name="figures.xlsx")
    assert response.status_code == 200
    assert zh("This file cannot be read as XLSX; save it again from the spreadsheet program, or use the template.") \
        in response.content.decode()
    response = upload(client, b"%PDF", name="figures.pdf")
    assert zh("Upload an XLSX or CSV file (the template is one).") in response.content.decode()
    unknown = upload(client, xlsx([["date", "tips"], ["2026-11-19", 5]]))
    assert "tips" in str(unknown.context["errors"][0])
    assert not ClubDay.objects.exists()


def test_a_technician_of_another_club_cannot_be_imported(client, world):
    client.force_login(world.store_manager.user)
    rows = [HEAD, ["2026-11-19", world.technician_2.pk, None, None, None, None, None, None, None, 5, 1]]
    response = upload(client, xlsx(rows))
    assert response.status_code == 200
    assert str(world.technician_2.pk) in str(response.context["errors"][0])
    assert not TechnicianDay.objects.exists()
