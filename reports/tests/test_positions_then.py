"""Per-position figures count each person in the position held at the month's end, not today's."""

from reports.selectors import clubs_with_first_month, live_figures
from staff.models import Club, Role

from .month import MONTH, READ_IN_NOVEMBER, build_month

pytestmark = READ_IN_NOVEMBER


def positions(world):
    clubs = clubs_with_first_month(Club.objects.filter(pk=world.club1.pk))
    return live_figures(clubs, MONTH)[world.club1.pk]["checklists"]["positions"]


def test_it_keeps_checklist_completion_in_the_position_held_at_the_month_s_end(world):
    build_month(world)
    before = positions(world)
    assert before["supervisor"]["total"] == 2 and before["supervisor"]["done"] == 1
    # Promoted in November (the clock reads 20 November): October's supervisor checklists stay a supervisor's.
    world.supervisor_a.position = Role.TECHNICIAN_MANAGER
    world.supervisor_a.save()
    after = positions(world)
    assert after == before
    assert Role.TECHNICIAN_MANAGER not in after
