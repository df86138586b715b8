"""The kernel's own part of the access table (tests/test_access_matrix.py): editing a club, reopening a team.

Only the owner edits a club (its own store manager gets a 403, another club's a 404); the owner and the
club's store manager reopen a closed team of the club.
"""

from tests.policy import club1, club2

POLICY = {
    ("staff:club_edit", "club1"): club1(["owner"]),
    ("staff:club_edit", "club2"): {**club2(["owner"]), "store_manager_2": 403},
    ("staff:team_reopen", "closed_team_1"): club1(["owner", "store_manager"]),
    ("staff:team_reopen", "closed_team_2"): club2(["owner", "store_manager_2"]),
}

POST_BODIES = {
    "staff:club_edit": {"name": "Intruder club", "code": "intruder", "address": "", "time_zone": "Asia/Shanghai"},
    "staff:team_reopen": {"reason": "intruder"},
}


def targets(world):
    """A team closed last year in each club (the same name in both: not a name only club 2 has)."""
    import datetime

    from staff.models import Team

    closed = datetime.date(2025, 6, 30)
    return {
        "closed_team_1": Team.objects.create(club=world.club1, department=world.team_a.department, name="Old team",
                                             closed_on=closed),
        "closed_team_2": Team.objects.create(club=world.club2, department=world.team_2.department, name="Old team",
                                             closed_on=closed),
    }
