"""Who may open which report, and what a bad month gets: a 404 with a clear message, never a 500 or another club's figures."""

import pytest

from attendance.models import Attendance


@pytest.fixture
def report(world):
    Attendance.objects.create(person=world.technician, club=world.club1, date="2026-10-12", status="late",
                              late_minutes=10)
    Attendance.objects.create(person=world.technician_2, club=world.club2, date="2026-10-12", status="late",
                              late_minutes=99)
    return world


def test_a_store_manager_reads_their_own_club_at_the_chain_address(client, report):
    client.force_login(report.store_manager.user)
    data = client.get("/reports/monthly/2026-10/", {"format": "json"}).json()
    assert data["scope"] == "club" and [c["code"] for c in data["clubs"]] == ["one"]
    assert data["figures"]["attendance"]["late_minutes"] == 10


def test_another_clubs_section_is_not_found(client, report):
    client.force_login(report.store_manager_2.user)
    for url in (f"/reports/monthly/2026-10/clubs/{report.club1.pk}/",
                f"/reports/monthly/2026-10/clubs/{report.club1.pk}/?format=json",
                f"/reports/monthly/2026-10/clubs/{report.club1.pk}/?format=pdf",
                f"/reports/monthly/2026-10/clubs/{report.club1.pk}/records/late/"):
        assert client.get(url).status_code == 404, url
    records = client.get("/reports/monthly/2026-10/records/late/")
    assert "Tech Two" in records.content.decode() and "Tech A1" not in records.content.decode()


def test_the_people_below_a_store_manager_may_not_open_the_report(client, report):
    for person in (report.dept_manager, report.supervisor_a, report.technician, report.marketing):
        client.force_login(person.user)
        assert client.get("/reports/monthly/").status_code == 403
        assert client.get("/reports/monthly/2026-10/").status_code == 403
        assert client.get(f"/reports/monthly/2026-10/clubs/{report.club1.pk}/").status_code == 403
        assert client.get(f"/reports/monthly/2026-10/clubs/{report.club2.pk}/").status_code == 404


@pytest.mark.parametrize("month, message", [
    ("2099-01", "2099-01 has not begun yet."),
    ("2019-05", "2019-05 is before the club opened in ClubOps; its first report is for 2024-01."),
])
def test_a_month_with_no_report_says_why(client, report, month, message):
    client.force_login(report.owner.user)
    for url in (f"/reports/monthly/{month}/", f"/reports/monthly/{month}/clubs/{report.club1.pk}/",
                f"/reports/monthly/{month}/records/late/", f"/reports/monthly/{month}/?format=json"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert message in response.content.decode(), url


@pytest.mark.parametrize("url", [
    "/reports/monthly/2026-13/", "/reports/monthly/2026-00/", "/reports/monthly/26-10/", "/reports/monthly/abcd/",
    "/reports/monthly/2026-10/clubs/999999/", "/reports/monthly/2026-10/records/nonsense/",
    "/reports/monthly/2026-10/clubs/1/records/nonsense/", "/reports/people/999999/",
])
def test_a_malformed_address_is_not_found(client, report, url):
    client.force_login(report.owner.user)
    assert client.get(url).status_code == 404


def test_an_unknown_format_shows_the_page(client, report):
    client.force_login(report.owner.user)
    response = client.get("/reports/monthly/2026-10/", {"format": "exe"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")


def test_the_navigation_shows_the_report_to_the_owner_and_store_managers(client, report):
    for person, shown in ((report.owner, True), (report.store_manager, True), (report.dept_manager, False),
                          (report.technician, False)):
        client.force_login(person.user)
        assert ('href="/reports/monthly/"' in client.get("/").content.decode()) is shown, person


def test_the_person_page_links_to_the_scorecard(client, report):
    client.force_login(report.supervisor_a.user)
    page = client.get(f"/people/{report.technician.pk}/").content.decode()
    assert f'href="/reports/people/{report.technician.pk}/"' in page
