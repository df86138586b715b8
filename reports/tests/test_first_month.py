"""A club's first report month: the month it was created, or of its first hire if earlier; worked out once per
club object, and again when what it is made of changes."""

import datetime

from reports.selectors import clubs_with_first_month, first_month
from staff.models import Club


def test_it_follows_the_first_hire_and_the_time_zone_when_they_change():
    club = Club(name="Test club", code="TC", time_zone="Asia/Shanghai",
                created_at=datetime.datetime(2026, 2, 28, 17, 0, tzinfo=datetime.UTC))  # 1 March 01:00 in Shanghai
    assert first_month(club) == datetime.date(2026, 3, 1)
    assert first_month(club) == datetime.date(2026, 3, 1)  # asked again: the same
    club.time_zone = "Europe/London"  # still 28 February there
    assert first_month(club) == datetime.date(2026, 2, 1)
    club.first_hire = datetime.date(2025, 11, 5)
    assert first_month(club) == datetime.date(2025, 11, 1)


def test_clubs_read_with_their_first_hire_start_with_it(world):
    hired = min(p.hire_date for p in world.club1.people.all())
    club = clubs_with_first_month(Club.objects.filter(pk=world.club1.pk))[0]
    assert club.first_hire == hired
    assert first_month(club) <= hired.replace(day=1)
