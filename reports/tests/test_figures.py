"""The report's figures against a month of records whose answers were worked out by hand (``month.py``)."""

import pytest

from attendance.models import Attendance
from reports.figures import value_at

from .month import (READ_IN_NOVEMBER, 
    EXPECTED_CHAIN,
    EXPECTED_CLUB1,
    EXPECTED_CLUB2,
    EXPECTED_PREVIOUS_CLUB1,
    build_month,
    day,
)


pytestmark = READ_IN_NOVEMBER


@pytest.fixture
def october(world):
    build_month(world)
    return world


def report_json(client, url):
    response = client.get(url, {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def club_url(club):
    return f"/reports/monthly/2026-10/clubs/{club.pk}/"


def mismatches(figures, expected):
    return {key: (value_at(figures, key), want) for key, want in expected.items() if value_at(figures, key) != want}


def test_it_counts_every_figure_of_a_club(client, october):
    client.force_login(october.owner.user)
    data = report_json(client, club_url(october.club1))
    assert data["scope"] == "club" and data["month"] == "2026-10" and data["status"] == "closed"
    assert mismatches(data["figures"], EXPECTED_CLUB1) == {}


def test_it_counts_the_other_club_apart(client, october):
    client.force_login(october.owner.user)
    data = report_json(client, club_url(october.club2))
    assert mismatches(data["figures"], EXPECTED_CLUB2) == {}


def test_the_chain_is_the_sum_of_its_clubs(client, october):
    client.force_login(october.owner.user)
    data = report_json(client, "/reports/monthly/2026-10/")
    assert data["scope"] == "chain"
    assert [c["code"] for c in data["clubs"]] == ["one", "two"]
    assert mismatches(data["figures"], EXPECTED_CHAIN) == {}
    assert data["by_club"]["one"]["attendance.rate"] == 71.4
    assert data["by_club"]["two"]["attendance.rate"] == 100.0


def test_it_lists_the_honour_roll_and_the_talks(client, october):
    client.force_login(october.owner.user)
    followup = report_json(client, club_url(october.club1))["figures"]["followup"]
    assert [p["name"] for p in followup["honour_roll"]] == ["Tech A2"]
    assert [(p["name"], p["late"], p["absent"], p["talk_held"]) for p in followup["needs_talk"]] == [
        ("Tech B1", 0, 1, True), ("Tech A1", 3, 0, False),
    ]


def test_it_names_the_most_failed_items_and_low_stock(client, october):
    client.force_login(october.owner.user)
    figures = report_json(client, club_url(october.club1))["figures"]
    assert [(i["key"], i["failures"]) for i in figures["grooming"]["most_failed"]] == [("nails", 2), ("hair", 1)]
    assert [(i["key"], i["failures"]) for i in figures["hygiene"]["most_failed"]] == [("floor", 1)]
    assert [(i["name"], i["quantity"]) for i in figures["consumables"]["items"]] == [("Cream", 4), ("Towel", 3)]
    assert [(i["name"], i["stock"]) for i in figures["consumables"]["low_stock"]] == [("Towel", 9)]


def test_a_night_shift_belongs_to_the_day_it_began(client, october):
    """B1's night shift of 31 October ends on 1 November and counts in October; the one of 30 September does not."""
    client.force_login(october.owner.user)
    assert report_json(client, club_url(october.club1))["figures"]["attendance"]["early_minutes"] == 150
    september = report_json(client, "/reports/monthly/2026-09/clubs/%d/" % october.club1.pk)["figures"]
    assert mismatches(september, EXPECTED_PREVIOUS_CLUB1) == {}


def test_a_cream_issued_after_midnight_club_time_counts_in_the_next_month(client, october):
    client.force_login(october.owner.user)
    november = report_json(client, "/reports/monthly/2026-11/clubs/%d/" % october.club1.pk)["figures"]
    assert [(i["name"], i["quantity"]) for i in november["consumables"]["items"]] == [("Cream", 2)]


def test_it_compares_with_the_previous_month_and_twelve_months(client, october):
    client.force_login(october.owner.user)
    data = report_json(client, club_url(october.club1))
    late = data["headline"]["attendance.late"]
    assert late == {"value": 3, "previous": 1, "change": 2}
    assert data["previous"]["attendance"]["late_minutes"] == 20
    assert len(data["trend"]["months"]) == 12
    assert data["trend"]["months"][-1] == "2026-10" and data["trend"]["months"][0] == "2025-11"
    assert data["trend"]["series"]["attendance.late"][-2:] == [1, 3]


def test_days_off_holidays_and_make_up_days_follow_the_records(client, october):
    """The holiday is a day off (not due, no effect on the rate); the make-up Saturday is a day worked."""
    client.force_login(october.owner.user)
    attendance = report_json(client, club_url(october.club1))["figures"]["attendance"]
    assert attendance["day_off"] == 1
    assert Attendance.objects.get(person=october.technician_a2, date=day(10)).status == "present"
    assert attendance["worked"] == 10 and attendance["due_days"] == 14


def test_every_headline_has_a_value_and_a_trend(client, october):
    client.force_login(october.owner.user)
    data = report_json(client, "/reports/monthly/2026-10/")
    for key, row in data["headline"].items():
        assert set(row) == {"value", "previous", "change"}, key
        assert len(data["trend"]["series"][key]) == len(data["trend"]["months"]), key


def test_the_page_shows_the_figures_with_links_to_their_records(client, october):
    client.force_login(october.owner.user)
    response = client.get("/reports/monthly/2026-10/")
    content = response.content.decode()
    assert 'data-records="attendance.late"' in content
    assert 'href="/reports/monthly/2026-10/records/late/"' in content
    assert content.count("<svg") >= 5  # the charts, drawn on the server
    assert "<script>" not in content


def test_a_figure_leads_to_exactly_its_records(client, october):
    client.force_login(october.owner.user)
    url = f"/reports/monthly/2026-10/clubs/{october.club1.pk}/records/"
    expected = {"late": 3, "early": 2, "absent": 1, "leave": 2, "not_recorded": 1, "due_days": 14,
                "honour_roll": 1, "needs_talk": 2, "talks": 1, "grooming": 3, "hygiene": 2, "consumables": 2,
                "low_stock": 1, "quality": 2, "complaints": 1, "praise": 2, "checklists": 4,
                "headcount_start": 12, "headcount_end": 12, "joined": 1, "left": 1}
    counts = {figure: client.get(url + figure + "/").context["count"] for figure in expected}
    assert counts == expected
    assert client.get(url + "leave/", {"type": "sick"}).context["count"] == 1
    assert client.get(url + "grooming/", {"result": "failed"}).context["count"] == 2
    assert client.get(url + "headcount_end/", {"position": "technician"}).context["count"] == 4
    assert client.get(url + "checklists/", {"position": "supervisor"}).context["count"] == 2
    page = client.get(url + "late/").content.decode()
    assert page.count("Tech A1") == 3


def test_training_and_meetings_say_not_available_yet(client, october):
    client.force_login(october.owner.user)
    response = client.get("/reports/monthly/2026-10/")
    assert response.content.decode().count('data-testid="not-available"') == 2
    assert report_json(client, "/reports/monthly/2026-10/")["figures"]["training"] == {"available": False}


def test_people_count_in_the_position_they_held_at_the_months_end(client, october):
    """A2 is promoted to supervisor after October: October still counts a technician. B1's promotion of
    5 October (recorded then) counts B1 as a supervisor at October's end."""
    import datetime

    from staff.models import Person

    a2 = Person.objects.get(pk=october.technician_a2.pk)
    a2.position, a2.team = "supervisor", None
    a2.save()  # recorded now, in November
    b1 = Person.objects.get(pk=october.technician_b.pk)
    Person.history.filter(id=b1.pk).update(history_date=datetime.datetime(2024, 1, 15, tzinfo=datetime.UTC))
    b1.position, b1.team = "supervisor", None
    b1._history_date = datetime.datetime(2026, 10, 5, 9, tzinfo=datetime.UTC)
    b1.save()

    client.force_login(october.owner.user)
    positions = report_json(client, club_url(october.club1))["figures"]["headcount"]["positions"]
    assert (positions["technician"]["end"], positions["supervisor"]["end"]) == (3, 3)
    assert report_json(client, club_url(october.club1))["figures"]["headcount"]["total"]["end"] == 12
    url = club_url(october.club1) + "records/headcount_end/"
    listed = client.get(url, {"position": "technician"})
    assert listed.context["count"] == 3
    names = listed.content.decode()
    assert "Tech A2" in names and "Tech B1" not in names
    assert "Tech B1" in client.get(url, {"position": "supervisor"}).content.decode()
    november = report_json(client, "/reports/monthly/2026-11/clubs/%d/" % october.club1.pk)["figures"]
    assert november["headcount"]["positions"]["supervisor"]["end"] == 4  # the running month: as of now
