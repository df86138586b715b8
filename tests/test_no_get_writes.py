"""Reading a page never changes data: every GET-able URL, as the people who use ClubOps most.

Each URL of the access policy (``tests/test_access_matrix.py``) is opened with GET as the owner,
a store manager, a supervisor and a technician, whatever status they get. Each request must run no
INSERT, UPDATE or DELETE outside the bookkeeping tables (the SQL it runs is read, as the access
matrix reads a refused POST's: a write rolled back or rewriting a row with its own values shows
too); after each person's round, every row of every table must be as before.
"""

import pytest
from django.conf import settings
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

# The access matrix's URL table, its way of building a URL, and its fixtures that add the
# objects the URLs open (autouse: imported here, they apply to this module's tests too).
from tests.test_access_matrix import (  # noqa: F401
    app_objects,
    data_writes,
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
    # The session's idle deadline moves on with the requests (written at most once a minute, clubops.sessions).
    "sessions.session": "the session's idle deadline is moved on by the requests",
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
        with CaptureQueriesContext(connection) as ran:
            response = client.get(url)
        written = data_writes(ran.captured_queries)
        if written:
            writes.append(f"GET {url} ({response.status_code}) wrote: {written[:3]}")
    changed = _differences(rows_before, every_row())
    if changed:
        writes.append(f"the GETs as {persona} changed rows in place in {changed}")
    assert writes == [], "\n".join(writes)


def test_the_row_check_sees_a_change_in_place(world):
    """The check itself: a change in place that moves no time is seen by the round's row comparison (each
    request's INSERT, UPDATE and DELETE statements are checked by ``data_writes``, tested with the access matrix)."""
    from staff.models import Notice

    notice = Notice.objects.create(person=world.technician, kind="test", date="2026-01-01", text="x")
    rows = every_row()
    Notice.objects.filter(pk=notice.pk).update(text="y")
    assert _differences(rows, every_row()) == ["staff.notice"]


def test_bookkeeping_tables_exist():
    """Each excused table is a real table of an installed app (no stale excuse hides a product table)."""
    labels = {m._meta.label_lower for m in apps.get_models()}
    assert set(BOOKKEEPING) | set(DERIVED) <= labels
    product = set(settings.PRODUCT_APPS)
    assert not [label for label in BOOKKEEPING if label.split(".")[0] in product]
