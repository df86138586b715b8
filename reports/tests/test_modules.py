"""Training and meetings in the report: their figures, a late change rebuilding the month, their records."""

import datetime

import pytest

from meetings import services as meeting_services
from reports import sources
from reports.figures import value_at
from reports.models import MonthlySnapshot
from staff.models import Club

from .modules import EXPECTED_TRAINING_CLUB1, EXPECTED_WINNERS_CLUB1, build_modules

REAL = {name: getattr(sources, name) for name in ("_training_figures", "_meeting_figures", "_person_training")}
CLUB_URL = "/reports/monthly/2026-10/clubs/{}/"


@pytest.fixture
def october(world, monkeypatch):
    for name, function in REAL.items():  # the real modules, not the conftest's "not there"
        monkeypatch.setattr(sources, name, function)
    world.records = build_modules(world)
    return world


def beat(*clubs):
    """What beat does before the reader comes: build the month's snapshots, rebuild the stale ones."""
    from reports.tasks import build_snapshots

    build_snapshots([c.pk for c in clubs] or list(Club.objects.values_list("pk", flat=True)), "2026-10")


def club_json(client, club):
    beat(club)
    response = client.get(CLUB_URL.format(club.pk), {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_the_sections_count_the_months_training_and_meetings(client, october):
    client.force_login(october.owner.user)
    figures = club_json(client, october.club1)["figures"]
    assert {k: value_at(figures, k) for k in EXPECTED_TRAINING_CLUB1} == EXPECTED_TRAINING_CLUB1
    assert [(c["competition"], c["winners"]) for c in figures["training"]["competition_winners"]] == \
        EXPECTED_WINNERS_CLUB1
    two = club_json(client, october.club2)["figures"]["training"]
    assert [(c["competition"], c["winners"]) for c in two["competition_winners"]] == [("Chain contest", ["Tech Two"])]


# --- A late change rebuilds the month -------------------------------------------------------------------


def snapshot_of(club):
    return MonthlySnapshot.objects.get(club=club, month=datetime.date(2026, 10, 1))


def test_a_late_training_edit_rebuilds_the_month(client, october):
    client.force_login(october.owner.user)
    assert club_json(client, october.club1)["figures"]["training"]["assessments_passed"] == 2
    club_json(client, october.club2)
    before = snapshot_of(october.club1)

    attempt = october.records["attempt_a2"]  # marked again after the month was over
    attempt.passed = True
    attempt.save()

    data = club_json(client, october.club1)
    after = snapshot_of(october.club1)
    assert after.builds == 2 and after.built_at > before.built_at
    assert data["built_at"] == after.built_at.isoformat()
    assert data["figures"]["training"]["assessments_passed"] == 3
    assert data["figures"]["training"]["by_topic"]["technique"]["passed"] == 2
    club_json(client, october.club2)
    assert snapshot_of(october.club2).builds == 1  # the other club's month was not touched


def test_a_late_session_attendance_edit_rebuilds_the_month(client, october):
    client.force_login(october.owner.user)
    assert club_json(client, october.club1)["figures"]["training"]["absent"] == 1
    row = october.records["session"].attendance.get(status="absent")
    row.status = "present"
    row.save()
    training = club_json(client, october.club1)["figures"]["training"]
    assert (training["present"], training["absent"]) == (3, 0)
    assert snapshot_of(october.club1).builds == 2


def test_a_late_action_item_edit_rebuilds_the_month(client, october):
    client.force_login(october.owner.user)
    meetings = club_json(client, october.club1)["figures"]["meetings"]
    assert (meetings["action_items_done"], meetings["action_items_overdue"]) == (1, 1)

    meeting_services.action_item_update(item=october.records["overdue_item"], by=october.customer_manager,
                                        status="done", note="", now=datetime.datetime(2026, 11, 3, 8, tzinfo=datetime.UTC))

    meetings = club_json(client, october.club1)["figures"]["meetings"]
    assert (meetings["action_items_done"], meetings["action_items_overdue"]) == (2, 0)
    assert snapshot_of(october.club1).builds == 2
    page = client.get(CLUB_URL.format(october.club1.pk)).content.decode()
    assert "Built again after records of the month changed." in page


def test_a_late_change_to_a_chain_wide_competition_rebuilds_every_club(client, october):
    client.force_login(october.owner.user)
    beat()
    contest = october.records["chain_contest"]
    contest.name = "Chain contest, autumn"
    contest.save()
    live = client.get("/reports/monthly/2026-10/", {"format": "json"}).json()
    assert live["live"] is True  # at once: computed from the records
    beat()
    chain = client.get("/reports/monthly/2026-10/", {"format": "json"}).json()
    assert chain["figures"] == live["figures"]
    names = {c["competition"] for c in chain["figures"]["training"]["competition_winners"]}
    assert names == {"Club PK", "Chain contest, autumn"}
    assert snapshot_of(october.club1).builds == 2 and snapshot_of(october.club2).builds == 2


def test_training_changes_in_another_month_leave_it_alone(client, october):
    client.force_login(october.owner.user)
    club_json(client, october.club1)
    november = october.records["session"].plan.sessions.get(date=datetime.date(2026, 11, 5))
    november.subject = "Moved topic"
    november.save()
    club_json(client, october.club1)
    assert snapshot_of(october.club1).builds == 1


# --- The records behind each figure ---------------------------------------------------------------------

# (drill-down figure with its filter, the figure of the JSON it lists)
DRILLS = [
    ("training_sessions", "training.sessions_held"),
    ("training_attendance?status=present", "training.present"),
    ("training_attendance?status=late", "training.late"),
    ("training_attendance?status=absent", "training.absent"),
    ("assessments", "training.assessments_taken"),
    ("assessments?result=passed", "training.assessments_passed"),
    ("assessments?topic=technique", "training.by_topic.technique.taken"),
    ("assessments?topic=technique&result=passed", "training.by_topic.technique.passed"),
    ("assessments?topic=theory&result=passed", "training.by_topic.theory.passed"),
    ("levels", "training.levels_gained"),
    ("rewards", "training.rewards"),
    ("penalties", "training.penalties"),
    ("meetings", "meetings.meetings_scheduled"),
    ("meetings?status=held", "meetings.meetings_held"),
    ("meetings?status=cancelled", "meetings.meetings_cancelled"),
    ("action_items", "meetings.action_items_raised"),
    ("action_items?status=done", "meetings.action_items_done"),
    ("action_items?status=open", "meetings.action_items_open"),
    ("action_items?state=overdue", "meetings.action_items_overdue"),
]


def counts(client, base):
    listed = {}
    for drill, _key in DRILLS:
        figure, _sep, query = drill.partition("?")
        response = client.get(f"{base}records/{figure}/" + (f"?{query}" if query else ""))
        assert response.status_code == 200, drill
        listed[drill] = response.context["count"]
    return listed


def winners(training):
    return sum(len(c["winners"]) for c in training["competition_winners"])


@pytest.mark.parametrize("scope", ["club", "chain"])
def test_each_figure_lists_as_many_records_as_it_says(client, october, scope):
    client.force_login(october.owner.user)
    base = CLUB_URL.format(october.club1.pk) if scope == "club" else "/reports/monthly/2026-10/"
    figures = client.get(base, {"format": "json"}).json()["figures"]
    expected = {drill: value_at(figures, key) for drill, key in DRILLS}
    assert counts(client, base) == expected
    if scope == "club":  # the hand-worked answers, not only agreement with the JSON
        assert expected["assessments?result=passed"] == 2 and expected["action_items?state=overdue"] == 1
    first = client.get(f"{base}records/competitions/", {"result": "winners"})
    assert first.context["count"] == winners(figures["training"]) == (2 if scope == "club" else 3)
    assert client.get(f"{base}records/competitions/").context["count"] == (4 if scope == "club" else 5)


def test_the_rows_are_the_records_of_the_figure(client, october):
    client.force_login(october.owner.user)
    base = CLUB_URL.format(october.club1.pk)
    page = client.get(f"{base}records/assessments/", {"result": "passed", "topic": "technique"}).content.decode()
    assert "Tech A1" in page and "Tech A2" not in page and "Tech B1" not in page  # B1 passed in September
    page = client.get(f"{base}records/action_items/", {"state": "overdue"}).content.decode()
    assert "Late one" in page and "Next month" not in page and "Done one" not in page
    page = client.get(f"{base}records/competitions/", {"result": "winners"}).content.decode()
    assert "Tech A2" in page and "Tech A1" in page and "Tech B1" not in page and "Tech Two" not in page


def test_the_page_links_training_and_meetings_figures_to_their_records(client, october):
    client.force_login(october.owner.user)
    content = client.get(CLUB_URL.format(october.club1.pk)).content.decode()
    base = CLUB_URL.format(october.club1.pk)
    for link in (f"{base}records/training_sessions/", f"{base}records/assessments/?result=passed",
                 f"{base}records/levels/", f"{base}records/rewards/", f"{base}records/penalties/",
                 f"{base}records/meetings/?status=held", f"{base}records/action_items/?state=overdue",
                 f"{base}records/action_items/?status=done", f"{base}records/assessments/?topic=technique",
                 f"{base}records/competitions/?competition={october.records['chain_contest'].pk}"):
        assert f'href="{link.replace("&", "&amp;")}"' in content, link
    assert 'data-records="training.sessions_held"' in content
    assert 'data-records="meetings.action_items_overdue"' in content


def test_the_records_follow_the_reports_access_rule(client, october):
    base1 = CLUB_URL.format(october.club1.pk)
    base2 = CLUB_URL.format(october.club2.pk)
    client.force_login(october.store_manager.user)
    assert client.get(f"{base1}records/assessments/").context["count"] == 3
    for figure in ("assessments", "meetings", "competitions", "rewards"):
        assert client.get(f"{base2}records/{figure}/").status_code == 404, figure
    # The store manager's "chain" link is their own club: club 2's entrant of the chain-wide contest is not listed.
    page = client.get("/reports/monthly/2026-10/records/competitions/")
    assert page.context["count"] == 4 and "Tech Two" not in page.content.decode()
    client.force_login(october.supervisor_a.user)
    assert client.get(f"{base1}records/assessments/").status_code == 403
    client.force_login(october.store_manager_2.user)
    assert client.get(f"{base1}records/levels/").status_code == 404
    assert client.get(f"{base2}records/levels/").context["count"] == 0


def test_the_spreadsheet_lists_the_training_and_meetings_records(client, october):
    import io

    from openpyxl import load_workbook

    client.force_login(october.owner.user)
    content = client.get(CLUB_URL.format(october.club1.pk), {"format": "xlsx"}).content
    book = load_workbook(io.BytesIO(content))
    # One sheet per kind of record, a header row and then one row per record.
    results = [[c.value for c in row] for row in book["Assessment results"].iter_rows()]
    names = [row[results[0].index("Name")] for row in results[1:]] if "Name" in results[0] else [
        value for row in results[1:] for value in row if value in ("Tech A1", "Tech A2")]
    assert sorted(names) == ["Tech A1", "Tech A1", "Tech A2"]
    assert [row[2] for row in book["Meetings"].iter_rows(values_only=True)][1] == "Marketing daily"
    actions = [[c.value for c in row] for row in book["Action items raised"].iter_rows()]
    titles = [value for row in actions for value in row if value in ("Done one", "Late one", "Next month")]
    assert len(titles) == 3


def test_the_scorecard_lists_a_persons_own_training_records(client, october):
    client.force_login(october.owner.user)
    base = f"/reports/people/{october.technician.pk}/2026-10/"
    assert client.get(base + "assessments/").context["count"] == 2
    assert client.get(base + "rewards/").context["count"] == 1
    assert client.get(base + "competitions/", {"result": "winners"}).context["count"] == 1  # the chain contest
    assert client.get(f"/reports/people/{october.technician_a2.pk}/2026-10/levels/").context["count"] == 0


def test_a_meeting_added_by_hand_counts_in_the_month_of_its_local_day(client, october):
    """No series date: its day is the day it starts in the club's time zone (Asia/Shanghai, UTC+8)."""
    import zoneinfo

    zone = zoneinfo.ZoneInfo(october.club1.time_zone)
    series = october.records["daily_series"]

    def add(local):
        return meeting_services.meeting_add(series=series, by=october.marketing, starts_at=local, duration_minutes=30,
                                            place="", title="Extra", agenda="")

    add(datetime.datetime(2026, 10, 31, 23, 30, tzinfo=zone))  # 15:30 UTC on the 31st: October
    add(datetime.datetime(2026, 11, 1, 0, 30, tzinfo=zone))    # 16:30 UTC on 31 October, but November locally
    client.force_login(october.owner.user)
    meetings = club_json(client, october.club1)["figures"]["meetings"]
    assert meetings["meetings_scheduled"] == 5 + 1


def test_the_training_section_shows_figures_not_the_clubs_id(client, october):
    """The module's section carries its club's id; it is not a figure (the chain would add the ids up)."""
    client.force_login(october.owner.user)
    for url in (CLUB_URL.format(october.club1.pk), "/reports/monthly/2026-10/"):
        page = client.get(url).content.decode()
        assert "Club id" not in page and "club_id" not in page
