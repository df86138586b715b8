"""Service quality: spot checks scored 1–5 per criterion with averages, and customer praise and complaints."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from attendance.selectors.quality import criteria_for
from attendance.services import quality as services
from attendance.models import CustomerFeedback, ServiceCheck, ServiceCheckScore
from tests.factories import PersonFactory

from .conftest import in_language, input_value, is_checked, messages_of, selected_value, set_language, shows

QUALITY = reverse("attendance:quality")
CHECK = reverse("attendance:quality_check")
FEEDBACK = reverse("attendance:quality_feedback")


def today(world):
    return timezone.localdate(timezone=world.club1.zone)


def scores_body(criteria, scores):
    return {f"score_{c.pk}": str(s) for c, s in zip(criteria, scores) if s is not None}


def test_a_supervisor_records_a_spot_check_and_sees_its_average(world, criteria, client_as):
    client = client_as(world.supervisor_a)
    data = {"technician": world.technician.pk, "date": today(world).isoformat(), "note": "Good pressure",
            **scores_body(criteria, [5, 4, 3, None, 4])}

    response = client.post(CHECK, data)

    assert response.status_code == 302
    assert response.url == f"{QUALITY}?person={world.technician.pk}"
    check = ServiceCheck.objects.get()
    assert (check.technician, check.checked_by, check.club, check.note) == (
        world.technician, world.supervisor_a, world.club1, "Good pressure")
    assert sorted(check.scores.values_list("criterion__key", "score")) == [
        ("pressure", 4), ("punctuality", 4), ("script", 3), ("technique", 5)]
    assert ServiceCheck.objects.with_average().get().average == 4.0
    page = client.get(response.url)
    assert messages_of(page) == ["The check of Tech A1 was saved."]
    assert [row.average for row in page.context["summary"]] == [4.0]
    assert shows(page, "average 4.0")
    assert shows(page, "Technique 5 · Pressure and rhythm 4 · Service script 3 · Punctuality of the service 4")


def test_a_check_needs_at_least_one_score_in_the_users_language_and_keeps_what_was_typed(world, criteria, client_as):
    set_language(world.supervisor_a, "zh-hans")

    response = client_as(world.supervisor_a).post(
        CHECK, {"technician": world.technician_a2.pk, "date": today(world).isoformat(), "note": "Watched the foot bath"}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        in_language("zh-hans", _("Give at least one score (1 = poor, 5 = excellent)."))
    ]
    assert selected_value(response, "technician") == str(world.technician_a2.pk)
    assert "Watched the foot bath" in response.content.decode()
    assert not ServiceCheck.objects.exists()


def test_a_low_score_needs_a_note_and_the_scores_stay_ticked(world, criteria, client_as):
    response = client_as(world.supervisor_a).post(
        CHECK, {"technician": world.technician.pk, "date": today(world).isoformat(), **scores_body(criteria, [2, 5])}
    )

    assert response.context["form"].errors["note"] == ["Say what to improve: a score of 2 or lower needs a note."]
    assert is_checked(response, f"score_{criteria[0].pk}", 2)
    assert is_checked(response, f"score_{criteria[1].pk}", 5)
    assert not is_checked(response, f"score_{criteria[2].pk}", 3)
    assert not ServiceCheck.objects.exists()


def test_a_score_outside_1_to_5_is_refused_by_the_form_and_by_the_database(world, criteria, client_as):
    response = client_as(world.supervisor_a).post(
        CHECK, {"technician": world.technician.pk, "date": today(world).isoformat(), f"score_{criteria[0].pk}": "6"}
    )
    check = ServiceCheck.objects.create(club=world.club1, technician=world.technician, date=today(world))

    assert response.context["form"].errors[f"score_{criteria[0].pk}"]
    for bad in (0, 6):
        with pytest.raises(IntegrityError), transaction.atomic():
            ServiceCheckScore.objects.create(check_record=check, criterion=criteria[0], score=bad)


def test_a_check_cannot_be_for_a_day_that_has_not_come(world, criteria, client_as):
    tomorrow = today(world) + datetime.timedelta(days=1)

    response = client_as(world.supervisor_a).post(
        CHECK, {"technician": world.technician.pk, "date": tomorrow.isoformat(), **scores_body(criteria, [4])}
    )

    assert response.context["form"].errors["date"] == ["This day has not come yet."]
    assert input_value(response, "date") == tomorrow.isoformat()


def test_supervisor_b_cannot_check_or_record_feedback_for_team_a(world, criteria, client_as):
    client = client_as(world.supervisor_b)

    check = client.post(CHECK, {"technician": world.technician.pk, "date": today(world).isoformat(),
                                **scores_body(criteria, [1, 1, 1, 1, 1]), "note": "Bad"})
    feedback = client.post(FEEDBACK, {"technician": world.technician.pk, "date": today(world).isoformat(),
                                      "kind": "complaint", "said": "Rude", "action": "Talked"})

    assert check.context["form"].errors["technician"] == [
        "Choose a technician you look after; this one is not in your list."
    ]
    assert feedback.context["form"].errors["technician"]
    assert not ServiceCheck.objects.exists() and not CustomerFeedback.objects.exists()
    assert client.get(QUALITY, {"person": world.technician.pk}).status_code == 403


def test_praise_is_saved_and_a_complaint_needs_what_was_done(world, criteria, client_as):
    set_language(world.dept_manager, "zh-hant")
    client = client_as(world.dept_manager)
    day = today(world).isoformat()

    praise = client.post(FEEDBACK, {"technician": world.technician_b.pk, "date": day, "kind": "praise",
                                    "said": "Best foot massage in town"})
    complaint = client.post(FEEDBACK, {"technician": world.technician.pk, "date": day, "kind": "complaint",
                                       "said": "Pressed too hard", "action": "  "})

    assert praise.status_code == 302
    saved = CustomerFeedback.objects.get()
    assert (saved.technician, saved.kind, saved.recorded_by, saved.club) == (
        world.technician_b, "praise", world.dept_manager, world.club1)
    assert complaint.status_code == 200
    assert complaint.context["form"].errors["action"] == [
        in_language("zh-hant", _("Say what was done about the complaint."))
    ]
    assert "Pressed too hard" in complaint.content.decode()
    assert is_checked(complaint, "kind", "complaint")
    assert CustomerFeedback.objects.count() == 1


def test_the_database_refuses_a_complaint_without_what_was_done(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        CustomerFeedback.objects.create(club=world.club1, technician=world.technician, date=today(world),
                                        kind="complaint", said="Late")


def _record(world, technician, scores, *, days_ago=0, by=None):
    criteria = criteria_for(world.club1)
    return services.record_check(
        club=world.club1, technician=technician, date=today(world) - datetime.timedelta(days=days_ago),
        scores=dict(zip(criteria, scores)), note="", by=by or world.supervisor_a,
    )


def test_the_quality_page_shows_each_technicians_averages_and_feedback(world, criteria, client_as):
    _record(world, world.technician, [5, 5, 5, 5, 5])
    _record(world, world.technician, [3, 3, 3, 3, 3], days_ago=2)
    _record(world, world.technician_b, [2, 2], by=world.supervisor_b)
    _record(world, world.technician, [1, 1, 1, 1, 1], days_ago=200)  # outside the summary's 90 days
    CustomerFeedback.objects.create(club=world.club1, technician=world.technician, date=today(world), kind="complaint",
                                    said="Too fast", action="Apologised")

    response = client_as(world.store_manager).get(QUALITY)

    rows = {row.person.name: row for row in response.context["summary"]}
    assert (rows["Tech A1"].checks, rows["Tech A1"].average, rows["Tech A1"].complaints) == (2, 4.0, 1)
    assert (rows["Tech B1"].checks, rows["Tech B1"].average) == (1, 2.0)
    assert (rows["Tech A2"].checks, rows["Tech A2"].average) == (0, None)
    assert len(response.context["checks"]) == 4
    assert shows(response, "The customer said: Too fast")
    supervisor_page = client_as(world.supervisor_a).get(QUALITY)
    assert [row.person.name for row in supervisor_page.context["summary"]] == ["Tech A1", "Tech A2"]
    assert {c.technician.name for c in supervisor_page.context["checks"]} == {"Tech A1"}


def test_one_persons_checks_and_feedback_are_reachable_with_person(world, criteria, client_as):
    _record(world, world.technician, [4])
    _record(world, world.technician_a2, [2])
    client = client_as(world.supervisor_a)

    response = client.get(QUALITY, {"person": world.technician_a2.pk})

    assert [c.technician.name for c in response.context["checks"]] == ["Tech A2"]
    assert [row.person.name for row in response.context["summary"]] == ["Tech A2"]
    assert f'href="{QUALITY}?person={world.technician_a2.pk}"' in client.get(QUALITY).content.decode()
    assert f'{CHECK}?person={world.technician_a2.pk}' in response.content.decode()
    preselected = client.get(CHECK, {"person": world.technician_a2.pk})
    assert selected_value(preselected, "technician") == str(world.technician_a2.pk)


def test_a_technician_sees_only_their_own_checks_and_records_nothing(world, criteria, client_as):
    _record(world, world.technician, [4])
    _record(world, world.technician_a2, [2])
    client = client_as(world.technician)

    response = client.get(QUALITY)

    assert [c.technician.name for c in response.context["checks"]] == ["Tech A1"]
    assert not shows(response, "New spot check")
    assert client.get(QUALITY, {"person": world.technician_a2.pk}).status_code == 403
    assert client.get(CHECK).status_code == 403
    assert client.post(FEEDBACK, {"technician": world.technician.pk, "date": today(world).isoformat(),
                                  "kind": "praise", "said": "Me"}).status_code == 403


def test_club_two_sees_nothing_of_club_one(world, criteria, client_as):
    _record(world, world.technician, [4])
    client = client_as(world.store_manager_2)

    response = client.get(QUALITY)

    assert list(response.context["checks"]) == []
    assert not shows(response, "Tech A1")
    assert client.get(QUALITY, {"person": world.technician.pk}).status_code == 404
    assert client.get(QUALITY, {"club": world.club1.pk}).status_code == 404


def test_every_score_keeps_who_gave_it_and_when(world, criteria, client_as):
    client_as(world.supervisor_a).post(CHECK, {"technician": world.technician.pk, "date": today(world).isoformat(),
                                               **scores_body(criteria, [4, 3])})

    assert {h.history_user for h in ServiceCheckScore.history.all()} == {world.supervisor_a.user}
    assert ServiceCheck.history.get().history_user == world.supervisor_a.user


def test_the_quality_page_takes_as_many_queries_for_many_records_as_for_few(
    world, criteria, client_as, django_assert_max_num_queries
):
    client = client_as(world.store_manager)
    _record(world, world.technician, [4, 4])
    CustomerFeedback.objects.create(club=world.club1, technician=world.technician, date=today(world), kind="praise",
                                    said="Nice")
    with CaptureQueriesContext(connection) as few:
        client.get(QUALITY)
    few = len(few)
    for n in range(12):
        tech = PersonFactory(club=world.club1, department=world.team_b.department, team=world.team_b)
        _record(world, tech, [n % 5 + 1, 3, 4, 5, 2], days_ago=n)
        CustomerFeedback.objects.create(club=world.club1, technician=tech, date=today(world), kind="complaint",
                                        said="Meh", action="Talked")

    with django_assert_max_num_queries(few):
        response = client.get(QUALITY)

    assert len(response.context["checks"]) == 13
    assert len(response.context["summary"]) == 15


def test_the_top_menu_offers_the_floor_pages_to_those_who_may_open_them(world, client_as):
    def menu(persona):
        items = client_as(persona).get(reverse("home")).context["nav_items"]
        return [str(label) for item in items for label, _url in item.get("children", [(item["label"], item.get("url"))])]

    assert {"Area hygiene", "Consumables", "Service quality"} <= set(menu(world.supervisor_b))
    assert "Service quality" in menu(world.technician) and "Area hygiene" not in menu(world.technician)
    assert not {"Area hygiene", "Consumables", "Service quality"} & set(menu(world.marketing))


def test_a_check_in_a_locked_month_needs_the_store_manager_and_a_reason(world, criteria, client_as):
    from attendance.models import MonthLock

    day = today(world).replace(day=1) - datetime.timedelta(days=2)
    MonthLock.objects.create(club=world.club1, month=day.replace(day=1), locked_by=world.store_manager)
    data = {"technician": world.technician.pk, "date": day.isoformat(), **scores_body(criteria, [4, 4])}

    supervisor = client_as(world.supervisor_a).post(CHECK, data)
    no_reason = client_as(world.store_manager).post(CHECK, data)
    with_reason = client_as(world.store_manager).post(CHECK, {**data, "lock_reason": "Found the paper sheet"})

    assert supervisor.context["form"].errors["date"] == [
        f"{day:%Y-%m} is locked: only the store manager can change it, with a reason."]
    assert no_reason.context["form"].errors["date"] == ["This month is locked: give a reason for the change."]
    assert input_value(no_reason, "lock_reason") == ""
    assert with_reason.status_code == 302
    assert ServiceCheck.history.get().history_change_reason == "Found the paper sheet"
