"""The floor's own part of the access table (tests/test_access_matrix.py): a club's grooming and hygiene items.

The owner and each club's store manager list, add, edit and retire their club's items; everyone else of the
club gets a 403, another club's item is a 404.
"""

from tests.policy import club1, club2, expect, other_club

MANAGES = expect(403, owner=200, store_manager=200, store_manager_2=200)

# The installable app's service worker and manifest: public, nothing personal (attendance/views/offline.py).
PUBLIC = expect(200, anonymous=200, left=200, left_login=200)

POLICY = {
    ("service_worker", None): PUBLIC,
    ("web_manifest", None): PUBLIC,
    ("attendance:check_items", None): MANAGES,
    ("attendance:check_items", "?club=club2"): other_club(MANAGES),
    ("attendance:grooming_item_add", None): MANAGES,
    ("attendance:grooming_item_add", "?club=club2"): other_club(MANAGES),
    ("attendance:grooming_item_edit", "grooming_item_1"): club1(["owner", "store_manager"]),
    ("attendance:grooming_item_edit", "grooming_item_2"): club2(["owner", "store_manager_2"]),
    ("attendance:grooming_item_retire", "grooming_item_1"): expect(405),
    ("attendance:hygiene_item_add", None): MANAGES,
    ("attendance:hygiene_item_edit", "hygiene_item_1"): club1(["owner", "store_manager"]),
    ("attendance:hygiene_item_edit", "hygiene_item_2"): club2(["owner", "store_manager_2"]),
    ("attendance:hygiene_item_retire", "hygiene_item_1"): expect(405),
}

POST_POLICY = {
    ("attendance:grooming_item_retire", "grooming_item_1"): club1(["owner", "store_manager"]),
    ("attendance:hygiene_item_retire", "hygiene_item_1"): club1(["owner", "store_manager"]),
}

POST_BODIES = {
    "attendance:grooming_item_add": {"name": "Intruder item", "order": "9"},
    "attendance:grooming_item_edit": {"name": "Intruder wording", "order": "1", "is_active": "on"},
    "attendance:grooming_item_retire": {"active": "0"},
    "attendance:hygiene_item_add": {"name": "Intruder item", "order": "9"},
    "attendance:hygiene_item_edit": {"name": "Intruder wording", "order": "1", "is_active": "on"},
    "attendance:hygiene_item_retire": {"active": "0"},
}


def targets(world):
    from attendance.models import GroomingItem, HygieneItem

    for club in (world.club1, world.club2):
        GroomingItem.ensure_defaults(club)
        HygieneItem.ensure_defaults(club)
    return {
        "grooming_item_1": GroomingItem.objects.filter(club=world.club1).order_by("pk").first(),
        "grooming_item_2": GroomingItem.objects.filter(club=world.club2).order_by("pk").first(),
        "hygiene_item_1": HygieneItem.objects.filter(club=world.club1).order_by("pk").first(),
        "hygiene_item_2": HygieneItem.objects.filter(club=world.club2).order_by("pk").first(),
    }
