"""A technician's scorecard: month by month, for them and everyone above them."""

import pytest

from .month import READ_IN_NOVEMBER, build_month


pytestmark = READ_IN_NOVEMBER


@pytest.fixture
def october(world):
    build_month(world)
    return world


def test_it_shows_the_technicians_months(client, october):
    client.force_login(october.technician.user)
    response = client.get(f"/reports/people/{october.technician.pk}/")
    assert response.status_code == 200
    card = response.context["card"]
    rows = {str(label): values for label, values, _figure in card.rows}
    months = [f"{m:%Y-%m}" for m in card.months]
    assert months[-1] >= "2026-11" and "2026-10" in months
    october_at = months.index("2026-10")
    assert rows["Times late"][october_at] == 3
    assert rows["Minutes late"][october_at] == 40
    assert rows["Minutes late"][months.index("2026-09")] == 20
    assert rows["Grooming pass rate (%)"][october_at] == 100.0
    assert rows["Service-quality average (1–5)"][october_at] == 4.5
    assert rows["Praise"][october_at] == 1
    assert response.content.decode().count("<svg") >= 3


def test_its_figures_lead_to_the_records(client, october):
    client.force_login(october.supervisor_a.user)
    response = client.get(f"/reports/people/{october.technician.pk}/2026-10/late/")
    assert response.status_code == 200 and response.context["count"] == 3


@pytest.mark.parametrize("persona, status", [
    ("technician", 200), ("supervisor_a", 200), ("dept_manager", 200), ("store_manager", 200), ("owner", 200),
    ("supervisor_b", 403), ("marketing", 403), ("customer_manager", 403), ("store_manager_2", 404),
])
def test_it_is_for_the_technician_and_those_above_them(client, october, persona, status):
    client.force_login(getattr(october, persona).user)
    assert client.get(f"/reports/people/{october.technician.pk}/").status_code == status
    assert client.get(f"/reports/people/{october.technician.pk}/2026-10/late/").status_code == status


def test_a_month_outside_their_time_is_not_found(client, october):
    client.force_login(october.owner.user)
    assert client.get(f"/reports/people/{october.technician.pk}/2099-01/late/").status_code == 404
    assert client.get(f"/reports/people/{october.technician.pk}/2026-10/nonsense/").status_code == 404


def test_it_shows_the_technicians_services_from_the_till(client, october):
    """Service counts (鐘數) and requested services (點鐘) per month, summed from the business figures; a month
    with nothing entered reads "–", and another technician's figures are not theirs."""
    import datetime
    from decimal import Decimal

    from business.models import Source
    from business.services import save_figures

    tech, other = october.technician, october.technician_a2
    save_figures(october.club1, {
        datetime.date(2026, 10, 5): {"people": {tech: {"services": Decimal("6"), "requested_services": Decimal("2")},
                                                other: {"services": Decimal("9")}}},
        datetime.date(2026, 10, 6): {"people": {tech: {"services": Decimal("6.5")}}},
    }, source=Source.FORM, by=october.store_manager)
    client.force_login(october.technician.user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.get(f"/reports/people/{tech.pk}/")
    card = response.context["card"]
    rows = {str(label): values for label, values, _figure in card.rows}
    months = [f"{m:%Y-%m}" for m in card.months]
    assert rows["Services (鐘數)"][months.index("2026-10")] == 12.5
    assert rows["Requested services (點鐘)"][months.index("2026-10")] == 2
    assert rows["Services (鐘數)"][months.index("2026-09")] is None
    text = response.content.decode()
    assert "<td>12.5</td>" in text and "Services (鐘數)" in text
