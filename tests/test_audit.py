"""Every domain record's changes are kept (who, when, old → new) and managers can read them.

``test_every_domain_model_keeps_its_history`` lists every concrete model of the product apps and
fails on one without django-simple-history, unless it is in ``NO_HISTORY`` with the reason.
The rest checks the change page (``staff:record_history``) and who may open it.
"""

import ast
import pathlib

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from attendance.models import Attendance, GroomingItem, HygieneItem, MonthLock, QualityCriterion
from staff.models import Club, Holiday

PRODUCT_APPS = settings.PRODUCT_APPS

# Models without their own history, each with the reason. Keep this short and true.
NO_HISTORY = {
    "attendance.groomingfailure": "written once, with its grooming check, and never changed: a re-check is a new "
                                  "check (the next round), whose history says who checked and when",
    "staff.notice": "a reminder the jobs send to a person; only its read mark changes",
    "attendance.jobrun": "bookkeeping that a job has run for a club and a period",
    "duties.dutyversion": "append-only: an edit of a duty adds a new version, a version is never changed",
    "meetings.correction": "itself the audit record of a change to finalised minutes (who, when, why)",
    "reports.monthlysnapshot": "figures derived from records that keep their history; rebuilt when one changes",
    "reports.stalemonth": "bookkeeping of when a club's month last changed, written with the change itself",
    "reports.sectionmark": "bookkeeping of when the records of a report page's sections last changed, written with "
                           "the change itself",
    "reports.reportdelivery": "the log of report e-mails sent",
}


# Bulk writes (``QuerySet.update``, ``bulk_create``, ``bulk_update``) of models that keep a history, made
# around ``kernel.bulk`` (which adds the history rows) and simple-history's ``*_with_history``: each call
# site, by (file, model or variable, method), with the reason it needs no history row. Keep it short and true.
RAW_WRITES = {
    ("duties/counts.py", "Checklist", "update"): "a checklist's counts of its items, derived and left out of its "
        "history; recounted with each write of items, whose own history says who changed what",
    ("attendance/services/consumables.py", "ConsumableItem", "update"): "the stock moves in one conditional "
        "UPDATE (no lost count between two issues); ``_record_stock`` then saves the item, which writes its history",
    ("staff/views.py", "mine", "update"): "a person's notices (no history) marked as read",
    ("training/selectors.py", "f", "update"): "a dict of figures, not a query",
    ("training/selectors.py", "m", "update"): "a dict of figures, not a query",
    ("training/views/plans.py", "initial", "update"): "a form's initial values, not a query",
}
BULK_METHODS = {"update", "bulk_create", "bulk_update"}
# Seed data (the demo chain, the benchmark's chain): written by a command, not changed by a person.
NOT_SCANNED = ("demo", "bench")


def _root(node):
    """The name a call chain starts from: ``Item`` in ``Item.objects.filter(…).update(…)``."""
    while True:
        if isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            return node.id if isinstance(node, ast.Name) else None


def bulk_writes():
    """(file, root name, method, line) of every ``.update(``/``.bulk_create(``/``.bulk_update(`` call in the apps."""
    root = pathlib.Path(__file__).resolve().parent.parent
    for label in [*PRODUCT_APPS, "kernel", "outbox"]:
        for path in sorted((root / label).rglob("*.py")):
            rel = path.relative_to(root)
            if {"tests", "migrations", "management"} & set(rel.parts) or rel.stem.startswith(NOT_SCANNED):
                continue
            if rel.as_posix() in ("kernel/bulk.py", "kernel/history.py"):
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr in BULK_METHODS):
                    continue
                if node.func.attr == "update" and node.args and not node.keywords:
                    continue  # dict.update(other): a query's update takes keywords only
                yield rel.as_posix(), _root(node.func.value), node.func.attr, node.lineno


def test_every_bulk_write_keeps_its_history_or_says_why_not():
    """A bulk write skips ``save()``, so django-simple-history never hears of it: it goes through
    ``kernel.bulk`` (which adds the history rows), or is listed in ``RAW_WRITES`` with the reason."""
    with_history = {m.__name__ for m in domain_models() if hasattr(m, "history")}
    without = {m.__name__ for m in domain_models() if not hasattr(m, "history")}
    unlisted = []
    for path, name, method, line in bulk_writes():
        if name == "bulk" or name in without or (path, name, method) in RAW_WRITES:
            continue
        if name in with_history or (name and name[0].islower()):
            unlisted.append(f"{path}:{line} {name}….{method}(")
    assert unlisted == [], "bulk writes that leave no history (use kernel.bulk, or list them with a reason):\n" + \
        "\n".join(unlisted)


def test_the_listed_bulk_writes_are_still_there():
    found = {(path, name, method) for path, name, method, _line in bulk_writes()}
    assert [key for key in RAW_WRITES if key not in found] == []


def domain_models():
    for label in PRODUCT_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.abstract or model._meta.proxy or model._meta.model_name.startswith("historical"):
                continue
            yield model


def test_every_domain_model_keeps_its_history():
    missing = [
        m._meta.label_lower for m in domain_models()
        if not hasattr(m, "history") and m._meta.label_lower not in NO_HISTORY
    ]
    assert missing == [], f"models whose changes are not kept (add HistoricalRecords or a reason): {missing}"


def test_the_exemptions_are_real_models_without_history():
    models = {m._meta.label_lower: m for m in domain_models()}
    stale = [label for label in NO_HISTORY if label not in models or hasattr(models[label], "history")]
    assert stale == [], f"exemptions for models that are gone or have a history now: {stale}"


@pytest.mark.django_db
def test_a_new_club_gets_its_check_lists_with_their_history():
    club = Club.objects.create(name="New Club", code="new")
    for model in (GroomingItem, HygieneItem, QualityCriterion):
        items = model.objects.filter(club=club)
        assert items.count() == len(model.DEFAULTS), model.__name__
        assert model.history.filter(club=club, history_type="+").count() == len(model.DEFAULTS)


# --- The change page ---------------------------------------------------------------------------


def history_url(obj):
    return reverse("staff:record_history", args=[obj._meta.label_lower, obj.pk])


@pytest.fixture
def edited_day(world, client):
    """An attendance day of technician A1 that the store manager changed from present to late."""
    client.force_login(world.store_manager.user)
    day = Attendance(person=world.technician, club=world.club1, date="2026-11-02", status="present")
    day._history_user = world.supervisor_a.user
    day.save()
    day.status = "late"
    day.late_minutes = 12
    day._history_user = world.store_manager.user
    day.save()
    client.logout()
    return day


def test_a_manager_sees_who_changed_what_from_what_to_what(client, world, edited_day):
    client.force_login(world.store_manager.user)
    page = client.get(history_url(edited_day))
    assert page.status_code == 200
    text = page.content.decode()
    assert "store_manager" in text and "supervisor_a" in text
    # old → new, by the field's label and the choice's display name
    change = page.context["changes"][0]
    assert change["record"].history_user == world.store_manager.user
    rows = {str(row["field"]): (str(row["old"]), str(row["new"])) for row in change["rows"]}
    status = str(Attendance._meta.get_field("status").verbose_name)
    assert rows[status] == (str(dict(Attendance._meta.get_field("status").flatchoices)["present"]),
                            str(dict(Attendance._meta.get_field("status").flatchoices)["late"]))
    assert page.context["changes"][-1]["created"]


@pytest.mark.parametrize("persona, status", [
    ("owner", 200), ("store_manager", 200),
    ("store_manager_2", 404),  # another club: its existence is not revealed
    ("supervisor_a", 403), ("technician", 403), ("tech_manager", 403), ("marketing", 403),
    ("anonymous", 302),
])
def test_who_may_read_a_records_changes(client, world, edited_day, persona, status):
    if persona != "anonymous":
        client.force_login(getattr(world, persona).user)
    assert client.get(history_url(edited_day)).status_code == status


def test_club_two_records_are_not_found_for_club_one(client, world):
    client.force_login(world.store_manager.user)
    assert client.get(history_url(world.holiday_2)).status_code == 404
    assert client.get(history_url(world.holiday_1)).status_code == 200
    client.force_login(world.store_manager_2.user)
    assert client.get(history_url(world.holiday_2)).status_code == 200


def test_records_without_a_club_are_the_owners(client, world):
    client.force_login(world.store_manager.user)
    assert client.get(history_url(world.owner)).status_code == 404
    client.force_login(world.owner.user)
    assert client.get(history_url(world.owner)).status_code == 200


@pytest.mark.parametrize("label", ["auth.user", "staff.historicalperson", "staff.notice", "nothing.here",
                                   "sessions.session"])
def test_only_domain_models_with_a_history_have_a_page(client, world, label):
    client.force_login(world.owner.user)
    assert client.get(reverse("staff:record_history", args=[label, 1])).status_code == 404


def test_a_missing_record_is_not_found(client, world):
    client.force_login(world.owner.user)
    assert client.get(reverse("staff:record_history", args=["staff.holiday", 999999])).status_code == 404


def test_the_page_takes_only_get(client, world):
    client.force_login(world.owner.user)
    assert client.post(history_url(world.holiday_1)).status_code == 405


def test_a_checklist_shows_the_changes_of_its_items(client, world):
    item = world.item_a
    item.state = "done"
    item.note = "towels folded"
    item._history_user = world.supervisor_a.user
    item.save()
    client.force_login(world.store_manager.user)
    page = client.get(history_url(world.checklist_a))
    assert page.status_code == 200
    groups = page.context["child_groups"]
    assert groups, "the items' changes are listed on the checklist's page"
    assert "towels folded" in page.content.decode()


def test_a_month_lock_and_a_holiday_keep_their_history(world):
    lock = MonthLock.objects.create(club=world.club1, month="2026-01-01", locked_by=world.store_manager)
    assert lock.history.count() == 1
    holiday = Holiday.objects.get(pk=world.holiday_1.pk)
    holiday.name = "Golden Week"
    holiday.save()
    assert [h.name for h in holiday.history.order_by("history_id")] == ["National Day", "Golden Week"]


def test_managers_find_the_link_on_the_record_pages(client, world):
    client.force_login(world.store_manager.user)
    page = client.get(reverse("duties:checklist_detail", args=[world.checklist_a.pk]))
    assert history_url(world.checklist_a) in page.content.decode()
    client.force_login(world.supervisor_a.user)
    page = client.get(reverse("duties:checklist_detail", args=[world.checklist_a.pk]))
    assert page.status_code == 200
    assert history_url(world.checklist_a) not in page.content.decode()


def test_each_record_is_found_in_its_club(world, settings, tmp_path):
    """The club that decides who reads a record's history, for records that hang on other records."""
    from meetings.tests.targets import meeting_targets
    from staff.history import club_of, history_model
    from training.tests.factories import training_targets

    settings.MEDIA_ROOT = str(tmp_path)
    found = {**training_targets(world), **meeting_targets(world), "item_a": world.item_a,
             "checklist_a": world.checklist_a, "team_2": world.team_2, "technician_2": world.technician_2}
    checked = 0
    for name, obj in found.items():
        if history_model(obj._meta.label_lower) is None:
            continue
        expected = world.club2 if name.endswith("_2") else world.club1
        if name.startswith("tr_competition"):
            continue  # a competition may be chain-wide
        assert club_of(obj) == expected, name
        checked += 1
    assert checked > 20
