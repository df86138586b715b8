"""Reading a page never changes data: every GET-able URL, as the people who use ClubOps most.

Each URL of the access policy (``tests/test_access_matrix.py``) is opened with GET as the owner,
a store manager, a supervisor and a technician, whatever status they get. After each request
every table's row count, highest id and latest change time must be as before; after each
person's round, every row of every table must be as before (this catches a change in place
that moves no timestamp, e.g. a notice marked read).
"""

import pytest
from django.conf import settings
from django.apps import apps
from django.db import connection, models

# The access matrix's URL table, its way of building a URL, and its fixtures that add the
# objects the URLs open (autouse: imported here, they apply to this module's tests too).
from tests.test_access_matrix import (  # noqa: F401
    app_objects,
    ADMIN_SAMPLES,
    POLICY,
    floor_objects,
    meeting_objects,
    report_objects,
    sign_in,
    training_objects,
    url_for,
)

pytestmark = pytest.mark.timeless  # whether a GET writes does not depend on the day: a --clock replay leaves it out

PERSONAS = ["owner", "store_manager", "supervisor_a", "technician"]

# URLs not (yet) in the access policy that are read with GET all the same.
EXTRA_URLS = [("staff:record_history", "history_person"), ("staff:record_history", "history_checklist")]

# Tables a GET may write, and why; every other table of every installed app is checked.
BOOKKEEPING = {
    # The session's expiry moves on every request (SESSION_SAVE_EVERY_REQUEST: idle expiry).
    "sessions.session": "the session's idle expiry is renewed by each request",
    # Sign-in attempts; a GET of a page is not a sign-in, but these are the sign-in log by nature.
    "axes.accessattempt": "sign-in throttling log, written by sign-in only",
    "axes.accesslog": "sign-in log, written by sign-in and sign-out",
    "axes.accessfailurelog": "failed sign-in log",
}
# Product tables a GET may write, and why. None: even the report's snapshots are built off the
# request (a GET of a month without a fresh snapshot computes it live and queues the build).
DERIVED = {}


@pytest.fixture(autouse=True)
def history_targets(request):
    """A person and a checklist whose change history the history page opens."""
    if "world" not in request.fixturenames:
        return
    world = request.getfixturevalue("world")
    world.targets.update({
        "history_person": _history_target(world.technician),
        "history_checklist": _history_target(world.checklist_a),
    })


class _Path:
    def __init__(self, *args):
        self.pk = args


def _history_target(obj):
    return _Path(obj._meta.label_lower, obj.pk)


def checked_models():
    skip = {**BOOKKEEPING, **DERIVED}
    return [m for m in apps.get_models() if m._meta.label_lower not in skip and m._meta.managed]


def _change_fields(model):
    """Fields that move when a row is written: auto-now times, history dates, ``*updated*``/``*changed*`` times."""
    names = []
    for field in model._meta.concrete_fields:
        if not isinstance(field, (models.DateTimeField, models.DateField)):
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False) or field.name == "history_date" \
                or any(word in field.name for word in ("updated", "changed", "modified", "read_at", "last_")):
            names.append(field.name)
    return names


def _fingerprint_sql():
    """One query: per table, its row count, highest id and the latest value of each moving field."""
    quote = connection.ops.quote_name
    columns, labels = [], []
    for model in checked_models():
        table = quote(model._meta.db_table)
        columns.append(f"(SELECT COUNT(*) FROM {table})")
        columns.append(f"(SELECT MAX({quote(model._meta.pk.column)}) FROM {table})")
        labels += [model._meta.label_lower] * 2
        for name in _change_fields(model):
            columns.append(f"(SELECT MAX({quote(model._meta.get_field(name).column)}) FROM {table})")
            labels.append(model._meta.label_lower)
    return "SELECT " + ", ".join(columns), labels


def fingerprint():
    """{table: (rows, highest id, latest change times...)}."""
    sql, labels = _fingerprint_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        values = cursor.fetchone()
    result = {}
    for label, value in zip(labels, values):
        result.setdefault(label, []).append(value)
    return result


def every_row():
    return {m._meta.label_lower: list(m._base_manager.order_by("pk").values()) for m in checked_models()}


def _differences(before, after):
    return sorted(label for label in before if before[label] != after.get(label))


def urls(world):
    seen = []
    for name, target in [*POLICY, *ADMIN_SAMPLES, *EXTRA_URLS]:
        try:
            url = url_for(name, target, world)
        except Exception as error:  # noqa: BLE001 - a URL that cannot be built is reported, not skipped
            pytest.fail(f"cannot build {name}[{target}]: {error}")
        if url not in seen:
            seen.append(url)
    return seen


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_get_changes_data(client, world, persona):
    sign_in(client, world, persona)
    client.get("/")  # the first request after signing in may touch the session only
    targets = urls(world)
    assert len(targets) > 100, "the access policy should list every page"
    writes = []
    rows_before = every_row()
    for url in targets:
        before = fingerprint()
        response = client.get(url)
        changed = _differences(before, fingerprint())
        if changed:
            writes.append(f"GET {url} ({response.status_code}) wrote to {changed}")
    changed = _differences(rows_before, every_row())
    if changed:
        writes.append(f"the GETs as {persona} changed rows in place in {changed}")
    assert writes == [], "\n".join(writes)


def test_the_fingerprint_sees_a_write(world):
    """The check itself: a new row, and a change in place, are both seen."""
    from staff.models import Notice

    before, rows = fingerprint(), every_row()
    notice = Notice.objects.create(person=world.technician, kind="test", date="2026-01-01", text="x")
    assert "staff.notice" in _differences(before, fingerprint())
    rows = every_row()
    Notice.objects.filter(pk=notice.pk).update(text="y")
    assert _differences(rows, every_row()) == ["staff.notice"]


def test_bookkeeping_tables_exist():
    """Each excused table is a real table of an installed app (no stale excuse hides a product table)."""
    labels = {m._meta.label_lower for m in apps.get_models()}
    assert set(BOOKKEEPING) | set(DERIVED) <= labels
    product = set(settings.PRODUCT_APPS)
    assert not [label for label in BOOKKEEPING if label.split(".")[0] in product]
