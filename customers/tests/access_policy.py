"""Customers' part of the access matrix (tests/test_access_matrix.py).

The customer pages are the marketing department's (the marketing director ``marketing``, the
customer manager ``customer_manager``), the club's store manager's and the owner's; everyone else of the
club gets 403, another club's customer, event or visit a 404. The full file (phone, birthday, health
notes) is a logged POST: the owner, the store manager, the marketing director and the customer's own
customer manager. The export (a POST) is the store manager's and the owner's. Club 1: ``cu_customer_1``
(looked after by the customer manager), ``cu_event_1`` (owned by them), ``cu_visit_1`` (made by them).
"""

from tests.policy import OK, club1, club2, expect, other_club

MARKETING = ["owner", "store_manager", "store_manager_2", "marketing", "customer_manager"]
SEERS = expect(403, **{p: 200 for p in MARKETING})
LEADS = expect(403, owner=200, store_manager=200, store_manager_2=200, marketing=200)
CLUB1 = ["owner", "store_manager", "marketing", "customer_manager"]
CLUB2 = ["owner", "store_manager_2"]
LIST_PAGES = ["customers:list", "customers:add", "customers:events", "customers:event_add", "customers:visits",
              "customers:visit_add", "customers:figures", "customers:arrivals"]

POLICY = {
    **{(name, None): SEERS for name in LIST_PAGES},
    **{(name, "?club=club2"): other_club(SEERS) for name in LIST_PAGES},
    ("customers:access_log", None): LEADS,
    ("customers:access_log", "?club=club2"): other_club(LEADS),
    ("customers:export", None): expect(405),
    ("customers:detail", "cu_customer_1"): club1(CLUB1),
    ("customers:detail", "cu_customer_2"): club2(CLUB2),
    ("customers:full", "cu_customer_1"): expect(405),
    ("customers:edit", "cu_customer_1"): expect(405),
    ("customers:contact_add", "cu_customer_1"): club1(CLUB1),
    ("customers:contact_add", "cu_customer_2"): club2(CLUB2),
    ("customers:anonymise", "cu_customer_1"): club1(["owner", "store_manager", "marketing"]),
    ("customers:anonymise", "cu_customer_2"): club2(CLUB2),
    ("customers:event_detail", "cu_event_1"): club1(CLUB1),
    ("customers:event_detail", "cu_event_2"): club2(CLUB2),
    ("customers:event_edit", "cu_event_1"): club1(CLUB1),
    ("customers:event_edit", "cu_event_2"): club2(CLUB2),
    ("customers:visit_edit", "cu_visit_1"): club1(CLUB1),
    ("customers:visit_edit", "cu_visit_2"): club2(CLUB2),
    ("customers:arrival_edit", "cu_arrival_1"): club1(CLUB1),
    ("customers:arrival_edit", "cu_arrival_2"): club2(CLUB2),
}

VARIANTS = {
    ("customers:list", None): ["mine=1", "level=vip&q=One", "level=nonsense&page=99"],
    ("customers:figures", None): ["month=2026-01", "month=never"],
}

POST_POLICY = {
    ("customers:export", None): expect(403, owner=OK, store_manager=OK, store_manager_2=OK),
    ("customers:full", "cu_customer_1"): club1([], owner=OK, store_manager=OK, marketing=OK, customer_manager=OK),
    ("customers:edit", "cu_customer_1"): club1([], owner=OK, store_manager=OK, marketing=OK, customer_manager=OK),
}

POST_BODIES = {
    "customers:add": {"name": "Intruder", "level": "member", "source": "walk_in"},
    "customers:export": {},
    "customers:full": {},
    "customers:edit": {"name": "Intruder", "level": "member", "source": "walk_in"},
    "customers:contact_add": {"date": "2026-01-05", "kind": "call", "outcome": "Intruder"},
    "customers:anonymise": {"confirm": "on"},
    "customers:event_add": {"title": "Intruder event", "kind": "forum", "date": "2026-01-05", "owner": "1",
                            "invited": "0", "signed_up": "0", "attended": "0", "topups": "0"},
    "customers:event_edit": {"title": "Intruder event", "kind": "forum", "date": "2026-01-05", "owner": "1",
                             "invited": "0", "signed_up": "0", "attended": "0", "topups": "0"},
    "customers:visit_add": {"date": "2026-01-05", "kind": "chamber", "organisation": "Intruder"},
    "customers:visit_edit": {"date": "2026-01-05", "kind": "chamber", "organisation": "Intruder"},
    "customers:arrivals": {"customer": "1", "date": "2026-01-05", "receiver": "1"},
    "customers:arrival_edit": {"customer": "1", "date": "2026-01-05", "receiver": "1", "arrived": "on"},
}


def targets(world):
    from customers.tests.factories import customer_targets

    return customer_targets(world)
