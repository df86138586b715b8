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


def test_positions_at_reads_each_club_moment_as_with_position_at(world):
    """``positions_at`` (the checklists' positions, one read per person and moment) answers as ``with_position_at``
    for a promotion between two clubs' month ends (Shanghai's midnight comes eight hours before London's)."""
    import datetime
    import zoneinfo

    from reports.selectors import positions_at, with_position_at
    from staff.models import Person

    person = world.supervisor_a
    Person.history.filter(id=person.pk).update(history_date=datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC))
    person.position = Role.TECHNICIAN_MANAGER
    person.save()
    promoted = Person.history.filter(id=person.pk).latest("history_date", "history_id")
    Person.history.filter(pk=promoted.pk).update(history_date=datetime.datetime(2026, 10, 31, 20, tzinfo=datetime.UTC))
    late = world.technician  # first recorded after both moments: the position first recorded
    Person.history.filter(id=late.pk).update(history_date=datetime.datetime(2026, 11, 5, tzinfo=datetime.UTC))
    shanghai = datetime.datetime(2026, 11, 1, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    london = datetime.datetime(2026, 11, 1, tzinfo=zoneinfo.ZoneInfo("Europe/London"))

    held = positions_at([person.pk, late.pk], [shanghai, london, shanghai])

    assert held[(person.pk, shanghai)] == Role.SUPERVISOR and held[(person.pk, london)] == Role.TECHNICIAN_MANAGER
    assert held[(late.pk, shanghai)] == held[(late.pk, london)] == late.position
    for at in (shanghai, london):
        expected = with_position_at(Person.objects.filter(pk__in=[person.pk, late.pk]), {person.club_id: at})
        assert {(p.pk, at): p.position_then for p in expected} == {k: v for k, v in held.items() if k[1] == at}
