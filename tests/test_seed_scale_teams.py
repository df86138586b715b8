"""``seed_scale`` for a club of many teams (its own module: test_seed_scale.py holds a seeded chain for the module)."""

import pytest

from staff.models import Person, Role, Team


@pytest.mark.clock("2026-12-02T09:00:00+08:00")
def test_a_club_with_ten_or_more_teams_gets_a_login_for_every_technician(db):
    """Logins come from the team's number: "1组" and "10组" used to collide on their first character."""
    from demo.scale import seed_scale

    seed_scale(clubs=1, staff=150, months=0, report=lambda *_args: None)
    assert Team.objects.count() >= 10
    technicians = Person.objects.filter(position=Role.TECHNICIAN)
    assert technicians.filter(user__isnull=True).count() == 0
    logins = list(technicians.values_list("user__username", flat=True))
    assert len(logins) == len(set(logins))
