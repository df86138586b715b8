"""Every URL pattern, as every persona, against one policy table.

The table says, for each URL name and the object it is opened on, which status each
persona gets. A URL pattern that is not in the table fails ``test_every_url_is_in_the_policy``,
so a new page cannot ship without a decision about who may open it.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from staff.models import Person

PRODUCT_APPS = ["staff", "attendance", "duties", "training", "meetings"]

PERSONAS = [
    "anonymous", "left", "technician", "customer_manager", "supervisor_a", "supervisor_b",
    "marketing", "care_manager", "tech_manager", "dept_manager",
    "store_manager", "store_manager_2", "owner",
]
HEADS = {"marketing", "care_manager", "tech_manager", "dept_manager"}
SIGNED_OUT = {"anonymous": 302, "left": 302}


def expect(default, **overrides):
    """Statuses for every persona: signed-out people are sent to sign in unless said otherwise."""
    table = {persona: default for persona in PERSONAS}
    table.update(SIGNED_OUT)
    table.update(overrides)
    return table


def club1(allowed, other_club=404, default=403, **extra):
    """An object of club 1: ``allowed`` get 200, store manager 2 gets 404, the rest of club 1 ``default``."""
    table = expect(default, store_manager_2=other_club, **extra)
    for persona in allowed:
        table[persona] = 200
    return table


def club2(allowed):
    """An object of club 2: only ``allowed`` see it; every club-1 person gets 404."""
    table = expect(404)
    for persona in allowed:
        table[persona] = 200
    return table


EVERYONE_SIGNED_IN = expect(200)
MANAGERS = ["owner", "store_manager", "store_manager_2", *HEADS]
# Who keeps the floor's hygiene, consumables and service-quality records (staff.access.may_keep_floor_records).
FLOOR_KEEPERS = ["owner", "store_manager", "store_manager_2", "care_manager", "tech_manager", "dept_manager",
                 "supervisor_a", "supervisor_b"]

# (url name, target) -> statuses. Target names an object from ``targets`` below, or None.
POLICY = {
    ("home", None): EVERYONE_SIGNED_IN,
    ("healthz", None): expect(200, anonymous=200, left=200),
    ("set_language", None): expect(405, anonymous=405, left=405),
    ("login", None): expect(302, anonymous=200, left=200),
    ("logout", None): expect(405, anonymous=405, left=405),
    ("password_change", None): EVERYONE_SIGNED_IN,
    ("password_change_done", None): EVERYONE_SIGNED_IN,
    ("staff:club_list", None): expect(403, **{p: 200 for p in MANAGERS}),
    ("staff:club_detail", "club1"): club1(["owner", "store_manager", *HEADS]),
    ("staff:club_detail", "club2"): club2(["owner", "store_manager_2"]),
    ("staff:team_detail", "team_a"): club1(["owner", "store_manager", "supervisor_a", "care_manager", "tech_manager", "dept_manager"]),
    ("staff:team_detail", "team_2"): club2(["owner", "store_manager_2"]),
    ("staff:person_list", None): expect(403, **{p: 200 for p in [*MANAGERS, "supervisor_a", "supervisor_b"]}),
    ("staff:person_add", None): expect(403, owner=200, store_manager=200, store_manager_2=200),
    ("staff:person_detail", "technician"): club1(
        ["owner", "store_manager", "supervisor_a", "care_manager", "tech_manager", "dept_manager", "technician"]
    ),
    ("staff:person_detail", "technician_2"): club2(["owner", "store_manager_2"]),
    ("staff:person_edit", "technician"): club1(["owner", "store_manager"]),
    ("staff:person_edit", "technician_2"): club2(["owner", "store_manager_2"]),
    ("staff:person_deactivate", "technician"): club1(["owner", "store_manager"]),
    ("staff:person_deactivate", "technician_2"): club2(["owner", "store_manager_2"]),
    ("staff:person_login", "technician"): club1(["owner", "store_manager"]),
    ("staff:person_login", "technician_2"): club2(["owner", "store_manager_2"]),
    ("staff:person_move", "technician"): club1(["owner", "store_manager", "tech_manager", "dept_manager"]),
    ("staff:person_move", "technician_2"): club2(["owner", "store_manager_2"]),
    ("attendance:team_day", None): expect(403, **{p: 200 for p in [
        "owner", "store_manager", "store_manager_2", "marketing", "care_manager", "tech_manager", "dept_manager",
        "supervisor_a", "supervisor_b"]}),
    ("attendance:team_day", "?team_a"): club1(
        ["owner", "store_manager", "supervisor_a", "care_manager", "tech_manager", "dept_manager"]
    ),
    ("attendance:team_day", "?team_2"): club2(["owner", "store_manager_2"]),
    ("attendance:check_in", None): expect(405),
    # --- training
    # --- meetings
    # --- duties
    ("duties:my_checklists", None): EVERYONE_SIGNED_IN,
    ("duties:item_tick", "item_a"): expect(405),
    ("duties:review", None): expect(200, technician=403, customer_manager=403),
    ("duties:checklist_detail", "checklist_a"): club1(
        ["owner", "store_manager", "supervisor_a", "care_manager", "tech_manager", "dept_manager"]
    ),
    ("duties:catalogue", None): expect(403, **{p: 200 for p in MANAGERS}),
    ("duties:duty_edit", "duty_1"): club1(["owner", "store_manager"]),
    ("duties:duty_edit", "duty_2"): club2(["owner", "store_manager_2"]),
    ("duties:duty_move", "duty_1"): expect(405),
    ("duties:duty_retire", "duty_1"): expect(405),
    # --- attendance: roster, shifts, holidays
    ("attendance:shift_list", None): expect(403, **{p: 200 for p in MANAGERS}),
    ("attendance:shift_edit", "shift_1"): club1(["owner", "store_manager"]),
    ("attendance:shift_edit", "shift_2"): club2(["owner", "store_manager_2"]),
    ("attendance:roster_week", None): expect(403, **{p: 200 for p in [
        "owner", "store_manager", "store_manager_2", "marketing", "care_manager", "tech_manager", "dept_manager",
        "supervisor_a", "supervisor_b"]}),
    ("attendance:roster_week", "?team_a"): club1(
        ["owner", "store_manager", "supervisor_a", "care_manager", "tech_manager", "dept_manager"]
    ),
    ("attendance:roster_week", "?team_2"): club2(["owner", "store_manager_2"]),
    ("attendance:holiday_list", None): expect(403, **{p: 200 for p in MANAGERS}),
    ("attendance:holiday_delete", "holiday_1"): expect(405),
    ("attendance:holiday_delete", "holiday_2"): expect(405),
    ("attendance:policy_edit", None): expect(403, owner=200, store_manager=200, store_manager_2=200),
    # --- attendance: hygiene, consumables, service quality
    ("attendance:hygiene_day", None): expect(403, **{p: 200 for p in FLOOR_KEEPERS}),
    ("attendance:area_list", None): expect(403, owner=200, store_manager=200, store_manager_2=200),
    ("attendance:area_add", None): expect(403, owner=200, store_manager=200, store_manager_2=200),
    ("attendance:area_edit", "area_1"): club1(["owner", "store_manager"]),
    ("attendance:area_edit", "area_2"): club2(["owner", "store_manager_2"]),
    ("attendance:consumable_list", None): expect(403, **{p: 200 for p in FLOOR_KEEPERS}),
    ("attendance:consumable_receive", None): expect(403, **{p: 200 for p in [
        "owner", "store_manager", "store_manager_2", "care_manager", "tech_manager", "dept_manager"]}),
    ("attendance:consumable_issue", None): expect(403, **{p: 200 for p in FLOOR_KEEPERS}),
    ("attendance:consumable_item_add", None): expect(403, owner=200, store_manager=200, store_manager_2=200),
    ("attendance:consumable_item_edit", "consumable_1"): club1(["owner", "store_manager"]),
    ("attendance:consumable_item_edit", "consumable_2"): club2(["owner", "store_manager_2"]),
    ("attendance:consumable_issues", None): expect(403, **{p: 200 for p in FLOOR_KEEPERS}),
    ("attendance:quality", None): expect(403, **{p: 200 for p in [*FLOOR_KEEPERS, "technician"]}),
    ("attendance:quality_check", None): expect(403, **{p: 200 for p in FLOOR_KEEPERS}),
    ("attendance:quality_feedback", None): expect(403, **{p: 200 for p in FLOOR_KEEPERS}),
    # --- attendance: statistics, follow-up, month lock, notices
    ("attendance:stats_daily", None): expect(403, **{p: 200 for p in [*MANAGERS, "supervisor_a", "supervisor_b"]}),
    ("attendance:stats_daily", "?team_a"): club1(
        ["owner", "store_manager", "supervisor_a", "care_manager", "tech_manager", "dept_manager"]),
    ("attendance:stats_daily", "?team_2"): club2(["owner", "store_manager_2"]),
    ("attendance:stats_monthly", None): expect(403, **{p: 200 for p in [*MANAGERS, "supervisor_a", "supervisor_b"]}),
    ("attendance:stats_monthly", "?team_a"): club1(
        ["owner", "store_manager", "supervisor_a", "care_manager", "tech_manager", "dept_manager"]),
    ("attendance:stats_monthly", "?team_2"): club2(["owner", "store_manager_2"]),
    ("attendance:followup", None): expect(403, **{p: 200 for p in [*MANAGERS, "supervisor_a", "supervisor_b"]}),
    ("attendance:followup", "?team_a"): club1(
        ["owner", "store_manager", "supervisor_a", "care_manager", "tech_manager", "dept_manager"]),
    ("attendance:followup", "?team_2"): club2(["owner", "store_manager_2"]),
    ("attendance:followup_talk", "technician"): club1(
        ["owner", "store_manager", "care_manager", "tech_manager", "dept_manager"]),
    ("attendance:followup_talk", "technician_2"): club2(["owner", "store_manager_2"]),
    ("attendance:month_lock", None): expect(403, owner=200, store_manager=200, store_manager_2=200),
    ("attendance:notices", None): EVERYONE_SIGNED_IN,
}

# Where a POST is decided differently from a GET (e.g. everyone may read a list, few may add to
# it; or a URL that takes only POST). OK (or 200) marks a permitted POST; others are the refusal status.
OK = "ok"
POST_POLICY = {
    # --- POST policy: training
    # --- POST policy: meetings
    ("duties:item_tick", "item_a"): club1(["supervisor_a"]),
    ("duties:checklist_detail", "checklist_a"): club1(
        ["owner", "store_manager", "care_manager", "tech_manager", "dept_manager"]
    ),
    ("duties:catalogue", None): expect(403, owner=OK, store_manager=OK, store_manager_2=OK),
    ("duties:duty_move", "duty_1"): club1(["owner", "store_manager"]),
    ("duties:duty_retire", "duty_1"): club1(["owner", "store_manager"]),
    ("attendance:check_in", None): expect(OK),
    ("attendance:shift_list", None): expect(403, owner=OK, store_manager=OK, store_manager_2=OK),
    ("attendance:holiday_list", None): expect(403, owner=OK, store_manager=OK, store_manager_2=OK),
    ("attendance:holiday_delete", "holiday_1"): club1(["owner", "store_manager"]),
    ("attendance:holiday_delete", "holiday_2"): club2(["owner", "store_manager_2"]),
}

# Django's admin is one decision: staff users only (in the demo, the owner). Its URLs
# are checked through a few representative pages.
ADMIN_NAMESPACE = "admin"
ADMIN_SAMPLES = [("admin:index", None), ("admin:staff_person_changelist", None), ("admin:staff_person_change", "technician")]
ADMIN_POLICY = expect(302, owner=200)

# A valid-looking POST body per changing URL, for the check that a refused POST changes nothing.
POST_BODIES = {
    "staff:person_add": {"name": "Intruder", "gender": "female", "hire_date": "2024-01-01", "position": "technician"},
    "staff:person_edit": {"name": "Renamed", "gender": "male", "hire_date": "2024-01-01", "position": "technician"},
    "staff:person_deactivate": {"left_on": "2024-06-01"},
    "staff:person_login": {"username": "newlogin", "password1": "Very-long-pass-123", "password2": "Very-long-pass-123"},
    "staff:person_move": {"team": "TEAM_B"},
    "attendance:team_day": {"PERSON_ROWS": "worked"},
    "attendance:check_in": {"action": "in"},
    # --- attendance: roster, shifts, holidays
    "attendance:shift_list": {"name": "Intruder shift", "start": "09:00", "end": "17:00"},
    "attendance:shift_edit": {"name": "Renamed", "start": "09:00", "end": "17:00", "is_active": "on"},
    "attendance:roster_week": {"action": "copy"},
    "attendance:holiday_list": {"date": "2026-12-25", "kind": "holiday", "name": "Intruder day"},
    "attendance:holiday_delete": {},
    "attendance:policy_edit": {"arrival_grace_minutes": "30", "leaving_grace_minutes": "30",
                               "talk_after_late_count": "9", "talk_after_absences": "9"},
    # --- POST bodies: training
    # --- POST bodies: meetings
    "duties:item_tick": {"state": "done", "note": "intruder"},
    "duties:checklist_detail": {"comment": "intruder"},
    "duties:catalogue": {"text_en": "Intruder duty", "cadence": "daily"},
    "duties:duty_edit": {"text_en": "Intruder wording", "cadence": "daily"},
    "duties:duty_move": {"direction": "down"},
    "duties:duty_retire": {"active": "0"},
    # --- POST bodies: hygiene, consumables, service quality
    "attendance:hygiene_day": {"a1-item_1": "on", "a1-note": "Intruder check"},
    "attendance:area_add": {"name": "Intruder area", "responsible": "1", "order": "1", "is_active": "on"},
    "attendance:area_edit": {"name": "Renamed area", "responsible": "1", "order": "1", "is_active": "on"},
    "attendance:consumable_receive": {"receive-item": "1", "receive-quantity": "5",
                                      "receive-received_on": "2026-01-05"},
    "attendance:consumable_issue": {"issue-item": "1", "issue-technician": "1", "issue-quantity": "1"},
    "attendance:consumable_item_add": {"name": "Intruder cream", "unit": "bottle", "low_stock_threshold": "1"},
    "attendance:consumable_item_edit": {"name": "Renamed cream", "unit": "bottle", "low_stock_threshold": "1"},
    "attendance:quality_check": {"technician": "1", "date": "2026-01-05", "score_1": "1", "note": "Intruder"},
    "attendance:quality_feedback": {"technician": "1", "date": "2026-01-05", "kind": "complaint", "said": "Intruder",
                                    "action": "None"},
    # --- POST bodies: statistics, follow-up, month lock, notices
    "attendance:followup_talk": {"held_on": "2024-01-10", "cause": "Intruder", "help_agreed": "Intruder"},
    "attendance:month_lock": {"month": "2024-01", "confirm": "on"},
    "attendance:notices": {"all": "1"},
}


def all_url_names(patterns=None, namespace=None):
    names = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace])) or None
            names += all_url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            name = entry.name or f"<unnamed {entry.pattern}>"
            names.append(f"{namespace}:{name}" if namespace else name)
    return names


def test_every_url_is_in_the_policy():
    covered = {name for name, _target in POLICY}
    missing = [
        name
        for name in all_url_names()
        if name not in covered and not name.startswith(ADMIN_NAMESPACE + ":")
    ]
    assert missing == [], f"URL patterns with no entry in the access policy: {missing}"


@pytest.fixture(autouse=True)
def floor_objects(request):
    """An area and a consumable in each club, for the pages that open one (``world`` has none of its own)."""
    if "world" not in request.fixturenames:
        return
    from attendance.models import Area, ConsumableItem

    world = request.getfixturevalue("world")
    world.targets.update({
        "area_1": Area.objects.create(club=world.club1, name="Room 1", responsible=world.technician),
        "area_2": Area.objects.create(club=world.club2, name="Room 1", responsible=world.technician_2),
        "consumable_1": ConsumableItem.objects.create(club=world.club1, name="Massage cream", unit="bottle", stock=5),
        "consumable_2": ConsumableItem.objects.create(club=world.club2, name="Massage cream", unit="bottle", stock=5),
    })


def targets(world):
    return {
        "club1": world.club1.pk,
        "club2": world.club2.pk,
        "team_a": world.team_a.pk,
        "team_2": world.team_2.pk,
        "technician": world.technician.pk,
        "technician_2": world.technician_2.pk,
        "shift_1": world.shift_1.pk,
        "shift_2": world.shift_2.pk,
        "holiday_1": world.holiday_1.pk,
        "holiday_2": world.holiday_2.pk,
        "duty_1": world.duty_1.pk,
        "duty_2": world.duty_2.pk,
        "checklist_a": world.checklist_a.pk,
        "item_a": world.item_a.pk,
        **{name: obj.pk for name, obj in world.targets.items()},
    }


def url_for(name, target, world):
    """The URL of ``name`` for ``target``: a path argument, or ``?team=<pk>`` for a "?team_x" target."""
    if target and target.startswith("?"):
        return f"{reverse(name)}?team={targets(world)[target[1:]]}"
    return reverse(name, args=[targets(world)[target]] if target else [])


def sign_in(client, world, persona):
    client.logout()
    if persona != "anonymous":
        client.force_login(getattr(world, persona).user)


def snapshot():
    """Every row of every ClubOps table (history included) and every login."""
    from django.apps import apps

    rows = []
    for label in PRODUCT_APPS:
        for model in apps.get_app_config(label).get_models():
            rows += list(model.objects.order_by("pk").values())
    users = list(get_user_model().objects.order_by("pk").values("pk", "username", "password", "is_active"))
    return rows, users


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_what_the_policy_says(client, world, persona):
    sign_in(client, world, persona)
    failures = []
    for (name, target), statuses in POLICY.items():
        response = client.get(url_for(name, target, world))
        if response.status_code != statuses[persona]:
            failures.append(f"GET {name}[{target}]: expected {statuses[persona]}, got {response.status_code}")
    for name, target in ADMIN_SAMPLES:
        response = client.get(url_for(name, target, world))
        if response.status_code != ADMIN_POLICY[persona]:
            failures.append(f"GET {name}[{target}]: expected {ADMIN_POLICY[persona]}, got {response.status_code}")
    assert failures == []


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_refused_post_changes_nothing(client, world, persona):
    sign_in(client, world, persona)
    for (name, target), statuses in POLICY.items():
        if name not in POST_BODIES:
            continue
        expected = POST_POLICY.get((name, target), statuses)[persona]
        if expected in (OK, 200):
            continue
        body = {k: (world.team_b.pk if v == "TEAM_B" else v) for k, v in POST_BODIES[name].items()}
        if "PERSON_ROWS" in body:
            body = {f"p{p.pk}-presence": "worked" for p in Person.objects.filter(position="technician")}
        before = snapshot()
        response = client.post(url_for(name, target, world), body)
        assert response.status_code == expected, f"POST {name}[{target}] as {persona}"
        assert snapshot() == before, f"POST {name}[{target}] as {persona} changed data"


def test_no_club_one_page_shows_a_club_two_name(client, world):
    """Pages a club-1 manager can open never mention people who exist only in club 2."""
    club_two_names = ["Manager Two", "Supervisor Two", "Tech Two", "Club Two", "Team Two"]
    for persona in ["store_manager", "tech_manager", "dept_manager", "supervisor_a", "technician"]:
        sign_in(client, world, persona)
        for (name, target), statuses in POLICY.items():
            if statuses[persona] != 200:
                continue
            content = client.get(url_for(name, target, world)).content.decode()
            leaked = [n for n in club_two_names if n in content]
            assert leaked == [], f"{persona} sees {leaked} on {name}[{target}]"
