"""Business figures' part of the access matrix (tests/test_access_matrix.py).

The owner and each club's store manager read, enter and import their club's figures and keep its
tokens; everyone else of the club gets 403, another club's figures (``?club=``) are a 404. The JSON
endpoint takes no session at all: a GET is a 405 for everyone, a POST without a token a 401.
"""

from tests.policy import expect, other_club

KEEPERS = expect(403, owner=200, store_manager=200, store_manager_2=200)
PAGES = ["business:figures", "business:day", "business:import", "business:template", "business:tokens"]

POLICY = {
    **{(name, None): KEEPERS for name in PAGES},
    **{(name, "?club=club2"): other_club(KEEPERS) for name in PAGES},
    ("business:api_import", None): expect(405, anonymous=405, left=405, left_login=405),
}

VARIANTS = {
    ("business:figures", None): ["month=2026-01", "month=March"],
    ("business:day", None): ["date=2026-01-05", "date=never", "date=2099-01-01"],
    ("business:template", None): ["format=csv", "date=2026-01-05"],
    ("business:template", "?club=club2"): ["format=csv"],
}

# A POST without a token is refused whoever is signed in: the endpoint reads no session.
POST_POLICY = {
    ("business:api_import", None): expect(401, anonymous=401, left=401, left_login=401),
}

POST_BODIES = {
    "business:day": {"revenue": "1", "customers_served": "2"},
    "business:import": {"lock_reason": "intruder"},
    "business:tokens": {"name": "Intruder till"},
    "business:api_import": {"rows": "[]"},
}
