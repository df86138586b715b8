"""The personas of the access matrix and the helpers that write its table (tests/test_access_matrix.py).

An app may keep its own part of the table in ``<app>/tests/access_policy.py`` (see ``app_policies``),
written with these helpers.
"""

import importlib
import importlib.util

# ``left``: a person marked as left whose login was switched off with them (their open session
# must stop working); ``left_login``: a person marked as left whose login is still switched on
# (e.g. marked as left in the admin) — neither may ever get data.
PERSONAS = [
    "anonymous", "left", "left_login", "technician", "customer_manager", "supervisor_a", "supervisor_b",
    "marketing", "care_manager", "tech_manager", "dept_manager",
    "store_manager", "store_manager_2", "owner",
]
HEADS = {"marketing", "care_manager", "tech_manager", "dept_manager"}
# Sent to the sign-in page, or refused with a 403: never a page of data.
REFUSED = "302 to sign in, or 403"
SIGNED_OUT = {"anonymous": 302, "left": 302, "left_login": REFUSED}
# Everyone who belongs to club 1 and is still working there.
CLUB_ONE = [p for p in PERSONAS if p not in SIGNED_OUT and p not in ("store_manager_2", "owner")]


def expect(default, **overrides):
    """Statuses for every persona: signed-out people are sent to sign in unless said otherwise."""
    table = {persona: default for persona in PERSONAS}
    table.update(SIGNED_OUT)
    if default == 405:
        # A URL that takes only POST may answer a signed-in GET with 405 before it looks at who asks.
        table["left_login"] = (405, REFUSED)
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
# Who keeps the floor's hygiene, consumables and service-quality records (attendance.access.may_keep_floor_records).
FLOOR_KEEPERS = ["owner", "store_manager", "store_manager_2", "care_manager", "tech_manager", "dept_manager",
                 "supervisor_a", "supervisor_b"]


def other_club(base, refused_first=False):
    """``?club=<club 2>`` on a page that picks its club so: as on the page for the owner and store
    manager 2; a 404 for everyone of club 1 (another club's existence is not confirmed), except,
    with ``refused_first``, those refused the page whatever its club (403)."""
    table = dict(base)
    table.update({persona: 404 for persona in CLUB_ONE if not (refused_first and base[persona] == 403)})
    return table



# A POST the policy permits (the refused-POST check skips it).
OK = "ok"


def app_policies(apps):
    """The ``<app>.tests.access_policy`` modules of ``apps`` that exist."""
    found = []
    for app in apps:
        name = f"{app}.tests.access_policy"
        if importlib.util.find_spec(f"{app}.tests") and importlib.util.find_spec(name):
            found.append(importlib.import_module(name))
    return found
